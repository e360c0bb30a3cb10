package pinlib

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"strings"
)

// Role is a certificate's place in what was pasted.
type Role string

const (
	RoleLeaf         Role = "leaf"         // the server's own certificate
	RoleIntermediate Role = "intermediate" // a CA between the leaf and the root
	RoleRoot         Role = "root"         // a self-signed CA: a trust anchor
	RoleUnrelated    Role = "unrelated"    // part of a bundle with no chain in it
)

// Certificate is one parsed certificate with where it came from and what it is.
type Certificate struct {
	Index       int               // position in Bundle.Certificates
	Role        Role              // leaf, intermediate, root or unrelated
	Cert        *x509.Certificate // the parsed certificate
	Source      string            // the Input's Name
	Line        int               // 1-based line of its BEGIN line; 0 for binary input
	Pins        Pins              // its SPKI pins and fingerprints
	IssuerIndex int               // index of the certificate that verifiably signed it; -1 if absent or self-signed
	SelfSigned  bool              // issued by itself: same name, same key ID (see analyze)
	Duplicates  int               // extra copies dropped from the input
}

// Name is how messages refer to the certificate: its CN, or failing that its subject.
func (c *Certificate) Name() string {
	if cn := c.Cert.Subject.CommonName; cn != "" {
		return cn
	}
	if s := c.Subject(); s != "" {
		return s
	}
	if sans := c.SANs(); len(sans) > 0 {
		return sans[0]
	}
	return fmt.Sprintf("certificate #%d", c.Index)
}

// Subject is the subject DN in RFC 2253 order with OpenSSL's attribute names,
// so it reads like `openssl x509 -subject -nameopt RFC2253`.
func (c *Certificate) Subject() string { return formatDN(c.Cert.RawSubject, c.Cert.Subject) }

// Issuer is the issuer DN, formatted like Subject.
func (c *Certificate) Issuer() string { return formatDN(c.Cert.RawIssuer, c.Cert.Issuer) }

// Serial is the serial number as colon-separated hex.
func (c *Certificate) Serial() string {
	n := c.Cert.SerialNumber
	if n == nil {
		return ""
	}
	if n.Sign() == 0 {
		return "00"
	}
	s := colonHex(n.Bytes())
	if n.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// SANs lists the subject alternative names as OpenSSL prints them: "DNS:…", "IP:…", "email:…", "URI:…".
func (c *Certificate) SANs() []string {
	x := c.Cert
	var out []string
	for _, d := range x.DNSNames {
		out = append(out, "DNS:"+d)
	}
	for _, ip := range x.IPAddresses {
		out = append(out, "IP:"+ip.String())
	}
	for _, e := range x.EmailAddresses {
		out = append(out, "email:"+e)
	}
	for _, u := range x.URIs {
		out = append(out, "URI:"+u.String())
	}
	return out
}

// KeyType describes the public key: "RSA 2048", "ECDSA P-256", "Ed25519".
func (c *Certificate) KeyType() string { return keyType(c.Cert.PublicKey) }

// SignatureAlgorithm names how the issuer signed this certificate.
func (c *Certificate) SignatureAlgorithm() string { return c.Cert.SignatureAlgorithm.String() }

// IsCA reports a valid basic constraints extension with CA:TRUE.
func (c *Certificate) IsCA() bool { return c.Cert.BasicConstraintsValid && c.Cert.IsCA }

// MaxPathLen is the basic constraints pathLenConstraint, or -1 when there is none.
func (c *Certificate) MaxPathLen() int {
	x := c.Cert
	if !x.BasicConstraintsValid || !x.IsCA || x.MaxPathLen < 0 || (x.MaxPathLen == 0 && !x.MaxPathLenZero) {
		return -1
	}
	return x.MaxPathLen
}

// SKI is the subject key identifier as "AB:CD:…". Shown for matching keys by
// eye; it is not a pin (nothing checks it against the key).
func (c *Certificate) SKI() string { return colonHex(c.Cert.SubjectKeyId) }

// AKI is the authority key identifier as "AB:CD:…".
func (c *Certificate) AKI() string { return colonHex(c.Cert.AuthorityKeyId) }

var keyUsageNames = []struct {
	bit  x509.KeyUsage
	name string
}{
	{x509.KeyUsageDigitalSignature, "Digital Signature"},
	{x509.KeyUsageContentCommitment, "Non Repudiation"},
	{x509.KeyUsageKeyEncipherment, "Key Encipherment"},
	{x509.KeyUsageDataEncipherment, "Data Encipherment"},
	{x509.KeyUsageKeyAgreement, "Key Agreement"},
	{x509.KeyUsageCertSign, "Certificate Sign"},
	{x509.KeyUsageCRLSign, "CRL Sign"},
	{x509.KeyUsageEncipherOnly, "Encipher Only"},
	{x509.KeyUsageDecipherOnly, "Decipher Only"},
}

// KeyUsage lists the key usage bits with OpenSSL's names.
func (c *Certificate) KeyUsage() []string {
	var out []string
	for _, k := range keyUsageNames {
		if c.Cert.KeyUsage&k.bit != 0 {
			out = append(out, k.name)
		}
	}
	return out
}

var extKeyUsageNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny:                            "Any Extended Key Usage",
	x509.ExtKeyUsageServerAuth:                     "TLS Web Server Authentication",
	x509.ExtKeyUsageClientAuth:                     "TLS Web Client Authentication",
	x509.ExtKeyUsageCodeSigning:                    "Code Signing",
	x509.ExtKeyUsageEmailProtection:                "E-mail Protection",
	x509.ExtKeyUsageIPSECEndSystem:                 "IPSec End System",
	x509.ExtKeyUsageIPSECTunnel:                    "IPSec Tunnel",
	x509.ExtKeyUsageIPSECUser:                      "IPSec User",
	x509.ExtKeyUsageTimeStamping:                   "Time Stamping",
	x509.ExtKeyUsageOCSPSigning:                    "OCSP Signing",
	x509.ExtKeyUsageMicrosoftServerGatedCrypto:     "Microsoft Server Gated Crypto",
	x509.ExtKeyUsageNetscapeServerGatedCrypto:      "Netscape Server Gated Crypto",
	x509.ExtKeyUsageMicrosoftCommercialCodeSigning: "Microsoft Commercial Code Signing",
	x509.ExtKeyUsageMicrosoftKernelCodeSigning:     "Microsoft Kernel Code Signing",
}

