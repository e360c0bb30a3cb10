package pinlib

import (
	"bytes"
	"encoding/base64"
	"errors"
	"path"
	"strings"
	"testing"
)

// TestVectorPins checks every public vector against the pins openssl computed.
func TestVectorPins(t *testing.T) {
	for _, v := range readVectors(t, "testdata/vectors/PINS.tsv") {
		t.Run(v.file, func(t *testing.T) {
			b := ReadAt(testNow, input(t, "testdata/vectors/"+v.file))
			if err := b.Err(); err != nil || len(b.Errors) > 0 {
				t.Fatalf("Err = %v, Errors = %v", err, b.Errors)
			}
			if len(b.Certificates) != 1 {
				t.Fatalf("got %d certificates, want 1", len(b.Certificates))
			}
			c := b.Certificates[0]
			if got := c.Pins.SPKISHA256Base64(); got != v.spki {
				t.Errorf("SPKI SHA-256 = %s, openssl says %s", got, v.spki)
			}
			if got := c.Pins.CertSHA256Hex(); got != v.certHex {
				t.Errorf("cert SHA-256 = %s, openssl says %s", got, v.certHex)
			}
			if got := c.Subject(); got != v.subject {
				t.Errorf("Subject = %q, openssl says %q", got, v.subject)
			}
			if c.Line != 1 && path.Ext(v.file) != ".der" {
				t.Errorf("Line = %d, want 1", c.Line)
			}
		})
	}
}

// TestOpenSSLFixturePins checks the openssl-made chain, read from each of its
// forms (PEM, PKCS#7 PEM and DER, s_client and -text output).
func TestOpenSSLFixturePins(t *testing.T) {
	want := readVectors(t, "testdata/openssl/PINS.tsv")
	bySPKI := map[string]vector{}
	for _, v := range want {
		bySPKI[v.certHex] = v
	}
	for _, file := range []string{"chain.pem", "chain.p7b", "chain.p7b.pem", "s_client-showcerts.txt", "x509-text.txt", "sha1-leaf.pem"} {
		t.Run(file, func(t *testing.T) {
			b := ReadAt(testNow, input(t, "testdata/openssl/"+file))
			if len(b.Errors) > 0 || len(b.Certificates) == 0 {
				t.Fatalf("Errors = %v, %d certificates", b.Errors, len(b.Certificates))
			}
			for _, c := range b.Certificates {
				v, ok := bySPKI[c.Pins.CertSHA256Hex()]
				if !ok {
					t.Fatalf("%s: fingerprint %s not in PINS.tsv", c.Name(), c.Pins.CertSHA256Hex())
				}
				if got := c.Pins.SPKISHA256Base64(); got != v.spki {
					t.Errorf("%s: SPKI SHA-256 = %s, openssl says %s", c.Name(), got, v.spki)
				}
				if got := c.Subject(); got != v.subject {
					t.Errorf("Subject = %q, openssl says %q", got, v.subject)
				}
			}
		})
	}
	// The bare keys pin the same as the leaf certificate.
	leafPin := want[0].spki
	for _, file := range []string{"leaf-public-key.pem", "leaf-rsa-public-key.pem"} {
		b := ReadAt(testNow, input(t, "testdata/openssl/"+file))
		if len(b.PublicKeys) != 1 || len(b.Errors) > 0 {
			t.Fatalf("%s: %d keys, errors %v", file, len(b.PublicKeys), b.Errors)
		}
		if got := b.PublicKeys[0].Pins.SPKISHA256Base64(); got != leafPin {
			t.Errorf("%s: pin %s, want the leaf's %s", file, got, leafPin)
		}
		if got := b.PublicKeys[0].KeyType(); got != "RSA 2048" {
			t.Errorf("%s: KeyType = %q", file, got)
		}
	}
}

