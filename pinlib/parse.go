package pinlib

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/smallstep/pkcs7"
)

// MaxInputSize bounds one input. Real chains are a few KiB and a full CA
// bundle about 200 KiB; anything past 4 MiB is a wrong file.
const MaxInputSize = 4 << 20

// Input is one thing a person handed over: a file, stdin or the paste box.
type Input struct {
	Name string // file name, "-" or "paste"; used in messages
	Data []byte
}

// Read parses every input, drops duplicates and analyses the chain, judging
// validity at the current time. It never panics: problems end up in
// Bundle.Errors and Bundle.Warnings next to whatever could be read.
func Read(inputs ...Input) *Bundle { return ReadAt(time.Now(), inputs...) }

// ReadAt is Read with validity judged at now, so results are reproducible.
func ReadAt(now time.Time, inputs ...Input) *Bundle {
	r := &reader{
		seenCert: make(map[[32]byte]*Certificate),
		seenKey:  make(map[[32]byte]*PublicKey),
	}
	for i, in := range inputs {
		name := in.Name
		if name == "" {
			name = "input"
			if len(inputs) > 1 {
				name = fmt.Sprintf("input %d", i+1)
			}
		}
		r.readInput(name, in.Data)
	}
	return r.bundle(now)
}

// reader collects what the inputs hold, in input order.
type reader struct {
	certs    []*Certificate
	keys     []*PublicKey
	seenCert map[[32]byte]*Certificate
	seenKey  map[[32]byte]*PublicKey
	warnings []Warning
	errors   []*InputError

	// What was not listed, past the caps below.
	unlistedWarnings map[string]int // by code
	unlistedErrors   int
	lastName         string
}

// A paste of 100,000 broken blocks needs a few examples and a count, not a
// 100,000-line list that the page would have to draw and people to read.
const (
	maxListedErrors   = 50
	maxListedWarnings = 20 // per code
)

func (r *reader) fail(name string, line int, block string, err error) {
	if len(r.errors) >= maxListedErrors {
		r.unlistedErrors++
		r.lastName = name
		return
	}
	r.errors = append(r.errors, &InputError{Name: name, Line: line, Block: block, Err: err})
}

// note records a warning about the input, up to maxListedWarnings of a kind.
func (r *reader) note(w Warning) {
	n := 0
	for _, o := range r.warnings {
		if o.Code == w.Code {
			n++
		}
	}
	if n >= maxListedWarnings {
		if r.unlistedWarnings == nil {
			r.unlistedWarnings = map[string]int{}
		}
		r.unlistedWarnings[w.Code]++
		return
	}
	r.warnings = append(r.warnings, w)
}

// unlisted sums up what the caps left out, after the examples.
func (r *reader) unlisted() {
	if r.unlistedErrors > 0 {
		r.errors = append(r.errors, &InputError{Name: r.lastName,
			Err: fmt.Errorf("%w: %d more problems like the ones above were not listed", ErrNotCertificate, r.unlistedErrors)})
	}
	for _, code := range slices.Sorted(maps.Keys(r.unlistedWarnings)) {
		r.warnings = append(r.warnings, warn(code, -1, "%d more warnings like the ones above (%s) were not listed.", r.unlistedWarnings[code], code))
	}
}

func (r *reader) readInput(name string, data []byte) {
	defer func() {
		// A crash in the browser takes the whole app down; report it instead.
		if v := recover(); v != nil {
			r.fail(name, 0, "", fmt.Errorf("%w: %v", ErrInternal, v))
		}
	}()
	if len(data) > MaxInputSize {
		r.fail(name, 0, "", fmt.Errorf("%w: %s is %s, and a certificate chain is a few KiB", ErrTooLarge, name, Size(len(data))))
		return
	}
	var derErr error
	if looksDER(data) {
		// Copy: the parsed certificates keep slices of it and the caller owns data.
		if derErr = r.readDER(name, 0, bytes.Clone(data)); derErr == nil {
			return
		}
	}
	text, ok := decodeText(data)
	if !ok || (derErr != nil && !utf8.Valid(data)) {
		if derErr == nil {
			derErr = r.readDER(name, 0, bytes.Clone(data))
			if derErr == nil {
				return
			}
		}
		r.fail(name, 0, "binary DER", derErr)
		return
	}
	if r.readPieces(name, text) > 0 {
		return
	}
	if r.readBareBase64(name, text) {
		return
	}
	err := ErrNoCertificate
	if strings.TrimSpace(text) == "" {
		err = fmt.Errorf("%w: the input is empty", ErrNoCertificate)
	} else if strings.Contains(text, "Certificate:") && strings.Contains(text, "Signature Algorithm") {
		err = fmt.Errorf("%w: this looks like openssl -text output without the PEM block; run openssl without -noout", ErrNoCertificate)
	}
	r.fail(name, 0, "", err)
}

// looksDER: a DER certificate or PKCS#7 starts with a SEQUENCE tag and a
// length byte; text never starts like that except by chance ("0…").
func looksDER(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x30 && data[1] <= 0x84
}

// decodeText turns the input into a string, undoing a UTF-16 byte order mark
// (PowerShell's redirection writes UTF-16) and a UTF-8 one (Notepad).
func decodeText(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return string(utf16.Decode(u)), true
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", false
	}
	return string(data), true
}

