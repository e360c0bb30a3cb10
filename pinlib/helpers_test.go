package pinlib

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testNow is the reference time of most tests: the openssl fixtures and the
// Let's Encrypt intermediates are all valid then.
var testNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// spec describes a certificate to generate.
type spec struct {
	cn        string
	ca        bool
	pathLen   int // -1: no constraint; 0 with ca: pathlen:0
	dns       []string
	key       crypto.Signer // nil: a fresh P-256 key
	notBefore time.Time     // zero: testNow - 1 year
	notAfter  time.Time     // zero: testNow + 1 year
	noBC      bool          // omit basic constraints (a v3 certificate that may not sign)
	keyUsage  x509.KeyUsage // zero: a sensible default
}

// issued is a generated certificate with its key.
type issued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func (i *issued) pem() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: i.cert.Raw})
}

var serial int64 = 1000

// mint creates a certificate signed by parent (self-signed when parent is nil).
func mint(t testing.TB, s spec, parent *issued) *issued {
	t.Helper()
	key := s.key
	if key == nil {
		var err error
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
	}
	serial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: s.cn, Organization: []string{"pinlib tests"}},
		NotBefore:    s.notBefore,
		NotAfter:     s.notAfter,
		DNSNames:     s.dns,
		KeyUsage:     s.keyUsage,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = testNow.AddDate(-1, 0, 0)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = testNow.AddDate(1, 0, 0)
	}
	if !s.noBC {
		tmpl.BasicConstraintsValid = true
		tmpl.IsCA = s.ca
		if s.ca && s.pathLen >= 0 {
			tmpl.MaxPathLen = s.pathLen
			tmpl.MaxPathLenZero = s.pathLen == 0
		} else {
			tmpl.MaxPathLen = -1
		}
	}
	if tmpl.KeyUsage == 0 {
		if s.ca {
			tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		} else {
			tmpl.KeyUsage = x509.KeyUsageDigitalSignature
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		}
	}
	parentCert, parentKey := tmpl, key
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issued{cert: cert, key: key}
}

// chain3 is a generated root -> intermediate -> leaf.
type chain3 struct{ root, inter, leaf *issued }

func newChain3(t testing.TB) chain3 {
	root := mint(t, spec{cn: "Test Root", ca: true, pathLen: -1}, nil)
	inter := mint(t, spec{cn: "Test Intermediate", ca: true, pathLen: 0}, root)
	leaf := mint(t, spec{cn: "leaf.example", dns: []string{"leaf.example"}}, inter)
	return chain3{root, inter, leaf}
}

func pemOf(certs ...*issued) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		b.Write(c.pem())
	}
	return b.Bytes()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func input(t testing.TB, path string) Input {
	return Input{Name: filepath.Base(path), Data: readFile(t, path)}
}

func codes(b *Bundle) []string {
	var out []string
	for _, w := range b.Warnings {
		out = append(out, w.Code)
	}
	return out
}

func hasCode(b *Bundle, code string) bool {
	for _, w := range b.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

// warningFor finds the warning with that code about certificate index.
func warningFor(b *Bundle, code string, index int) (Warning, bool) {
	for _, w := range b.Warnings {
		if w.Code == code && w.Index == index {
			return w, true
		}
	}
	return Warning{}, false
}

func names(b *Bundle) []string {
	var out []string
	for _, c := range b.Certificates {
		out = append(out, c.Name())
	}
	return out
}

func roles(b *Bundle) []Role {
	var out []Role
	for _, c := range b.Certificates {
		out = append(out, c.Role)
	}
	return out
}

func reportJSON(t testing.TB, b *Bundle) string {
	t.Helper()
	j, err := json.Marshal(b.Report())
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}

// vector is one row of a PINS.tsv.
type vector struct{ file, subject, spki, certHex string }

func readVectors(t testing.TB, path string) []vector {
	t.Helper()
	var out []vector
	for i, line := range strings.Split(strings.TrimSpace(string(readFile(t, path))), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("%s: bad line %q", path, line)
		}
		out = append(out, vector{f[0], f[1], f[2], f[3]})
	}
	return out
}

var (
	roots144Once sync.Once
	roots144     []byte
)

// bundle144 is a CA bundle the size of Debian's: 144 self-signed ECDSA roots
// with distinct names, generated once per process.
func bundle144(t testing.TB) []byte {
	roots144Once.Do(func() {
		var b bytes.Buffer
		for i := range 144 {
			r := mint(t, spec{cn: "Throwaway Root " + itoa(i), ca: true, pathLen: -1, notAfter: testNow.AddDate(20, 0, 0)}, nil)
			b.Write(r.pem())
		}
		roots144 = b.Bytes()
	})
	return roots144
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }
