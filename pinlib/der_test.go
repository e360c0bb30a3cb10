package pinlib

import (
	"bytes"
	"encoding/pem"
	"strings"
	"testing"
	"time"
)

func TestBERWellFormed(t *testing.T) {
	_, ders := fixtureChain(t)
	p7pem, _ := pem.Decode(readFile(t, "testdata/openssl/chain.p7b.pem"))
	// The same PKCS#7 re-encoded with indefinite lengths, as some Windows tools write it.
	indef := []byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0x00, 0x00}
	// A child that claims more bytes than its parent holds, nested: pkcs7's
	// converter re-reads such children and takes exponential time.
	overrun := bytes.Repeat([]byte{0x30, 0x03}, 40)
	overrun = append(overrun, bytes.Repeat([]byte{0}, 80)...)
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"certificate", ders[0], true},
		{"PKCS#7", p7pem.Bytes, true},
		{"indefinite length", indef, true},
		{"trailing byte", append(bytes.Clone(ders[0]), 0), false},
		{"truncated", ders[0][:100], false},
		{"overrunning children", overrun, false},
		{"deep nesting", append(bytes.Repeat([]byte{0x30, 0x80}, 100), bytes.Repeat([]byte{0, 0}, 100)...), false},
		{"primitive with indefinite length", []byte{0x04, 0x80, 0x00, 0x00}, false},
		{"text", []byte("0x2)\n        Serial Number:"), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := berWellFormed(tt.data); got != tt.want {
			t.Errorf("%s: berWellFormed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The input FuzzRead found: openssl -text output that happens to start with
// "0x", read as BER. It used to hang in the PKCS#7 parser.
func TestPKCS7ParserStaysLinear(t *testing.T) {
	text := readFile(t, "testdata/openssl/x509-text.txt")
	i := bytes.Index(text, []byte("0x2)"))
	start := time.Now()
	b := ReadAt(testNow, Input{Name: "paste", Data: text[i:]})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	if len(b.Certificates) != 2 {
		t.Errorf("%d certificates, errors %v", len(b.Certificates), b.Errors)
	}
	// A worst case built by hand: nested elements that all overrun.
	evil := append([]byte{0x30, 0x82, 0x10, 0x00}, bytes.Repeat([]byte{0x30, 0x7f}, 0x800)...)
	start = time.Now()
	ReadAt(testNow, Input{Name: "evil.der", Data: evil})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestParseCertificates(t *testing.T) {
	_, ders := fixtureChain(t)
	tests := []struct {
		name  string
		data  []byte
		certs int
		err   string
	}{
		{"one", ders[0], 1, ""},
		{"three concatenated", bytes.Join(ders, nil), 3, ""},
		{"trailing garbage", append(bytes.Clone(ders[0]), 1, 2, 3), 0, "trailing data"},
		{"not DER", []byte("hello"), 0, "x509: "},
		{"empty", nil, 0, "empty"},
	}
	for _, tt := range tests {
		certs, err := parseCertificates(tt.data)
		if len(certs) != tt.certs || (tt.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: %d certificates, error %v", tt.name, len(certs), err)
		}
	}
}
