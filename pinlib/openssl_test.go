//go:build !js

// These tests compare pinlib with the openssl command line, which is not
// available under GOOS=js. Elsewhere openssl must be installed: they fail
// rather than skip without it.

package pinlib

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sh runs a bash pipeline in dir (pipefail: a failing openssl must not
// pass as empty output) and returns its trimmed stdout.
func sh(t *testing.T, dir, script string) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("openssl is required for this test: %v", err)
	}
	cmd := exec.Command("bash", "-c", "set -eo pipefail; "+script)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const opensslSPKIPin = "openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64"

// fingerprint extracts the value of `openssl x509 -noout -fingerprint`.
func fingerprint(out string) string {
	_, v, _ := strings.Cut(out, "=")
	return v
}

// TestPinsAgainstOpenSSL: certificates of every key type generated in Go,
// hashed by openssl.
func TestPinsAgainstOpenSSL(t *testing.T) {
	dir := t.TempDir()
	rsa2048, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	keys := []struct {
		name string
		key  crypto.Signer
		desc string
	}{
		{"rsa2048", rsa2048, "RSA 2048"},
		{"rsa1024", weakRSAKey(t), "RSA 1024"},
		{"p256", p256, "ECDSA P-256"},
		{"p384", p384, "ECDSA P-384"},
		{"p521", p521, "ECDSA P-521"},
		{"ed25519", ed, "Ed25519"},
	}
	for _, k := range keys {
		t.Run(k.name, func(t *testing.T) {
			c := mint(t, spec{cn: k.name + ".example", dns: []string{k.name + ".example"}, key: k.key}, nil)
			f := write(t, dir, k.name+".pem", c.pem())
			b := ReadAt(testNow, Input{Name: k.name, Data: c.pem()})
			if len(b.Certificates) != 1 {
				t.Fatalf("errors %v", b.Errors)
			}
			got := b.Certificates[0]
			if want := sh(t, dir, "openssl x509 -in "+f+" -pubkey -noout | "+opensslSPKIPin); got.Pins.SPKISHA256Base64() != want {
				t.Errorf("SPKI pin %s, openssl %s", got.Pins.SPKISHA256Base64(), want)
			}
			if want := sh(t, dir, "openssl x509 -in "+f+" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha1 -binary | base64"); got.Pins.SPKISHA1Base64() != want {
				t.Errorf("SPKI SHA-1 %s, openssl %s", got.Pins.SPKISHA1Base64(), want)
			}
			if want := fingerprint(sh(t, dir, "openssl x509 -in "+f+" -noout -fingerprint -sha256")); got.Pins.CertSHA256Colon() != want {
				t.Errorf("SHA-256 fingerprint %s, openssl %s", got.Pins.CertSHA256Colon(), want)
			}
			if want := fingerprint(sh(t, dir, "openssl x509 -in "+f+" -noout -fingerprint -sha1")); got.Pins.CertSHA1Colon() != want {
				t.Errorf("SHA-1 fingerprint %s, openssl %s", got.Pins.CertSHA1Colon(), want)
			}
			if got.KeyType() != k.desc {
				t.Errorf("KeyType %q, want %q", got.KeyType(), k.desc)
			}
			if want := sh(t, dir, "openssl x509 -in "+f+" -noout -serial"); "serial="+strings.ReplaceAll(got.Serial(), ":", "") != want {
				t.Errorf("Serial %s, openssl %s", got.Serial(), want)
			}

			// The same key as a bare PUBLIC KEY block, and for RSA as PKCS#1.
			spki, _ := x509.MarshalPKIXPublicKey(k.key.Public())
			pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})
			pf := write(t, dir, k.name+".pub", pub)
			kb := ReadAt(testNow, Input{Name: "pub", Data: pub})
			if want := sh(t, dir, "cat "+pf+" | "+opensslSPKIPin); len(kb.PublicKeys) != 1 || kb.PublicKeys[0].Pins.SPKISHA256Base64() != want {
				t.Errorf("PUBLIC KEY pin %v, openssl %s", kb.PublicKeys, want)
			}
			if rk, ok := k.key.Public().(*rsa.PublicKey); ok {
				pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(rk)})
				rf := write(t, dir, k.name+".rsapub", pkcs1)
				kb := ReadAt(testNow, Input{Name: "rsapub", Data: pkcs1})
				want := sh(t, dir, "openssl rsa -RSAPublicKey_in -in "+rf+" -pubout -outform der 2>/dev/null | openssl dgst -sha256 -binary | base64")
				if len(kb.PublicKeys) != 1 || kb.PublicKeys[0].Pins.SPKISHA256Base64() != want || want != got.Pins.SPKISHA256Base64() {
					t.Errorf("RSA PUBLIC KEY pin %v, openssl %s, certificate %s", kb.PublicKeys, want, got.Pins.SPKISHA256Base64())
				}
			}
		})
	}
}

