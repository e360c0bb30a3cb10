//lint:file-ignore SA1019 DSA certificates still exist in the wild; the test makes one to see it read

package pinlib

import (
	"crypto/dsa"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"net"
	"net/url"
	"strings"
	"testing"
)

// after returns the trimmed line following the first line containing label.
func after(section, label string) string {
	lines := strings.Split(section, "\n")
	for i, l := range lines {
		if strings.Contains(l, label) && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}

// TestDetailsMatchOpenSSL compares the display details with what
// `openssl x509 -text` printed for the same certificates.
func TestDetailsMatchOpenSSL(t *testing.T) {
	text := string(readFile(t, "testdata/openssl/x509-text.txt"))
	sections := strings.Split(text, "Certificate:\n")[1:]
	b := ReadAt(testNow, Input{Name: "x509-text.txt", Data: []byte(text)})
	if len(b.Certificates) != len(sections) {
		t.Fatalf("%d certificates, %d sections", len(b.Certificates), len(sections))
	}
	for i, sec := range sections {
		c := b.Certificates[i]
		if got, want := c.Serial(), strings.ToUpper(after(sec, "Serial Number:")); got != want {
			t.Errorf("%s: Serial %s, openssl %s", c.Name(), got, want)
		}
		if got, want := c.SKI(), after(sec, "Subject Key Identifier"); got != want {
			t.Errorf("%s: SKI %s, openssl %s", c.Name(), got, want)
		}
		if got, want := c.AKI(), after(sec, "Authority Key Identifier"); got != want {
			t.Errorf("%s: AKI %s, openssl %s", c.Name(), got, want)
		}
		if got, want := strings.Join(c.KeyUsage(), ", "), after(sec, "X509v3 Key Usage"); got != want {
			t.Errorf("%s: KeyUsage %q, openssl %q", c.Name(), got, want)
		}
		if got, want := strings.Join(c.ExtKeyUsage(), ", "), after(sec, "Extended Key Usage"); got != want {
			t.Errorf("%s: ExtKeyUsage %q, openssl %q", c.Name(), got, want)
		}
		wantSANs := strings.ReplaceAll(after(sec, "Subject Alternative Name"), "IP Address:", "IP:")
		if got := strings.Join(c.SANs(), ", "); got != wantSANs {
			t.Errorf("%s: SANs %q, openssl %q", c.Name(), got, wantSANs)
		}
		bc := after(sec, "Basic Constraints")
		if c.IsCA() != strings.HasPrefix(bc, "CA:TRUE") || (c.MaxPathLen() == 0) != strings.Contains(bc, "pathlen:0") {
			t.Errorf("%s: IsCA %v MaxPathLen %d, openssl %q", c.Name(), c.IsCA(), c.MaxPathLen(), bc)
		}
	}
}

func TestCertificateDetails(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	u, _ := url.Parse("spiffe://example.org/svc")
	tmpl := &x509.Certificate{
		SerialNumber:       big.NewInt(0x0102ff),
		Subject:            pkix.Name{Organization: []string{"Acme, Inc."}, OrganizationalUnit: []string{" padded "}, Country: []string{"US"}},
		NotBefore:          testNow.AddDate(-1, 0, 0),
		NotAfter:           testNow.AddDate(1, 0, 0),
		DNSNames:           []string{"a.example"},
		IPAddresses:        []net.IP{net.ParseIP("2001:db8::1")},
		EmailAddresses:     []string{"ops@example.org"},
		URIs:               []*url.URL{u},
		KeyUsage:           x509.KeyUsageDigitalSignature | x509.KeyUsageKeyAgreement,
		ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageOCSPSigning},
		UnknownExtKeyUsage: []asn1.ObjectIdentifier{{1, 2, 3, 4}},
		SubjectKeyId:       []byte{0xde, 0xad},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	b := ReadAt(testNow, Input{Name: "c.der", Data: der})
	c := b.Certificates[0]
	tests := []struct{ name, got, want string }{
		{"Name falls back to the subject", c.Name(), `OU=\ padded\ ,O=Acme\, Inc.,C=US`},
		{"Subject", c.Subject(), `OU=\ padded\ ,O=Acme\, Inc.,C=US`},
		{"Serial", c.Serial(), "01:02:FF"},
		{"SANs", strings.Join(c.SANs(), " "), "DNS:a.example IP:2001:db8::1 email:ops@example.org URI:spiffe://example.org/svc"},
		{"KeyType", c.KeyType(), "ECDSA P-384"},
		{"SignatureAlgorithm", c.SignatureAlgorithm(), "ECDSA-SHA384"},
		{"KeyUsage", strings.Join(c.KeyUsage(), ","), "Digital Signature,Key Agreement"},
		{"ExtKeyUsage", strings.Join(c.ExtKeyUsage(), ","), "TLS Web Client Authentication,OCSP Signing,1.2.3.4"},
		{"SKI", c.SKI(), "DE:AD"},
		{"AKI", c.AKI(), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if c.MaxPathLen() != -1 || c.IsCA() {
		t.Errorf("IsCA %v MaxPathLen %d", c.IsCA(), c.MaxPathLen())
	}
}

func TestKeyType(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ed, _, _ := ed25519.GenerateKey(rand.Reader)
	x, _ := ecdh.X25519().GenerateKey(rand.Reader)
	tests := []struct {
		key  any
		want string
	}{
		{&weakRSAKey(t).PublicKey, "RSA 1024"},
		{&ec.PublicKey, "ECDSA P-256"},
		{ed, "Ed25519"},
		{x.PublicKey(), "X25519"},
		{nil, "unknown"},
		{&dsa.PublicKey{}, "DSA"},
	}
	for _, tt := range tests {
		if got := keyType(tt.key); got != tt.want {
			t.Errorf("keyType(%T) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestFormatDN(t *testing.T) {
	mk := func(rdns ...[]pkix.AttributeTypeAndValue) []byte {
		var seq pkix.RDNSequence
		for _, r := range rdns {
			seq = append(seq, pkix.RelativeDistinguishedNameSET(r))
		}
		der, err := asn1.Marshal(seq)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	atv := func(oid asn1.ObjectIdentifier, v any) []pkix.AttributeTypeAndValue {
		return []pkix.AttributeTypeAndValue{{Type: oid, Value: v}}
	}
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"reverse order", mk(atv([]int{2, 5, 4, 6}, "BE"), atv([]int{2, 5, 4, 3}, "Root")), "CN=Root,C=BE"},
		{"EV attributes by name", mk(atv([]int{1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3}, "US"), atv([]int{2, 5, 4, 15}, "Private Organization")), "businessCategory=Private Organization,jurisdictionC=US"},
		{"multi-valued RDN", mk(append(atv([]int{2, 5, 4, 3}, "a"), atv([]int{2, 5, 4, 11}, "b")...)), "CN=a+OU=b"},
		{"escaping", mk(atv([]int{2, 5, 4, 3}, `#x, "y" <z>;\`)), `CN=\#x\, \"y\" \<z\>\;\\`},
		{"unknown OID", mk(atv([]int{1, 2, 3}, "v")), "1.2.3=v"},
		{"non-string value", mk(atv([]int{1, 2, 3}, 5)), "1.2.3=#020105"},
		{"control character", mk(atv([]int{2, 5, 4, 3}, "a\x01b")), `CN=a\01b`},
		{"garbage falls back", []byte{0xff}, ""},
	}
	for _, tt := range tests {
		if got := formatDN(tt.raw, pkix.Name{}); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
