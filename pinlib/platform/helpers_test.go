package platform

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
)

// testNow keeps goldens and lints stable.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Pins of pinlib/testdata/openssl/chain.pem, from PINS.tsv (made by openssl).
const (
	leafPin         = "hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk="
	intermediatePin = "peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdw="
	rootPin         = "9eFI1V9YQzT4QgyhaETtwm8PniZmwghnFPFKFZkCDis="
)

// backupPin stands for a key kept offline: 32 fixed bytes, in no chain.
var backupPin = func() string {
	sum := sha256.Sum256([]byte("pinlab test backup key"))
	return base64.StdEncoding.EncodeToString(sum[:])
}()

func testChain(t testing.TB) *pinlib.Bundle {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "openssl", "chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	b := pinlib.ReadAt(testNow, pinlib.Input{Name: "chain.pem", Data: data})
	if len(b.Certificates) != 3 {
		t.Fatalf("chain.pem: %d certificates, want 3", len(b.Certificates))
	}
	return b
}

func mustChoose(t testing.TB, s Selection) Policy {
	t.Helper()
	if s.Now.IsZero() {
		s.Now = testNow
	}
	p, err := Choose(testChain(t), s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func hasLint(lints []Lint, code string) bool {
	for _, l := range lints {
		if l.Code == code {
			return true
		}
	}
	return false
}

func pinStrings(p Policy) []string {
	var out []string
	for _, pin := range p.Pins {
		out = append(out, b64(pin.SPKISHA256))
	}
	return out
}

func pemOf(c *pinlib.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})
}

// demoBundle is a fresh demo chain (leaf, intermediate, root) read at now.
func demoBundle(t testing.TB, now time.Time) *pinlib.Bundle {
	t.Helper()
	in, err := samples.DemoChain(now)
	if err != nil {
		t.Fatal(err)
	}
	return pinlib.ReadAt(now, in...)
}
