package pinlib

import (
	"os"
	"testing"
)

// BenchmarkRead144 reads a CA bundle the size of Debian's (142 roots).
func BenchmarkRead144(b *testing.B) {
	data := bundle144(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bundle := ReadAt(testNow, Input{Name: "ca-bundle.crt", Data: data})
		if len(bundle.Certificates) != 144 {
			b.Fatal(len(bundle.Certificates))
		}
	}
}

// BenchmarkReadSystemBundle reads the real Debian bundle (142 roots, a copy
// of /etc/ssl/certs/ca-certificates.crt from the ca-certificates package).
// The target is under 20 ms natively on a 2-core machine.
func BenchmarkReadSystemBundle(b *testing.B) {
	data, err := os.ReadFile("testdata/ca-certificates.crt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ReadAt(testNow, Input{Name: "ca-certificates.crt", Data: data})
	}
}

// BenchmarkReadChain reads an ordinary three-certificate chain.
func BenchmarkReadChain(b *testing.B) {
	data, err := os.ReadFile("testdata/openssl/chain.pem")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ReadAt(testNow, Input{Name: "chain.pem", Data: data})
	}
}
