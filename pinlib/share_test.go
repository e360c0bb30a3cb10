package pinlib

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestShareRoundTrip(t *testing.T) {
	chain, err := os.ReadFile("testdata/openssl/chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile("testdata/openssl/intermediate-public-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		inputs []Input
	}{
		{"chain", []Input{{Name: "c", Data: chain}}},
		{"chain and key", []Input{{Name: "c", Data: chain}, {Name: "k", Data: key}}},
		{"key only", []Input{{Name: "k", Data: key}}},
		{"empty", nil},
	}
	for _, tc := range tests {
		b := Read(tc.inputs...)
		link := EncodeShare(b)
		if strings.ContainsAny(link, "+/=#?&") {
			t.Errorf("%s: link %q is not URL-safe", tc.name, link)
		}
		in, err := DecodeShare(link)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := Read(in...)
		if len(got.Certificates) != len(b.Certificates) || len(got.PublicKeys) != len(b.PublicKeys) {
			t.Fatalf("%s: %d certs %d keys back, want %d %d", tc.name, len(got.Certificates), len(got.PublicKeys), len(b.Certificates), len(b.PublicKeys))
		}
		for i := range b.Certificates {
			if got.Certificates[i].Pins.CertSHA256Hex() != b.Certificates[i].Pins.CertSHA256Hex() {
				t.Errorf("%s: certificate %d differs", tc.name, i)
			}
		}
		for i := range b.PublicKeys {
			if got.PublicKeys[i].Pins.SPKISHA256Base64() != b.PublicKeys[i].Pins.SPKISHA256Base64() {
				t.Errorf("%s: key %d differs", tc.name, i)
			}
		}
	}
}

func TestDecodeShareErrors(t *testing.T) {
	good := EncodeShare(Read(Input{Name: "c", Data: mustRead(t, "testdata/openssl/chain.pem")}))
	tests := []struct{ name, link string }{
		{"not base64", "!!!"},
		{"cut short", good[:len(good)/2]},
		{"not deflate", "aGVsbG8"},
		{"empty", ""},
	}
	for _, tc := range tests {
		if _, err := DecodeShare(tc.link); !errors.Is(err, ErrBadShare) {
			t.Errorf("%s: err = %v, want ErrBadShare", tc.name, err)
		}
	}
}

func FuzzDecodeShare(f *testing.F) {
	f.Add(EncodeShare(Read(Input{Name: "c", Data: mustRead(f, "testdata/openssl/chain.pem")})))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		in, err := DecodeShare(s)
		if err == nil {
			Read(in...)
		}
	})
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