// TrustKit's TSKPublicKeyAlgorithmTests assert these pins; they check our
// hashing against a second, independent implementation. (The vectors README
// calls www.good.com RSA-4096; openssl and Go both read 2048 bits.)
func TestTrustKitPins(t *testing.T) {
	tests := []struct{ file, pin, key string }{
		{"www.globalsign.com.der", "NDCIt6TrQnfOk+lquunrmlPQB3K/7CLOCmSS5kW+KCc=", "RSA 2048"},
		{"www.good.com.der", "TwyNzy19zZi7cKfPsucs1E+h8ODOCPMrT8681sFWJvw=", "RSA 2048"},
		{"www.cloudflare.com.der", "Gc7EN2acfkbE0dUOAd34tr1XLr+JdkTiTrMAfhESQHI=", "ECDSA P-256"},
		{"GeoTrust_Primary_CA_G2_ECC.der", "vPtEqrmtAhAVcGtBIep2HIHJ6IlnWQ9vlK50TciLePs=", "ECDSA P-384"},
		{"Corporation_Service_Company_RSA_OV_SSL_CA.der", "eJFNz94QPdv8RexRcSa3nwty3nRqFlR7YXqKA5RGUGE=", "RSA 3072"},
	}
	for _, tt := range tests {
		b := ReadAt(testNow, input(t, "testdata/vectors/trustkit/"+tt.file))
		if len(b.Certificates) != 1 {
			t.Fatalf("%s: %d certificates", tt.file, len(b.Certificates))
		}
		c := b.Certificates[0]
		if got := c.Pins.SPKISHA256Base64(); got != tt.pin {
			t.Errorf("%s: pin %s, TrustKit asserts %s", tt.file, got, tt.pin)
		}
		if got := c.KeyType(); got != tt.key {
			t.Errorf("%s: KeyType = %q, want %q", tt.file, got, tt.key)
		}
	}
}

