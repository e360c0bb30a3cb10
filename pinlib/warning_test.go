package pinlib

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"
)

func TestValidityWarnings(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name      string
		notBefore time.Duration // relative to testNow
		notAfter  time.Duration
		code      string // "" = no warning
		msg       string
	}{
		{"valid", -day, 365 * day, "", ""},
		{"exactly 30 days left", -day, ExpiringSoon, "", ""},
		{"29 days left", -day, 29*day + time.Hour, CodeExpiringSoon, "expires in 29 days (2027-01-30)"},
		{"1 day left", -day, day + time.Hour, CodeExpiringSoon, "expires in 1 day "},
		{"hours left", -day, 3 * time.Hour, CodeExpiringSoon, "expires within a day"},
		{"expired a second ago", -day, -time.Second, CodeExpired, "expired on 2026-12-31 (0 days ago)"},
		{"expired a year ago", -800 * day, -366 * day, CodeExpired, "(366 days ago)"},
		{"starts tomorrow", day + time.Hour, 365 * day, CodeNotYetValid, "is not valid before 2027-01-02 (1 day from now)"},
	}
	for _, tt := range tests {
		c := &Certificate{Index: 3, Cert: &x509.Certificate{NotBefore: testNow.Add(tt.notBefore), NotAfter: testNow.Add(tt.notAfter)}}
		c.Cert.Subject.CommonName = "example.org"
		ws := validityWarnings(c, testNow)
		if tt.code == "" {
			if len(ws) != 0 {
				t.Errorf("%s: %+v", tt.name, ws)
			}
			continue
		}
		if len(ws) != 1 || ws[0].Code != tt.code || ws[0].Index != 3 || ws[0].Severity != SeverityWarning {
			t.Errorf("%s: %+v, want %s", tt.name, ws, tt.code)
			continue
		}
		if !strings.Contains(ws[0].Message, tt.msg) || !strings.HasPrefix(ws[0].Message, "example.org ") {
			t.Errorf("%s: message %q lacks %q", tt.name, ws[0].Message, tt.msg)
		}
	}
}

// Every warning is a plain sentence with a stable kebab-case code.
func TestWarningsAreSentences(t *testing.T) {
	chain, _ := fixtureChain(t)
	inputs := []Input{
		{"a", chain}, {"b", chain}, input(t, "testdata/vectors/trustkit/www.globalsign.com.der"),
		input(t, "testdata/openssl/sha1-leaf.pem"), {"c", []byte("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n-----BEGIN X509 CRL-----\nAA==\n-----END X509 CRL-----\n")},
	}
	b := ReadAt(testNow, inputs...)
	if len(b.Warnings) < 5 {
		t.Fatalf("only %v", codes(b))
	}
	for _, w := range b.Warnings {
		if w.Code == "" || strings.ToLower(w.Code) != w.Code || strings.ContainsAny(w.Code, " _") {
			t.Errorf("code %q", w.Code)
		}
		if !strings.HasSuffix(w.Message, ".") || strings.Contains(w.Message, "\n") {
			t.Errorf("%s: %q is not one sentence-like line", w.Code, w.Message)
		}
		if w.Severity != SeverityInfo && w.Severity != SeverityWarning {
			t.Errorf("%s: severity %q", w.Code, w.Severity)
		}
		if w.Index < -1 || w.Index >= len(b.Certificates) {
			t.Errorf("%s: index %d", w.Code, w.Index)
		}
	}
}
