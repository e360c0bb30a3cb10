package pinlib

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, wrapped with %w so callers can branch with errors.Is.
var (
	// ErrTooLarge: an input over MaxInputSize is refused whole, so a pasted
	// disk image cannot freeze the browser tab.
	ErrTooLarge = fmt.Errorf("pinlib: input larger than %d MiB", MaxInputSize>>20)

	// ErrNoCertificate: nothing in the input looked like a certificate or key.
	ErrNoCertificate = errors.New("pinlib: no certificate found (expected PEM, base64 DER, DER or PKCS#7)")

	// ErrTruncatedPEM: a BEGIN line without its END line.
	ErrTruncatedPEM = errors.New("pinlib: truncated PEM")

	// ErrBadBase64: the body of a PEM block, or a bare base64 paste, does not decode.
	ErrBadBase64 = errors.New("pinlib: bad base64")

	// ErrNotCertificate: the bytes decode but are not a certificate (or bundle, or key).
	ErrNotCertificate = errors.New("pinlib: not a certificate")

	// ErrUnsupportedKey: a public key Go cannot read, so no key type can be shown.
	ErrUnsupportedKey = errors.New("pinlib: unsupported public key")

	// ErrInvalidPin: ParsePin could not read a pin.
	ErrInvalidPin = errors.New("pinlib: invalid pin")

	// ErrInternal: a bug caught before it could crash the caller (a panic in the
	// browser would kill the whole app).
	ErrInternal = errors.New("pinlib: internal error")
)

// InputError says which input, line and block went wrong, so a person can find
// the spot in what they pasted. A broken block never hides the good ones.
type InputError struct {
	Name  string // the Input's Name: a file name, "-" or "paste"
	Line  int    // 1-based line where the block starts; 0 when unknown (binary input)
	Block string // "CERTIFICATE", "PKCS7", "PUBLIC KEY", "DER", ...; empty for the input as a whole
	Err   error
}

// Error reads "pinlib: paste line 12: CERTIFICATE block: truncated PEM: ...".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("pinlib: ")
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(": ")
	if e.Block != "" {
		b.WriteString(e.Block)
		b.WriteString(" block: ")
	}
	if e.Err != nil {
		// The wrapped errors carry their own "pinlib: " prefix; say it once.
		b.WriteString(Message(e.Err))
	}
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// errorPrefixes are the prefixes pinlib's packages start their errors with,
// as Go errors name their package ("x509: "): they tell a programmer where
// an error came from, and tell a person reading a page or a terminal
// nothing.
var errorPrefixes = []string{"pinlib: ", "platform: ", "sim: "}

// Message is err as a person reads it: its sentence, without the package
// prefix. Pages and the CLI show pinlib's errors through it, so the
// prefixes are known in one place and every message reads alike.
func Message(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	for _, p := range errorPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest
		}
	}
	return s
}

// Size writes a byte count for messages about the input cap: "4.21 MiB",
// with enough digits that a size just over the cap does not read as the cap.
func Size(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
}
