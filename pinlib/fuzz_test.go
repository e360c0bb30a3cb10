package pinlib

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead: whatever is pasted, Read must not panic, the bundle must hang
// together and the report must marshal.
func FuzzRead(f *testing.F) {
	filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".md") && !strings.HasSuffix(path, ".tsv") {
			f.Add(readFile(f, path))
		}
		return nil
	})
	chain := string(readFile(f, "testdata/openssl/chain.pem"))
	f.Add([]byte(strings.ReplaceAll(chain, "\n", `\n`)))
	f.Add([]byte(strings.ReplaceAll(chain, "\n", "\r")))
	f.Add([]byte(chain[:700]))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN CERTIFICATE----------END CERTIFICATE-----"))
	f.Add([]byte("-----BEGIN -----\n-----END -----"))
	f.Add([]byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0, 0})
	f.Add([]byte{0xff, 0xfe, 0x2d, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		b := ReadAt(testNow, Input{Name: "fuzz", Data: data})
		for _, e := range b.Errors {
			if errors.Is(e, ErrInternal) {
				t.Fatalf("recovered panic: %v", e)
			}
			if !strings.HasPrefix(e.Error(), "pinlib: fuzz") {
				t.Fatalf("error %q", e)
			}
		}
		for i, c := range b.Certificates {
			if c.Index != i || c.IssuerIndex == i || c.IssuerIndex < -1 || c.IssuerIndex >= len(b.Certificates) {
				t.Fatalf("certificate %d: index %d issuer %d", i, c.Index, c.IssuerIndex)
			}
			if len(b.Chain(i)) > len(b.Certificates) {
				t.Fatal("chain longer than the bundle")
			}
			_ = c.Name() + c.Subject() + c.Issuer() + c.Serial() + c.KeyType() + c.SKI() + c.AKI()
		}
		for _, w := range b.Warnings {
			if w.Index < -1 || w.Index >= len(b.Certificates) || w.Code == "" || w.Message == "" {
				t.Fatalf("warning %+v", w)
			}
		}
		if _, err := json.Marshal(b.Report()); err != nil {
			t.Fatal(err)
		}
	})
}