func TestPinsNotations(t *testing.T) {
	spki := bytes.Repeat([]byte{0xAB}, 32)
	sha1 := bytes.Repeat([]byte{0x01}, 20)
	p := Pins{SPKISHA256: spki, SPKISHA1: sha1, CertSHA256: []byte{0x0a, 0xbc, 0xff}, CertSHA1: []byte{0x00, 0x10}}
	b64 := base64.StdEncoding.EncodeToString(spki)
	b64sha1 := base64.StdEncoding.EncodeToString(sha1)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"SPKISHA256Base64", p.SPKISHA256Base64(), b64},
		{"OkHttp", p.OkHttp(), "sha256/" + b64},
		{"Curl", p.Curl(), "sha256//" + b64},
		{"HPKP", p.HPKP(), `pin-sha256="` + b64 + `"`},
		{"SPKISHA1Base64", p.SPKISHA1Base64(), b64sha1},
		{"OkHttpSHA1", p.OkHttpSHA1(), "sha1/" + b64sha1},
		{"CertSHA256Hex", p.CertSHA256Hex(), "0abcff"},
		{"CertSHA256Colon", p.CertSHA256Colon(), "0A:BC:FF"},
		{"CertSHA1Hex", p.CertSHA1Hex(), "0010"},
		{"CertSHA1Colon", p.CertSHA1Colon(), "00:10"},
		{"empty OkHttp", Pins{}.OkHttp(), ""},
		{"empty Curl", Pins{}.Curl(), ""},
		{"empty HPKP", Pins{}.HPKP(), ""},
		{"empty colon", Pins{}.CertSHA256Colon(), ""},
		{"empty SHA1", Pins{}.OkHttpSHA1(), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestPinsOfAndSPKIPin(t *testing.T) {
	c := newChain3(t).leaf.cert
	p := PinsOf(c)
	k := SPKIPin(c.RawSubjectPublicKeyInfo)
	if !bytes.Equal(p.SPKISHA256, k.SPKISHA256) || !bytes.Equal(p.SPKISHA1, k.SPKISHA1) {
		t.Error("PinsOf and SPKIPin disagree on the SPKI hashes")
	}
	if k.CertSHA256 != nil || k.CertSHA1 != nil {
		t.Error("SPKIPin set certificate fingerprints")
	}
	if len(p.SPKISHA256) != 32 || len(p.SPKISHA1) != 20 || len(p.CertSHA256) != 32 || len(p.CertSHA1) != 20 {
		t.Errorf("hash lengths %d %d %d %d", len(p.SPKISHA256), len(p.SPKISHA1), len(p.CertSHA256), len(p.CertSHA1))
	}
	// The pin is over the key, not the certificate: a re-issued certificate
	// with the same key keeps it.
	root := mint(t, spec{cn: "R", ca: true, pathLen: -1}, nil)
	again := mint(t, spec{cn: "renewed", key: newChain3(t).leaf.key}, root)
	again2 := mint(t, spec{cn: "renewed twice", key: again.key}, root)
	if PinsOf(again.cert).OkHttp() != PinsOf(again2.cert).OkHttp() {
		t.Error("same key, different SPKI pin")
	}
	if PinsOf(again.cert).CertSHA256Hex() == PinsOf(again2.cert).CertSHA256Hex() {
		t.Error("different certificates, same fingerprint")
	}
}

func TestParsePin(t *testing.T) {
	const pin = "NDCIt6TrQnfOk+lquunrmlPQB3K/7CLOCmSS5kW+KCc="
	want, _ := base64.StdEncoding.DecodeString(pin)
	tests := []struct {
		in      string
		wantErr string // substring; empty means success
	}{
		{pin, ""},
		{"  " + pin + "\n", ""},
		{"sha256/" + pin, ""},
		{"SHA256/" + pin, ""},
		{"sha256//" + pin, ""},
		{"sha256//" + pin + ";", ""},
		{`pin-sha256="` + pin + `"`, ""},
		{`pin-sha256="` + pin + `";`, ""},
		{`pin-sha256=` + pin, ""},
		{`"` + pin + `"`, ""},
		{strings.TrimRight(pin, "="), ""},
		{"", "empty"},
		{"sha-256/" + pin, `prefix "sha-256/"`},
		{"SHA-256/" + pin, `prefix "SHA-256/"`},
		{"sha256:" + pin, `prefix "sha256:"`},
		{"sha1/2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "SHA-1 pin"},
		{"7af75c776d67148e70aa6279dbb6986c8e5841bc7ba5210bc6a4802b9c441ac4", "hex certificate fingerprint"},
		{"7A:F7:5C:77:6D:67:14:8E:70:AA:62:79:DB:B6:98:6C:8E:58:41:BC:7B:A5:21:0B:C6:A4:80:2B:9C:44:1A:C4", "hex certificate fingerprint"},
		{"2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "20 bytes is a SHA-1"},
		{"AAAA", "decodes to 3 bytes"},
		{"not base64 at all!", "not base64"},
	}
	for _, tt := range tests {
		got, err := ParsePin(tt.in)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ParsePin(%q): %v", tt.in, err)
			} else if !bytes.Equal(got, want) {
				t.Errorf("ParsePin(%q) = %x, want %x", tt.in, got, want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParsePin(%q) succeeded, want error %q", tt.in, tt.wantErr)
			continue
		}
		if !errors.Is(err, ErrInvalidPin) || !strings.HasPrefix(err.Error(), "pinlib: ") {
			t.Errorf("ParsePin(%q) error %q does not wrap ErrInvalidPin", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParsePin(%q) error %q, want it to mention %q", tt.in, err, tt.wantErr)
		}
	}
}

// A pin read back with ParsePin gives the same hash from every notation,
// including a pin whose base64 starts with "/", which makes OkHttp's form
// read "sha256//..." like curl's.
func TestParsePinRoundTrip(t *testing.T) {
	slash := Pins{SPKISHA256: append([]byte{0xfc}, make([]byte, 31)...)}
	if !strings.HasPrefix(slash.SPKISHA256Base64(), "/") {
		t.Fatal("test pin does not start with /")
	}
	for _, p := range []Pins{PinsOf(newChain3(t).root.cert), slash} {
		for _, s := range []string{p.SPKISHA256Base64(), p.OkHttp(), p.Curl(), p.HPKP()} {
			got, err := ParsePin(s)
			if err != nil {
				t.Fatalf("ParsePin(%q): %v", s, err)
			}
			if !bytes.Equal(got, p.SPKISHA256) {
				t.Errorf("ParsePin(%q) = %x, want %x", s, got, p.SPKISHA256)
			}
		}
	}
}
