package sim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// signer is a CA certificate whose private key the simulator holds.
type signer struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// certSpec describes a certificate to make. Keys are ECDSA P-256: key
// generation and signatures stay fast in WebAssembly.
type certSpec struct {
	cn         string
	org        string
	rawSubject []byte // keeps a pasted certificate's exact name (look-alikes)
	dns        []string
	ips        []net.IP
	ca         bool
	life       time.Duration
	pub        crypto.PublicKey  // nil: a new key
	key        *ecdsa.PrivateKey // with pub nil: this key instead of a new one (a lab's kept key)
}

// issue makes a certificate valid from a day before the clock, signed by
// parent, or self-signed when parent is nil.
func issue(clock time.Time, s certSpec, parent *signer) (*signer, error) {
	key := s.key
	pub := s.pub
	if pub == nil && key != nil {
		pub = &key.PublicKey
	}
	if pub == nil {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("sim: key for %q: %w", s.cn, err)
		}
		key, pub = k, &k.PublicKey
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, fmt.Errorf("sim: serial for %q: %w", s.cn, err)
	}
	life := s.life
	if life == 0 {
		life = 90 * 24 * time.Hour
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: s.cn},
		RawSubject:   s.rawSubject,
		DNSNames:     s.dns,
		IPAddresses:  s.ips,
		NotBefore:    clock.Add(-24 * time.Hour).UTC().Truncate(time.Second),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if s.org != "" {
		tmpl.Subject.Organization = []string{s.org}
	}
	tmpl.NotAfter = tmpl.NotBefore.Add(life)
	if s.ca {
		tmpl.IsCA = true
		tmpl.BasicConstraintsValid = true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		if parent != nil {
			tmpl.MaxPathLenZero = true // an issuing CA, like a public CA's
		} else {
			tmpl.ExtKeyUsage = nil // roots carry no EKU
		}
	}
	parentCert, parentKey := tmpl, key
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	if parentKey == nil {
		return nil, fmt.Errorf("sim: no key to sign %q", s.cn)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, pub, parentKey)
	if err != nil {
		return nil, fmt.Errorf("sim: certificate %q: %w", s.cn, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("sim: certificate %q: %w", s.cn, err)
	}
	return &signer{cert: cert, key: key}, nil
}

// cn names a certificate for traces: its common name, else its first DNS
// name, else its subject.
func cn(c *x509.Certificate) string {
	switch {
	case c.Subject.CommonName != "":
		return c.Subject.CommonName
	case len(c.DNSNames) > 0:
		return c.DNSNames[0]
	}
	return c.Subject.String()
}

// issuerCN names a certificate's issuer the same way.
func issuerCN(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return c.Issuer.String()
}
