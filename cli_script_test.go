//go:build !wasm

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestCLIScripts runs the scripts in testdata/script, as age and smallstep
// test their CLIs: each one runs pinlab the way a person or a script does.
// The certificate fixtures of pinlib are copied into each script's $WORK.
func TestCLIScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			for _, dir := range []string{"vectors", "openssl"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, dir), os.DirFS(filepath.Join("pinlib", "testdata", dir))); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":  cmdExits,
			"mkfile": cmdMkfile,
			"mkcert": cmdMkcert,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				// Permissions do not stop root: a chmod 000 file stays readable.
				return os.Geteuid() == 0, nil
			}
			return false, errors.New("unknown condition " + cond)
		},
	})
}

// cmdExits runs a command like exec and fails unless it exits with the
// given status: `exits 2 pinlab pins missing.pem`. exec only tells zero
// from non-zero, and the exit codes are a contract.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

// cmdMkfile makes a file of that many bytes, zeros, without writing them
// (sparse): `mkfile big.pem 52428800`.
func cmdMkfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkfile NAME SIZE")
	}
	size, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		ts.Fatalf("mkfile: bad size %q", args[1])
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(f.Truncate(size))
	ts.Check(f.Close())
}

// cmdMkcert writes a fresh self-signed leaf certificate as PEM, its common
// name read with Go's escapes so a script can ask for any character:
// `mkcert evil.pem 'api.\u202emoc.lapyap' api.example.com`. The key is
// generated each time, so no script can hold its pins.
func cmdMkcert(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: mkcert FILE COMMON-NAME [DNS-NAME...]")
	}
	cn, err := strconv.Unquote(`"` + strings.ReplaceAll(args[1], `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("mkcert: common name %q: %v", args[1], err)
	}
	pemText, err := selfSignedPEM(cn, args[2:]...)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), pemText, 0o644))
}

// selfSignedPEM makes a self-signed leaf certificate for the DNS names, with
// a fresh P-256 key, valid from an hour ago for a year.
func selfSignedPEM(cn string, dns ...string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"pinlab tests"}},
		DNSNames:              dns,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
