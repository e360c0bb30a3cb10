package pinlib

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"runtime"
	"strings"
	"testing"
)

// backupCases are the algorithms with what their keys must look like.
var backupCases = []struct {
	alg     KeyAlgorithm
	keyType string // as Certificate.KeyType names it
	bits    int    // RSA modulus size; 0 for ECDSA
}{
	{KeyECDSAP256, "ECDSA P-256", 0},
	{KeyRSA2048, "RSA 2048", 2048},
	{KeyRSA3072, "RSA 3072", 3072},
}

// skipSlowInWasm skips RSA 3072 under GOOS=js only: there it takes many
// seconds per key, while natively it must always run.
func skipSlowInWasm(tb testing.TB, alg KeyAlgorithm) {
	tb.Helper()
	if runtime.GOOS == "js" && alg == KeyRSA3072 {
		tb.Skip("RSA 3072 key generation is too slow for the wasm test run; covered natively")
	}
}

// parsePEM decodes a single PEM block of the given type and nothing else.
func parsePEM(t *testing.T, data []byte, typ string) []byte {
	t.Helper()
	block, rest := pem.Decode(data)
	if block == nil || block.Type != typ {
		t.Fatalf("want one %s block, got %q", typ, data)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		t.Fatalf("trailing data after %s block: %q", typ, rest)
	}
	if len(block.Headers) != 0 {
		t.Errorf("%s block has headers %v", typ, block.Headers)
	}
	return block.Bytes
}

func TestGenerateBackupKey(t *testing.T) {
	const host = "api.example.com"
	for _, tt := range backupCases {
		t.Run(string(tt.alg), func(t *testing.T) {
			skipSlowInWasm(t, tt.alg)
			k, err := GenerateBackupKey(tt.alg, host, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if k.Algorithm != tt.alg {
				t.Errorf("Algorithm %q, want %q", k.Algorithm, tt.alg)
			}

			csr, err := x509.ParseCertificateRequest(parsePEM(t, k.CSRPEM, "CERTIFICATE REQUEST"))
			if err != nil {
				t.Fatalf("CSR does not parse: %v", err)
			}
			if err := csr.CheckSignature(); err != nil {
				t.Errorf("CSR signature: %v", err)
			}
			if csr.Subject.CommonName != host {
				t.Errorf("CSR CN %q, want %q", csr.Subject.CommonName, host)
			}
			if len(csr.DNSNames) != 1 || csr.DNSNames[0] != host || len(csr.IPAddresses) != 0 {
				t.Errorf("CSR SANs DNS %v IP %v, want DNS [%s]", csr.DNSNames, csr.IPAddresses, host)
			}

			// The pin is the hash of the SPKI as it sits in the request.
			want := SPKIPin(csr.RawSubjectPublicKeyInfo)
			if got := k.Pins.SPKISHA256Base64(); got != want.SPKISHA256Base64() {
				t.Errorf("pin %s, CSR key hashes to %s", got, want.SPKISHA256Base64())
			}
			if len(k.Pins.SPKISHA256) != 32 || !bytes.Equal(k.Pins.SPKISHA1, want.SPKISHA1) {
				t.Errorf("SPKI fields %x %x, want %x %x", k.Pins.SPKISHA256, k.Pins.SPKISHA1, want.SPKISHA256, want.SPKISHA1)
			}
			if k.Pins.CertSHA256 != nil || k.Pins.CertSHA1 != nil {
				t.Error("a bare key has no certificate fingerprint, but Pins has one")
			}
			// And reading the request's key back through pinlib names it as the UI will.
			pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: csr.RawSubjectPublicKeyInfo})
			kb := ReadAt(testNow, Input{Name: "backup.pub", Data: pub})
			if len(kb.PublicKeys) != 1 || kb.PublicKeys[0].Pins.OkHttp() != k.Pins.OkHttp() || kb.PublicKeys[0].KeyType() != tt.keyType {
				t.Errorf("pinlib reads the public key as %+v, want %s with pin %s", kb.PublicKeys, tt.keyType, k.Pins.OkHttp())
			}

			priv, err := x509.ParsePKCS8PrivateKey(parsePEM(t, k.PrivateKeyPEM, "PRIVATE KEY"))
			if err != nil {
				t.Fatalf("private key does not parse as PKCS#8: %v", err)
			}
			switch key := priv.(type) {
			case *ecdsa.PrivateKey:
				if tt.bits != 0 || key.Curve != elliptic.P256() {
					t.Errorf("got ECDSA %s for %s", key.Curve.Params().Name, tt.alg)
				}
			case *rsa.PrivateKey:
				if key.N.BitLen() != tt.bits {
					t.Errorf("RSA key of %d bits, want %d", key.N.BitLen(), tt.bits)
				}
				if err := key.Validate(); err != nil {
					t.Errorf("RSA key: %v", err)
				}
			default:
				t.Fatalf("private key is a %T", priv)
			}
			type publicKey interface{ Equal(crypto.PublicKey) bool }
			if !csr.PublicKey.(publicKey).Equal(priv.(crypto.Signer).Public()) {
				t.Error("private key does not match the CSR's public key")
			}
		})
	}
}

