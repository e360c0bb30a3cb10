package pinlib

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// FuzzRedact: for any pasted text, nothing intake calls a private key
// survives redaction, and redaction never costs a certificate.
func FuzzRedact(f *testing.F) {
	for _, k := range keyForms(f) {
		f.Add(k.text)
		f.Add(k.cut + k.text)
	}
	chain := string(readFile(f, "testdata/openssl/chain.pem"))
	f.Add(chain)
	f.Add("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n" + chain)
	f.Add("PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nAAAA\n" + chain)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			return // redaction is for text; binary input never reaches a text box
		}
		before := ReadAt(testNow, Input{Name: "fuzz", Data: []byte(text)})
		redacted, warnings := RedactPrivateKeys("fuzz", text)
		after := ReadAt(testNow, Input{Name: "fuzz", Data: []byte(redacted)})
		if hasCode(after, CodePrivateKeyDiscarded) {
			t.Fatalf("a private key survived redaction: %q", redacted)
		}
		if hasCode(before, CodePrivateKeyDiscarded) != (len(warnings) > 0) {
			t.Fatalf("intake and redaction disagree: intake %v, redaction %d warnings", codes(before), len(warnings))
		}
		if len(after.Certificates) < len(before.Certificates) {
			t.Fatalf("redaction lost certificates: %d, then %d", len(before.Certificates), len(after.Certificates))
		}
		if again, w := RedactPrivateKeys("fuzz", redacted); again != redacted || w != nil {
			t.Fatal("redacting twice changes the text")
		}
	})
}

// FuzzReadLinear: intake time grows linearly with the input, whatever its
// shape. The fuzzed text is repeated to 128 KiB and to 1 MiB; eight times
// the input must cost about eight times the time, not sixty-four: the
// budget is 40 times, so that a busy machine does not fail it. (A
// quadratic corner at 1 MiB costs seconds; linear intake tens of ms.)
func FuzzReadLinear(f *testing.F) {
	for _, unit := range []string{
		"-----BEGIN CERTIFICATE-----", "-----BEGIN ", "-----BEGIN PRIVATE KEY-----\nAAAA",
		"-----BEGIN CMS-----\nMA==-----END CMS-----\n", `\n-----BEGIN CERTIFICATE-----\nMIIB`,
		"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "PuTTY-User-Key-File-3: x\n", "-----END X-----",
	} {
		f.Add([]byte(unit))
	}
	f.Fuzz(func(t *testing.T, unit []byte) {
		if len(unit) == 0 || len(unit) > 4096 {
			return
		}
		small := readTime(bytes.Repeat(unit, (128<<10)/len(unit)+1)[:128<<10])
		big := readTime(bytes.Repeat(unit, (1<<20)/len(unit)+1)[:1<<20])
		if budget := max(40*small, 500*time.Millisecond); big > budget {
			t.Fatalf("reading 1 MiB of %q took %v, 128 KiB %v: not linear", unit, big, small)
		}
	})
}

// readTime is the fastest of three reads, and of a redaction, which scans the
// same way.
func readTime(data []byte) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		ReadAt(testNow, Input{Name: "fuzz", Data: data})
		RedactPrivateKeys("fuzz", string(data))
		best = min(best, time.Since(start))
	}
	return best
}
