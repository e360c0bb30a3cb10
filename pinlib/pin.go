package pinlib

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// Pins holds the hashes a pinning config can name. The SPKI hashes survive a
// certificate renewal that keeps the key; the certificate hashes do not.
type Pins struct {
	SPKISHA256 []byte // SHA-256 of the DER SubjectPublicKeyInfo: what Android, OkHttp, iOS, TrustKit and curl pin
	SPKISHA1   []byte // SHA-1 of the same, for OkHttp's legacy sha1/ pins
	CertSHA256 []byte // SHA-256 of the whole certificate (its fingerprint)
	CertSHA1   []byte // SHA-1 of the whole certificate
}

// PinsOf hashes a certificate. The SPKI pin is over RawSubjectPublicKeyInfo as
// sent, exactly like Android's and OkHttp's pinners, never over a re-encoding.
func PinsOf(cert *x509.Certificate) Pins {
	p := SPKIPin(cert.RawSubjectPublicKeyInfo)
	s256 := sha256.Sum256(cert.Raw)
	s1 := sha1.Sum(cert.Raw)
	p.CertSHA256, p.CertSHA1 = s256[:], s1[:]
	return p
}

// SPKIPin hashes a DER SubjectPublicKeyInfo, as found in a PUBLIC KEY block.
// Only the SPKI fields are set: a bare key has no certificate to fingerprint.
func SPKIPin(spkiDER []byte) Pins {
	s256 := sha256.Sum256(spkiDER)
	s1 := sha1.Sum(spkiDER)
	return Pins{SPKISHA256: s256[:], SPKISHA1: s1[:]}
}

func b64(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return base64.StdEncoding.EncodeToString(b)
}

func prefixed(prefix string, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return prefix + b64(b)
}

// SPKISHA256Base64 is the bare pin: Android <pin digest="SHA-256">, iOS
// SPKI-SHA256-BASE64, TrustKit kTSKPublicKeyHashes.
func (p Pins) SPKISHA256Base64() string { return b64(p.SPKISHA256) }

// OkHttp is the CertificatePinner form "sha256/<base64>".
func (p Pins) OkHttp() string { return prefixed("sha256/", p.SPKISHA256) }

// Curl is the --pinnedpubkey form "sha256//<base64>".
func (p Pins) Curl() string { return prefixed("sha256//", p.SPKISHA256) }

// HPKP is the Public-Key-Pins directive `pin-sha256="<base64>"`.
func (p Pins) HPKP() string {
	if len(p.SPKISHA256) == 0 {
		return ""
	}
	return `pin-sha256="` + b64(p.SPKISHA256) + `"`
}

// SPKISHA1Base64 is the SHA-1 SPKI hash, base64; only old OkHttp configs use it.
func (p Pins) SPKISHA1Base64() string { return b64(p.SPKISHA1) }

// OkHttpSHA1 is the legacy CertificatePinner form "sha1/<base64>".
func (p Pins) OkHttpSHA1() string { return prefixed("sha1/", p.SPKISHA1) }

// CertSHA256Hex is the certificate fingerprint in lowercase hex.
func (p Pins) CertSHA256Hex() string { return hex.EncodeToString(p.CertSHA256) }

// CertSHA256Colon is the fingerprint as `openssl x509 -fingerprint` prints it: "AB:CD:...".
func (p Pins) CertSHA256Colon() string { return colonHex(p.CertSHA256) }

// CertSHA1Hex is the SHA-1 fingerprint in lowercase hex.
func (p Pins) CertSHA1Hex() string { return hex.EncodeToString(p.CertSHA1) }

// CertSHA1Colon is the SHA-1 fingerprint as "AB:CD:...".
func (p Pins) CertSHA1Colon() string { return colonHex(p.CertSHA1) }

// colonHex writes bytes as uppercase hex pairs joined by colons.
func colonHex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, len(b)*3-1)
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, digits[c>>4], digits[c&0xf])
	}
	return string(out)
}

// PinError is why ParsePin could not read a pin. errors.Is(err,
// ErrInvalidPin) holds for it, and Reason is the why alone, for a sentence
// that already says the pin is not one.
type PinError struct {
	Reason string
	Err    error // the decoding error behind it, if any
}

func (e *PinError) Error() string        { return ErrInvalidPin.Error() + ": " + e.Reason }
func (e *PinError) Is(target error) bool { return target == ErrInvalidPin }
func (e *PinError) Unwrap() error        { return e.Err }

// ParsePin reads an SPKI SHA-256 pin in any notation people copy around: bare
// base64, OkHttp "sha256/…", curl "sha256//…" or HPKP `pin-sha256="…"`. It
// returns the 32-byte hash. Errors name the usual mix-ups (a hex certificate
// fingerprint, "sha-256/", a SHA-1 pin) because those fail silently in an app.
func ParsePin(s string) ([]byte, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ";")
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, &PinError{Reason: "empty"}
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "pin-sha256="):
		s = strings.Trim(s[len("pin-sha256="):], `"' `)
	case strings.HasPrefix(lower, "sha256//"):
		// curl's "sha256//", unless this is OkHttp's "sha256/" followed by a
		// base64 value that itself starts with "/": 44 characters remain then.
		if rest := strings.Trim(s[len("sha256/"):], `"'`); len(rest) == 44 {
			s = rest
		} else {
			s = s[len("sha256//"):]
		}
	case strings.HasPrefix(lower, "sha256/"):
		s = s[len("sha256/"):]
	case strings.HasPrefix(lower, "sha1/"), strings.HasPrefix(lower, "pin-sha1="):
		return nil, &PinError{Reason: fmt.Sprintf("%q is a SHA-1 pin; use the SHA-256 pin (sha256/...) of the same key", orig)}
	case strings.HasPrefix(lower, "sha-256/"), strings.HasPrefix(lower, "sha-256:"),
		strings.HasPrefix(lower, "sha256:"), strings.HasPrefix(lower, "sha256="):
		i := strings.IndexAny(s, "/:=")
		return nil, &PinError{Reason: fmt.Sprintf("prefix %q is not a pin prefix: OkHttp writes sha256/, curl sha256//, HPKP pin-sha256=\"...\"", s[:i+1])}
	}
	s = strings.Trim(s, `"'`)
	if h := strings.ReplaceAll(s, ":", ""); (len(h) == 64 || len(h) == 40) && isHex(h) {
		return nil, &PinError{Reason: fmt.Sprintf("%q looks like a hex certificate fingerprint; a pin is the base64 SHA-256 of the public key (SPKI)", orig)}
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if raw2, err2 := base64.RawStdEncoding.DecodeString(s); err2 == nil {
			raw, err = raw2, nil
		}
	}
	if err != nil {
		return nil, &PinError{Reason: fmt.Sprintf("%q is not base64: %v", orig, err), Err: err}
	}
	if len(raw) != sha256.Size {
		hint := ""
		if len(raw) == sha1.Size {
			hint = " (20 bytes is a SHA-1 hash)"
		}
		return nil, &PinError{Reason: fmt.Sprintf("%q decodes to %d bytes, a SHA-256 pin is 32%s", orig, len(raw), hint)}
	}
	return raw, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