// readDER reads binary data: one or more concatenated DER certificates, a
// PKCS#7 bundle, or a private key (recognised by shape, then wiped).
func (r *reader) readDER(name string, line int, der []byte) error {
	certs, certErr := parseCertificates(der)
	if certErr == nil {
		for _, c := range certs {
			r.addCert(c, name, line)
		}
		return nil
	}
	if p7certs, err := parsePKCS7(der); err == nil {
		if len(p7certs) == 0 {
			return fmt.Errorf("%w: the PKCS#7 bundle holds no certificate", ErrNotCertificate)
		}
		for _, c := range p7certs {
			r.addCert(c, name, line)
		}
		return nil
	}
	if kind := privateKeyShape(der); kind != "" {
		clear(der)
		r.privateKey(name, line, kind)
		return nil
	}
	if _, err := x509.ParseCertificateRequest(der); err == nil {
		r.skipCSR(name, line, "DER")
		return nil
	}
	if _, err := x509.ParseRevocationList(der); err == nil {
		r.skipCRL(name, line, "DER")
		return nil
	}
	return fmt.Errorf("%w, PKCS#7 bundle or key: %w", ErrNotCertificate, certErr)
}

// parsePKCS7 reads the certificates of a .p7b. The parser is outside code
// fed with untrusted bytes, so a panic in it becomes an error.
func parsePKCS7(der []byte) (certs []*x509.Certificate, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("pkcs7: %v", v)
		}
	}()
	if !berWellFormed(der) {
		return nil, errors.New("pkcs7: malformed BER")
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, err
	}
	return p7.Certificates, nil
}

// skipCSR notes a certificate signing request; what says what it looked like.
func (r *reader) skipCSR(name string, line int, what string) {
	r.note(warn(CodeCSRSkipped, -1,
		"Skipped a certificate signing request (%s, %s): it is not a certificate yet. Its key can still serve as a backup pin: `openssl req -pubkey -noout` prints it as a PUBLIC KEY block to paste here.",
		what, where(name, line)))
}

// skipCRL notes a certificate revocation list.
func (r *reader) skipCRL(name string, line int, what string) {
	r.note(warn(CodeCRLSkipped, -1,
		"Skipped a certificate revocation list (%s, %s): it holds no key to pin.", what, where(name, line)))
}

// privateKey records a discarded private key; what says what it looked like.
func (r *reader) privateKey(name string, line int, what string) {
	r.note(privateKeyWarning(name, line, what))
}

func (r *reader) addCert(x *x509.Certificate, name string, line int) {
	pins := PinsOf(x)
	id := [32]byte(pins.CertSHA256)
	if c, ok := r.seenCert[id]; ok {
		c.Duplicates++
		return
	}
	c := &Certificate{Cert: x, Source: name, Line: line, Pins: pins, IssuerIndex: -1}
	r.seenCert[id] = c
	r.certs = append(r.certs, c)
}

func (r *reader) addKey(name string, line int, block string, spki []byte, key any) {
	pins := SPKIPin(spki)
	id := [32]byte(pins.SPKISHA256)
	if k, ok := r.seenKey[id]; ok {
		r.note(info(CodeDuplicate, -1, "The %s key at %s repeats the one at %s; kept once.",
			keyType(key), where(name, line), where(k.Source, k.Line)))
		return
	}
	k := &PublicKey{Index: len(r.keys), Source: name, Line: line, Block: block, Key: key, SPKI: spki, Pins: pins}
	r.seenKey[id] = k
	r.keys = append(r.keys, k)
}

// readBareBase64 handles a certificate pasted as base64 with no PEM armour,
// one line or wrapped, possibly quoted. It reports whether the input was base64.
func (r *reader) readBareBase64(name, text string) bool {
	s, ok := bareBase64(text)
	if !ok {
		return false
	}
	der, err := decodeBase64(s)
	if err != nil {
		r.fail(name, 0, "base64", fmt.Errorf("%w: %w", ErrBadBase64, err))
		return true
	}
	if err := r.readDER(name, 0, der); err != nil {
		clear(der)
		r.fail(name, 0, "base64", err)
	}
	return true
}

// bareBase64 joins text that looks like wrapped base64 (long runs of the
// alphabet, maybe quoted or with literal "\n" escapes) and says whether it
// does. Prose does not pass: its words are short.
func bareBase64(text string) (string, bool) {
	text = strings.NewReplacer(`\r`, " ", `\n`, " ").Replace(text)
	fields := strings.Fields(text)
	var b strings.Builder
	for i, f := range fields {
		f = strings.Trim(f, `"',\`)
		if !isBase64(f) || (i < len(fields)-1 && len(f) < 16) {
			return "", false
		}
		b.WriteString(f)
	}
	if b.Len() < 64 {
		return "", false
	}
	return b.String(), true
}

func isBase64(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// decodeBase64 accepts standard base64 with or without padding, and the
// URL alphabet some tools emit.
func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err == nil {
		return b, nil
	}
	bare := strings.TrimRight(s, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err2 := enc.DecodeString(bare); err2 == nil {
			return b, nil
		}
	}
	return nil, err
}