// ExtKeyUsage lists the extended key usages with OpenSSL's names; unknown ones as dotted OIDs.
func (c *Certificate) ExtKeyUsage() []string {
	var out []string
	for _, u := range c.Cert.ExtKeyUsage {
		if n, ok := extKeyUsageNames[u]; ok {
			out = append(out, n)
		} else {
			out = append(out, fmt.Sprintf("ExtKeyUsage(%d)", u))
		}
	}
	for _, oid := range c.Cert.UnknownExtKeyUsage {
		out = append(out, oid.String())
	}
	return out
}

// PublicKey is a bare key from a PUBLIC KEY or RSA PUBLIC KEY block: pinning
// only needs the key, so a key is as good as its certificate for a pin.
type PublicKey struct {
	Index  int              // position in Bundle.PublicKeys
	Source string           // the Input's Name
	Line   int              // 1-based line of its BEGIN line
	Block  string           // "PUBLIC KEY" or "RSA PUBLIC KEY"
	Key    crypto.PublicKey // the parsed key
	SPKI   []byte           // DER SubjectPublicKeyInfo, the bytes the pin hashes
	Pins   Pins             // SPKI fields only
}

// KeyType describes the key: "RSA 2048", "ECDSA P-256", "Ed25519".
func (k *PublicKey) KeyType() string { return keyType(k.Key) }

func keyType(pub any) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil {
			return "RSA"
		}
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case *ecdsa.PublicKey:
		if k.Curve == nil {
			return "ECDSA"
		}
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	case *ecdh.PublicKey:
		if k.Curve() == ecdh.X25519() {
			return "X25519"
		}
		return "ECDH"
	case nil:
		return "unknown"
	default:
		// DSA and anything else Go still parses.
		name := fmt.Sprintf("%T", pub)
		name = strings.TrimPrefix(name, "*")
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name = strings.ToUpper(name[:i])
		}
		return name
	}
}

// rsaBits is the RSA modulus size, 0 for other keys.
func rsaBits(pub any) int {
	if k, ok := pub.(*rsa.PublicKey); ok && k.N != nil {
		return k.N.BitLen()
	}
	return 0
}

// OpenSSL's short names, so subjects read the way people see them in openssl
// output and browsers (Go's own String prints EV attributes as raw OIDs).
var attrShortNames = map[string]string{
	"2.5.4.3":                    "CN",
	"2.5.4.4":                    "SN",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "C",
	"2.5.4.7":                    "L",
	"2.5.4.8":                    "ST",
	"2.5.4.9":                    "street",
	"2.5.4.10":                   "O",
	"2.5.4.11":                   "OU",
	"2.5.4.12":                   "title",
	"2.5.4.15":                   "businessCategory",
	"2.5.4.17":                   "postalCode",
	"2.5.4.42":                   "GN",
	"2.5.4.43":                   "initials",
	"2.5.4.46":                   "dnQualifier",
	"2.5.4.65":                   "pseudonym",
	"2.5.4.97":                   "organizationIdentifier",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"0.9.2342.19200300.100.1.1":  "UID",
	"0.9.2342.19200300.100.1.25": "DC",
	"1.3.6.1.4.1.311.60.2.1.1":   "jurisdictionL",
	"1.3.6.1.4.1.311.60.2.1.2":   "jurisdictionST",
	"1.3.6.1.4.1.311.60.2.1.3":   "jurisdictionC",
}

// formatDN renders a DN in RFC 2253 order (last RDN first), falling back to
// Go's rendering if the raw bytes do not parse.
func formatDN(raw []byte, parsed pkix.Name) string {
	var seq pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &seq); err != nil || len(rest) != 0 {
		return parsed.String()
	}
	var b strings.Builder
	for i := len(seq) - 1; i >= 0; i-- {
		if i < len(seq)-1 {
			b.WriteByte(',')
		}
		for j, atv := range seq[i] {
			if j > 0 {
				b.WriteByte('+')
			}
			key := atv.Type.String()
			if n, ok := attrShortNames[key]; ok {
				key = n
			}
			b.WriteString(key)
			b.WriteByte('=')
			if s, ok := atv.Value.(string); ok {
				b.WriteString(escapeDNValue(s))
			} else if der, err := asn1.Marshal(atv.Value); err == nil {
				b.WriteString("#" + hex.EncodeToString(der))
			}
		}
	}
	return b.String()
}

// escapeDNValue escapes as RFC 2253 section 2.4 asks.
func escapeDNValue(s string) string {
	var b strings.Builder
	for k, c := range s {
		esc := false
		switch c {
		case ',', '+', '"', '\\', '<', '>', ';':
			esc = true
		case ' ':
			esc = k == 0 || k == len(s)-1
		case '#':
			esc = k == 0
		}
		if esc {
			b.WriteByte('\\')
		}
		if c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "\\%02X", c)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
