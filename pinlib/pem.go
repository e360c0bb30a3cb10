package pinlib

import (
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// readPieces handles what scanText found in one input: a private key is
// reported and never read, a PEM block is read by its label. It returns how
// many pieces there were, good or bad.
func (r *reader) readPieces(name, text string) int {
	pieces := scanText(text)
	for _, p := range pieces {
		switch {
		case p.secret != "":
			r.note(pieceWarning(name, p))
		case p.truncated:
			r.fail(name, p.line, p.label, fmt.Errorf("%w: no -----END %s----- line follows the BEGIN line", ErrTruncatedPEM, p.label))
		default:
			r.endBlock(name, p)
		}
	}
	return len(pieces)
}

// Block labels, as written by OpenSSL and friends over the years.
var (
	certLabels   = map[string]bool{"CERTIFICATE": true, "X509 CERTIFICATE": true, "X.509 CERTIFICATE": true, "TRUSTED CERTIFICATE": true}
	pkcs7Labels  = map[string]bool{"PKCS7": true, "PKCS #7 SIGNED DATA": true, "CMS": true}
	csrLabels    = map[string]bool{"CERTIFICATE REQUEST": true, "NEW CERTIFICATE REQUEST": true}
	crlLabels    = map[string]bool{"X509 CRL": true}
	silentLabels = map[string]bool{"EC PARAMETERS": true} // what `openssl ecparam -genkey` prints before its key
)

// endBlock reads a complete PEM block that holds no private key.
func (r *reader) endBlock(name string, b *piece) {
	if b.endLabel != b.label {
		r.fail(name, b.line, b.label, fmt.Errorf("pinlib: mismatched PEM: BEGIN %s is closed by END %s", b.label, b.endLabel))
		return
	}
	switch {
	case csrLabels[b.label]:
		r.skipCSR(name, b.line, b.label+" block")
		return
	case crlLabels[b.label]:
		r.skipCRL(name, b.line, b.label+" block")
		return
	case silentLabels[b.label]:
		return
	case !certLabels[b.label] && !pkcs7Labels[b.label] && b.label != "PUBLIC KEY" && b.label != "RSA PUBLIC KEY":
		r.note(warn(CodeBlockSkipped, -1,
			"Skipped a %s block (%s): only certificates, PKCS#7 bundles and public keys carry pins.", b.label, where(name, b.line)))
		return
	}
	der, err := b.decode()
	if err != nil {
		r.fail(name, b.line, b.label, err)
		return
	}
	switch {
	case b.label == "PUBLIC KEY":
		err = r.readPublicKey(name, b.line, b.label, der)
	case b.label == "RSA PUBLIC KEY":
		err = r.readRSAPublicKey(name, b.line, der)
	default:
		if b.label == "TRUSTED CERTIFICATE" {
			// OpenSSL appends its trust settings after the certificate.
			var first asn1.RawValue
			if _, e := asn1.Unmarshal(der, &first); e == nil {
				der = first.FullBytes
			}
		}
		err = r.readDER(name, b.line, der)
	}
	if err != nil {
		r.fail(name, b.line, b.label, err)
	}
}

// decodeBody decodes a block's body to classify it; a block cut off before
// its END line is decoded as far as whole base64 quanta go.
func decodeBody(body []byte, truncated bool) ([]byte, error) {
	s := string(body)
	if truncated {
		s = strings.TrimRight(s, "=")
		s = s[:len(s)/4*4]
	}
	return decodeBase64(s)
}

// decode turns the collected body into DER, naming the line of a bad character.
func (b *piece) decode() ([]byte, error) {
	if len(b.body) == 0 {
		return nil, fmt.Errorf("%w: the block is empty", ErrBadBase64)
	}
	s := string(b.body)
	der, err := base64.StdEncoding.DecodeString(s)
	if err == nil {
		return der, nil
	}
	// Tolerate missing padding, as many tools do.
	if der, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err2 == nil {
		return der, nil
	}
	var ce base64.CorruptInputError
	if errors.As(err, &ce) {
		off := int(ce)
		if off >= len(s) {
			return nil, fmt.Errorf("%w: the data ends early on line %d (missing characters or padding)", ErrBadBase64, b.lineAt(len(s)-1))
		}
		return nil, fmt.Errorf("%w: unexpected %q on line %d", ErrBadBase64, s[off], b.lineAt(off))
	}
	return nil, fmt.Errorf("%w: %w", ErrBadBase64, err)
}

func (r *reader) readPublicKey(name string, line int, block string, der []byte) error {
	key, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		if strings.Contains(err.Error(), "unknown public key algorithm") {
			return fmt.Errorf("%w: %w", ErrUnsupportedKey, err)
		}
		return fmt.Errorf("pinlib: not a public key: %w", err)
	}
	r.addKey(name, line, block, der, key)
	return nil
}

// readRSAPublicKey reads PKCS#1 and re-encodes it as the SubjectPublicKeyInfo
// a certificate would carry, since that is what clients hash.
func (r *reader) readRSAPublicKey(name string, line int, der []byte) error {
	key, err := x509.ParsePKCS1PublicKey(der)
	if err != nil {
		return fmt.Errorf("pinlib: not an RSA public key: %w", err)
	}
	spki, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnsupportedKey, err)
	}
	r.addKey(name, line, "RSA PUBLIC KEY", spki, key)
	return nil
}

// lineAt maps an offset in body back to its input line.
func (b *piece) lineAt(offset int) int {
	ln := b.line
	for _, l := range b.lines {
		if l.offset > offset {
			break
		}
		ln = l.line
	}
	return ln
}