// TestOpenSSLOutputs reads what openssl commands print, made fresh.
func TestOpenSSLOutputs(t *testing.T) {
	dir := t.TempDir()
	c := newChain3(t)
	chain := write(t, dir, "chain.pem", pemOf(c.leaf, c.inter, c.root))
	leaf := write(t, dir, "leaf.pem", c.leaf.pem())
	want := PinsOf(c.leaf.cert).OkHttp()
	tests := []struct {
		name   string
		script string
		certs  int
	}{
		{"x509 -text", "openssl x509 -in " + leaf + " -text", 1},
		{"x509 -text with -certopt", "openssl x509 -in " + leaf + " -text -certopt no_sigdump", 1},
		{"x509 -outform DER", "openssl x509 -in " + leaf + " -outform DER | base64", 1},
		{"x509 -trustout", "openssl x509 -in " + leaf + " -trustout -addtrust serverAuth", 1},
		{"crl2pkcs7 PEM", "openssl crl2pkcs7 -nocrl -certfile " + chain, 3},
		{"crl2pkcs7 DER as base64", "openssl crl2pkcs7 -nocrl -certfile " + chain + " -outform DER | base64 -w0", 3},
		{"pkcs7 -print_certs", "openssl crl2pkcs7 -nocrl -certfile " + chain + " | openssl pkcs7 -print_certs", 3},
		{"storeutl", "openssl storeutl -certs " + chain, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := sh(t, dir, tt.script)
			b := ReadAt(testNow, Input{Name: "openssl", Data: []byte(out)})
			if len(b.Errors) > 0 || len(b.Certificates) != tt.certs {
				t.Fatalf("errors %v, %d certificates, want %d", b.Errors, len(b.Certificates), tt.certs)
			}
			if got := b.Certificates[0].Pins.OkHttp(); got != want {
				t.Errorf("leaf pin %s, want %s", got, want)
			}
		})
	}
	// Binary DER straight from openssl.
	der := sh(t, dir, "openssl crl2pkcs7 -nocrl -certfile "+chain+" -outform DER -out p7.der && echo ok")
	if der != "ok" {
		t.Fatal(der)
	}
	b := ReadAt(testNow, Input{Name: "p7.der", Data: readFile(t, filepath.Join(dir, "p7.der"))})
	if len(b.Certificates) != 3 || b.Certificates[0].Pins.OkHttp() != want {
		t.Errorf("p7.der: %d certificates, errors %v", len(b.Certificates), b.Errors)
	}
}

// TestOpenSSLPrivateKeys: keys as openssl and ssh-keygen write them are
// discarded, alone or in a combined certificate+key file.
func TestOpenSSLPrivateKeys(t *testing.T) {
	dir := t.TempDir()
	leaf := write(t, dir, "leaf.pem", newChain3(t).leaf.pem())
	tests := []struct{ name, script string }{
		{"genpkey RSA (PKCS#8)", "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 2>/dev/null"},
		{"genrsa -traditional", "openssl genrsa -traditional 1024 2>/dev/null"},
		{"ecparam -genkey", "openssl ecparam -genkey -name prime256v1"},
		{"genpkey Ed25519", "openssl genpkey -algorithm ed25519"},
		{"encrypted PKCS#8", "openssl genpkey -algorithm ed25519 | openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret"},
		{"legacy encrypted PEM", "openssl genrsa -traditional 1024 2>/dev/null | openssl rsa -traditional -aes128 -passout pass:secret 2>/dev/null"},
		{"DER key as base64", "openssl genpkey -algorithm ed25519 -outform DER | base64"},
		{"certificate + key (haproxy style)", "cat " + leaf + "; openssl genpkey -algorithm ed25519"},
		{"key + certificate", "openssl genpkey -algorithm ed25519; cat " + leaf},
	}
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		tests = append(tests, struct{ name, script string }{"ssh-keygen", "ssh-keygen -q -t ed25519 -N '' -f k >/dev/null && cat k"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := sh(t, t.TempDir(), tt.script)
			b := ReadAt(testNow, Input{Name: "paste", Data: []byte(out)})
			if !hasCode(b, CodePrivateKeyDiscarded) || len(b.Errors) > 0 || len(b.PublicKeys) > 0 {
				t.Fatalf("codes %v, errors %v, %d keys", codes(b), b.Errors, len(b.PublicKeys))
			}
			report := reportJSON(t, b)
			for _, line := range strings.Split(out, "\n") {
				line = strings.TrimSpace(line)
				if len(line) >= 16 && !strings.Contains(line, "-----") && !strings.Contains(line, ":") && strings.Contains(report, line) {
					if !strings.Contains(string(readFile(t, leaf)), line) {
						t.Fatalf("key line %q reached the report", line)
					}
				}
			}
		})
	}
	// A DER key file dropped as binary.
	sh(t, dir, "openssl genpkey -algorithm ed25519 -outform DER -out k.der")
	key := readFile(t, filepath.Join(dir, "k.der"))
	b := ReadAt(testNow, Input{Name: "k.der", Data: key})
	if !hasCode(b, CodePrivateKeyDiscarded) || len(b.Errors) > 0 {
		t.Errorf("k.der: codes %v errors %v", codes(b), b.Errors)
	}
	if strings.Contains(reportJSON(t, b), base64.StdEncoding.EncodeToString(key)[:20]) {
		t.Error("key reached the report")
	}
}

// The committed fixtures really are what openssl says they are.
func TestFixturesAgainstOpenSSL(t *testing.T) {
	for _, v := range readVectors(t, "testdata/vectors/PINS.tsv") {
		f, _ := filepath.Abs("testdata/vectors/" + v.file)
		form := "PEM"
		if strings.HasSuffix(f, ".der") {
			form = "DER"
		}
		got := sh(t, ".", "openssl x509 -inform "+form+" -in "+f+" -pubkey -noout | "+opensslSPKIPin)
		if got != v.spki {
			t.Errorf("%s: openssl now says %s, PINS.tsv %s", v.file, got, v.spki)
		}
	}
}
