package samples

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	"pinlab/pinlib"
)

// DemoHost is the name the demo leaf is issued for, the simulator's host.
const DemoHost = "api.example.test"

// DemoChain makes a fresh leaf -> intermediate -> root chain, valid from a
// day before now, with lifetimes like a public CA's (root 20 years,
// intermediate 5, leaf 90 days). ECDSA P-256 keeps it fast in wasm. The
// private keys never leave this function.
func DemoChain(now time.Time) ([]pinlib.Input, error) {
	root, rootKey, err := demoCert(now, 20*365*24*time.Hour, &x509.Certificate{
		Subject:               pkix.Name{Organization: []string{"pinlab demo"}, CommonName: "pinlab Demo Root CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}, nil, nil)
	if err != nil {
		return nil, err
	}
	inter, interKey, err := demoCert(now, 5*365*24*time.Hour, &x509.Certificate{
		Subject:               pkix.Name{Organization: []string{"pinlab demo"}, CommonName: "pinlab Demo Issuing CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, root, rootKey)
	if err != nil {
		return nil, err
	}
	leaf, _, err := demoCert(now, 90*24*time.Hour, &x509.Certificate{
		Subject:     pkix.Name{CommonName: DemoHost},
		DNSNames:    []string{DemoHost},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, inter, interKey)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, c := range []*x509.Certificate{leaf, inter, root} {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return []pinlib.Input{{Name: "demo chain", Data: out}}, nil
}

// demoCert signs tmpl with parentKey (or self-signs when parent is nil).
func demoCert(now time.Time, life time.Duration, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("samples: demo key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, nil, fmt.Errorf("samples: demo serial: %w", err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = now.Add(-24 * time.Hour).UTC().Truncate(time.Second)
	tmpl.NotAfter = tmpl.NotBefore.Add(life)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, fmt.Errorf("samples: demo certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("samples: demo certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return cert, key, nil
}
