package pinlib

import (
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// encoding/pem rejects indented lines, CR line endings, text glued to the
// markers and JSON "\n" escapes, all of which people paste. So blocks are
// found here by their markers, line by line, and only the base64 between
// them is decoded.

const (
	beginMarker = "-----BEGIN "
	endMarker   = "-----END "
	dashes      = "-----"
)

// pemBlock is a block being collected.
type pemBlock struct {
	label  string
	line   int
	secret bool // a private key: its body is never collected
	body   []byte
	lines  []bodyLine // where each part of body came from, for error messages
}

type bodyLine struct{ offset, line int }

// add appends one fragment of the body, dropping what wrapping and quoting
// added around the base64.
func (b *pemBlock) add(frag string, line int) {
	if b.secret {
		return
	}
	t := strings.TrimSpace(frag)
	if t == "" {
		return
	}
	if len(b.body) == 0 && strings.Contains(t, ":") {
		return // an RFC 1421 header such as "Proc-Type: 4,ENCRYPTED"
	}
	if b.body == nil {
		b.body = make([]byte, 0, 2048) // most certificates fit
	}
	b.lines = append(b.lines, bodyLine{len(b.body), line})
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case ' ', '\t', '\v', '\f', '"', '\'', ',', '\\':
		default:
			b.body = append(b.body, c)
		}
	}
}

// lineAt maps an offset in body back to its input line.
func (b *pemBlock) lineAt(offset int) int {
	ln := b.line
	for _, l := range b.lines {
		if l.offset > offset {
			break
		}
		ln = l.line
	}
	return ln
}

// scanPEM finds every PEM block in text and handles it. It returns how many
// blocks it saw, good or bad.
func (r *reader) scanPEM(name, text string) int {
	var cur *pemBlock
	blocks := 0
	lineNo := 0
	for text != "" {
		var line string
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			line, text = text, ""
		} else {
			line = text[:i]
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			text = text[i+1:]
		}
		lineNo++
		// JSON and YAML strings carry line breaks as literal \n (or \r\n).
		for line != "" {
			seg := line
			if j := strings.Index(line, `\n`); j >= 0 {
				seg, line = line[:j], line[j+2:]
			} else {
				line = ""
			}
			seg = strings.TrimSuffix(seg, `\r`)
			cur = r.scanSegment(name, seg, lineNo, cur, &blocks)
		}
	}
	if cur != nil {
		r.endBlock(name, cur, "", true)
	}
	return blocks
}

// scanSegment handles one piece of a line, which may open, continue or close
// blocks (a flattened paste can hold several on one line).
func (r *reader) scanSegment(name, seg string, line int, cur *pemBlock, blocks *int) *pemBlock {
	for {
		if cur == nil {
			i := strings.Index(seg, beginMarker)
			if i < 0 {
				return nil
			}
			rest := seg[i+len(beginMarker):]
			j := strings.Index(rest, dashes)
			if j < 0 {
				return nil
			}
			label := normLabel(rest[:j])
			cur = &pemBlock{label: label, line: line, secret: strings.Contains(label, "PRIVATE KEY")}
			*blocks++
			seg = rest[j+len(dashes):]
			continue
		}
		b := strings.Index(seg, beginMarker)
		e := strings.Index(seg, endMarker)
		if b >= 0 && (e < 0 || b < e) {
			cur.add(seg[:b], line)
			r.endBlock(name, cur, "", true)
			cur = nil
			seg = seg[b:]
			continue
		}
		if e < 0 {
			cur.add(seg, line)
			return cur
		}
		cur.add(seg[:e], line)
		rest := seg[e+len(endMarker):]
		var endLabel string
		if j := strings.Index(rest, dashes); j >= 0 {
			endLabel, seg = normLabel(rest[:j]), rest[j+len(dashes):]
		} else {
			endLabel, seg = normLabel(rest), ""
		}
		r.endBlock(name, cur, endLabel, false)
		cur = nil
	}
}

func normLabel(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), " ")) }

// Block labels, as written by OpenSSL and friends over the years.
var (
	certLabels   = map[string]bool{"CERTIFICATE": true, "X509 CERTIFICATE": true, "X.509 CERTIFICATE": true, "TRUSTED CERTIFICATE": true}
	pkcs7Labels  = map[string]bool{"PKCS7": true, "PKCS #7 SIGNED DATA": true, "CMS": true}
	csrLabels    = map[string]bool{"CERTIFICATE REQUEST": true, "NEW CERTIFICATE REQUEST": true}
	crlLabels    = map[string]bool{"X509 CRL": true}
	silentLabels = map[string]bool{"EC PARAMETERS": true} // what `openssl ecparam -genkey` prints before its key
)

// endBlock handles a finished (or truncated) block.
func (r *reader) endBlock(name string, b *pemBlock, endLabel string, truncated bool) {
	if b.secret {
		// Reported even when truncated: the paste happened either way.
		r.privateKey(name, b.line, b.label+" block")
		return
	}
	if truncated {
		r.fail(name, b.line, b.label, fmt.Errorf("%w: no -----END %s----- line follows the BEGIN line", ErrTruncatedPEM, b.label))
		return
	}
	if endLabel != b.label {
		r.fail(name, b.line, b.label, fmt.Errorf("pinlib: mismatched PEM: BEGIN %s is closed by END %s", b.label, endLabel))
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
		r.warnings = append(r.warnings, warn(CodeBlockSkipped, -1,
			"Skipped a %s block (%s): only certificates, PKCS#7 bundles and public keys carry pins.", b.label, where(name, b.line)))
		return
	}
	der, err := b.decode()
	clear(b.body) // it may hold a private key under a wrong label
	if err != nil {
		r.fail(name, b.line, b.label, err)
		return
	}
	switch {
	case (b.label == "PUBLIC KEY" || b.label == "RSA PUBLIC KEY") && privateKeyShape(der) != "":
		// A private key under a public label: same treatment as any other.
		r.privateKey(name, b.line, privateKeyShape(der)+" in a "+b.label+" block")
		clear(der)
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

// decode turns the collected body into DER, naming the line of a bad character.
func (b *pemBlock) decode() ([]byte, error) {
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
