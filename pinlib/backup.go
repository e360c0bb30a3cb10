package pinlib

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
)

// KeyAlgorithm names a kind of backup key.
type KeyAlgorithm string

const (
	// KeyECDSAP256 is the default: every pinning client accepts it, and it is
	// generated in milliseconds even in WebAssembly.
	KeyECDSAP256 KeyAlgorithm = "ecdsa-p256"
	// KeyRSA2048 and KeyRSA3072 are for CAs or hosting panels that only take
	// RSA. They are slow to generate in the browser (seconds for 3072 bits).
	KeyRSA2048 KeyAlgorithm = "rsa-2048"
	KeyRSA3072 KeyAlgorithm = "rsa-3072"
)

// KeyAlgorithms lists the backup key algorithms, the default first.
func KeyAlgorithms() []KeyAlgorithm {
	return []KeyAlgorithm{KeyECDSAP256, KeyRSA2048, KeyRSA3072}
}

// Label is how the UI and the CLI name the algorithm, in the words KeyType uses.
func (a KeyAlgorithm) Label() string {
	switch a {
	case KeyECDSAP256:
		return "ECDSA P-256"
	case KeyRSA2048:
		return "RSA 2048"
	case KeyRSA3072:
		return "RSA 3072"
	}
	return string(a)
}

var (
	// ErrUnknownKeyAlgorithm: GenerateBackupKey was asked for an algorithm not in KeyAlgorithms.
	ErrUnknownKeyAlgorithm = errors.New("pinlib: unknown key algorithm")

	// ErrInvalidHost: the host for a certificate request is empty or not a host name.
	ErrInvalidHost = errors.New("pinlib: invalid host")
)

// BackupKey is a freshly generated key pair for a backup pin, with a
// certificate request ready for the day the server rotates to it.
type BackupKey struct {
	Algorithm     KeyAlgorithm
	Pins          Pins   // SPKI fields only: a bare key has no certificate to fingerprint
	PrivateKeyPEM []byte // PKCS#8, PEM type "PRIVATE KEY"
	CSRPEM        []byte // PEM type "CERTIFICATE REQUEST" for the host, signed by the key
}

// GenerateBackupKey creates a key pair whose pin can ship in an app as a
// backup, before any certificate uses it. alg may be empty for KeyECDSAP256.
// The request names host as its subject CN and as its one subject
// alternative name (a DNS name, or an IP address when host is one).
//
// The private key is for the host's operator to keep offline until a
// rotation: then a CA signs the request and the server switches to the key
// the apps already pin. Nothing is sent anywhere; the key exists only in the
// returned value.
//
// rand is the randomness for signing the request; nil means crypto/rand.
// Since Go 1.26 the standard library always draws key material from its own
// secure source, so a weak rand cannot weaken the key (and cannot make it
// reproducible: tests use testing/cryptotest.SetGlobalRandom for that).
func GenerateBackupKey(alg KeyAlgorithm, host string, rand io.Reader) (*BackupKey, error) {
	if alg == "" {
		alg = KeyECDSAP256
	}
	if rand == nil {
		rand = cryptoRand
	}
	tmpl, err := requestTemplate(host)
	if err != nil {
		return nil, err
	}
	var key crypto.Signer
	switch alg {
	case KeyECDSAP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand)
	case KeyRSA2048:
		key, err = rsa.GenerateKey(rand, 2048)
	case KeyRSA3072:
		key, err = rsa.GenerateKey(rand, 3072)
	default:
		return nil, fmt.Errorf("%w %q (want %s, %s or %s)", ErrUnknownKeyAlgorithm, string(alg), KeyECDSAP256, KeyRSA2048, KeyRSA3072)
	}
	if err != nil {
		return nil, fmt.Errorf("pinlib: failed to generate %s key: %w", alg.Label(), err)
	}
	spki, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, fmt.Errorf("pinlib: failed to encode %s public key: %w", alg.Label(), err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("pinlib: failed to encode %s private key: %w", alg.Label(), err)
	}
	csr, err := x509.CreateCertificateRequest(rand, tmpl, key)
	if err != nil {
		return nil, fmt.Errorf("pinlib: failed to create certificate request for %s: %w", host, err)
	}
	return &BackupKey{
		Algorithm:     alg,
		Pins:          SPKIPin(spki),
		PrivateKeyPEM: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		CSRPEM:        pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr}),
	}, nil
}

var cryptoRand = rand.Reader

// requestTemplate checks host and puts it where CAs look: the CN for old
// tools, the subject alternative name for everything since RFC 2818.
func requestTemplate(host string) (*x509.CertificateRequest, error) {
	if host == "" {
		return nil, fmt.Errorf("%w: empty; a certificate request needs the host name the key will serve", ErrInvalidHost)
	}
	tmpl := &x509.CertificateRequest{Subject: pkix.Name{CommonName: host}}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Zone() == "" {
		tmpl.IPAddresses = []net.IP{ip.AsSlice()}
		return tmpl, nil
	}
	if err := checkDNSName(host); err != nil {
		return nil, fmt.Errorf("%w %q: %s", ErrInvalidHost, host, err)
	}
	tmpl.DNSNames = []string{host}
	return tmpl, nil
}

// checkDNSName accepts what a CA would put in a DNS SAN: ASCII labels of
// letters, digits and hyphens (IDNs in their xn-- form), optionally behind a
// "*." wildcard. Anything else would end up inside a request a CA refuses.
func checkDNSName(host string) error {
	name := strings.TrimPrefix(host, "*.")
	if len(name) > 253 {
		return errors.New("longer than 253 characters")
	}
	for label := range strings.SplitSeq(name, ".") {
		switch {
		case label == "":
			return errors.New("empty label")
		case len(label) > 63:
			return fmt.Errorf("label %q is longer than 63 characters", label)
		case label[0] == '-' || label[len(label)-1] == '-':
			return fmt.Errorf("label %q starts or ends with a hyphen", label)
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return fmt.Errorf("%q is not allowed in a host name (use the xn-- form for international names)", c)
			}
		}
	}
	return nil
}