// TestGenerateBackupKeyFresh: two calls never return the same key.
func TestGenerateBackupKeyFresh(t *testing.T) {
	a, err := GenerateBackupKey("", "example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateBackupKey("", "example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Algorithm != KeyECDSAP256 {
		t.Errorf("default algorithm %q, want %q", a.Algorithm, KeyECDSAP256)
	}
	if a.Pins.OkHttp() == b.Pins.OkHttp() || bytes.Equal(a.PrivateKeyPEM, b.PrivateKeyPEM) {
		t.Error("two generated backup keys are the same")
	}
}

func TestGenerateBackupKeyHosts(t *testing.T) {
	tests := []struct {
		host    string
		dns     string // the DNS SAN; empty when the host is an IP address
		ip      string
		wantErr error
	}{
		{host: "example.com", dns: "example.com"},
		{host: "*.example.com", dns: "*.example.com"},
		{host: "xn--bcher-kva.example", dns: "xn--bcher-kva.example"},
		{host: "localhost", dns: "localhost"},
		{host: "192.0.2.7", ip: "192.0.2.7"},
		{host: "2001:db8::1", ip: "2001:db8::1"},
		{host: "", wantErr: ErrInvalidHost},
		{host: "a\"><x", wantErr: ErrInvalidHost},
		{host: "</domain>", wantErr: ErrInvalidHost},
		{host: "exa mple.com", wantErr: ErrInvalidHost},
		{host: "example..com", wantErr: ErrInvalidHost},
		{host: "example.com.", wantErr: ErrInvalidHost},
		{host: "-example.com", wantErr: ErrInvalidHost},
		{host: "a.*.example.com", wantErr: ErrInvalidHost},
		{host: "bücher.example", wantErr: ErrInvalidHost},
		{host: "fe80::1%eth0", wantErr: ErrInvalidHost},
		{host: strings.Repeat("a", 64) + ".example", wantErr: ErrInvalidHost},
		{host: strings.Repeat("abcdefgh.", 28) + "example", wantErr: ErrInvalidHost},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			k, err := GenerateBackupKey(KeyECDSAP256, tt.host, rand.Reader)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.HasPrefix(err.Error(), "pinlib: ") {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if k != nil {
					t.Error("a key came back with the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			csr, err := x509.ParseCertificateRequest(parsePEM(t, k.CSRPEM, "CERTIFICATE REQUEST"))
			if err != nil {
				t.Fatal(err)
			}
			if csr.Subject.CommonName != tt.host {
				t.Errorf("CN %q, want %q", csr.Subject.CommonName, tt.host)
			}
			var dns, ip []string
			dns = append(dns, csr.DNSNames...)
			for _, a := range csr.IPAddresses {
				ip = append(ip, a.String())
			}
			if tt.dns != "" && (len(dns) != 1 || dns[0] != tt.dns || len(ip) != 0) {
				t.Errorf("SANs DNS %v IP %v, want DNS %s", dns, ip, tt.dns)
			}
			if tt.ip != "" && (len(ip) != 1 || !net.ParseIP(ip[0]).Equal(net.ParseIP(tt.ip)) || len(dns) != 0) {
				t.Errorf("SANs DNS %v IP %v, want IP %s", dns, ip, tt.ip)
			}
		})
	}
}

func TestGenerateBackupKeyUnknownAlgorithm(t *testing.T) {
	for _, alg := range []KeyAlgorithm{"ed25519", "rsa-1024", "ECDSA-P256", "rsa"} {
		t.Run(string(alg), func(t *testing.T) {
			k, err := GenerateBackupKey(alg, "example.com", rand.Reader)
			if !errors.Is(err, ErrUnknownKeyAlgorithm) || k != nil {
				t.Fatalf("got %v, %v; want ErrUnknownKeyAlgorithm", k, err)
			}
			want := `pinlib: unknown key algorithm "` + string(alg) + `" (want ecdsa-p256, rsa-2048 or rsa-3072)`
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}
}

func TestKeyAlgorithms(t *testing.T) {
	algs := KeyAlgorithms()
	if len(algs) != len(backupCases) || algs[0] != KeyECDSAP256 {
		t.Fatalf("KeyAlgorithms() = %v", algs)
	}
	for i, tt := range backupCases {
		if algs[i] != tt.alg || tt.alg.Label() != tt.keyType {
			t.Errorf("%d: %q labelled %q, want %q %q", i, algs[i], algs[i].Label(), tt.alg, tt.keyType)
		}
	}
}

// BenchmarkGenerateBackupKey measures what the Pin page waits for. RSA key
// generation time varies widely from key to key (it searches for primes):
// run with -benchtime=20x or more for a useful mean.
func BenchmarkGenerateBackupKey(b *testing.B) {
	for _, tt := range backupCases {
		b.Run(string(tt.alg), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := GenerateBackupKey(tt.alg, "api.example.com", rand.Reader); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
