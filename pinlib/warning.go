package pinlib

import (
	"fmt"
	"time"
)

// Warning codes. They are stable: the UI, the lessons and tests key on them.
const (
	CodePrivateKeyDiscarded = "private-key-discarded" // a private key was pasted and thrown away unread
	CodeCSRSkipped          = "csr-skipped"           // a certificate signing request
	CodeCRLSkipped          = "crl-skipped"           // a certificate revocation list
	CodeBlockSkipped        = "block-skipped"         // some other PEM block (PGP, DH parameters, ...)
	CodeDuplicate           = "duplicate"             // the same certificate or key more than once
	CodeMissingIntermediate = "missing-intermediate"  // a leaf whose issuer is not in the input
	CodeRootIncluded        = "root-included"         // the chain carries its self-signed root
	CodeRootNotIncluded     = "root-not-included"     // a CA whose issuer is absent: normal when that issuer is a root
	CodeSelfSigned          = "self-signed"           // a self-signed leaf
	CodeOutOfOrder          = "out-of-order"          // the input was not leaf first
	CodeExpired             = "expired"
	CodeNotYetValid         = "not-yet-valid"
	CodeExpiringSoon        = "expiring-soon" // within ExpiringSoon of the reference time
	CodeNoSAN               = "no-san"        // a leaf without DNS or IP subject alternative names
	CodeWeakKey             = "weak-key"      // RSA below 2048 bits
	CodeSHA1Signature       = "sha1-signature"
	CodeWeakSignature       = "weak-signature" // MD2 or MD5
	CodeLeafIsCA            = "leaf-is-ca"
	CodeEd25519Leaf         = "ed25519-leaf" // a leaf with an Ed25519 key: most mobile TLS stacks refuse it
	CodePathLenViolation    = "pathlen-violation"
	CodeIssuerNotCA         = "issuer-not-ca"        // signed by a certificate that may not issue certificates
	CodeDeceptiveCharacters = "deceptive-characters" // control, bidi or invisible characters in a name
)

// ExpiringSoon is how close to expiry a certificate draws a warning.
const ExpiringSoon = 30 * 24 * time.Hour

// Severity separates what needs fixing from what is only worth knowing.
type Severity string

const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	// SeverityError marks what a client refuses outright: an Android
	// network security config that does not parse, so the app throws
	// "Failed to parse XML configuration" on its first connection (AOSP
	// XmlConfigSource.ensureInitialized).
	SeverityError Severity = "error"
)

// Warning is one finding about the input, in a plain sentence that names the certificate.
type Warning struct {
	Code     string   `json:"code"`     // one of the Code constants
	Message  string   `json:"message"`  // a plain sentence
	Index    int      `json:"index"`    // the certificate it is about, -1 for the input as a whole
	Severity Severity `json:"severity"` // info or warning
}

func warn(code string, index int, format string, args ...any) Warning {
	return Warning{Code: code, Index: index, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)}
}

func info(code string, index int, format string, args ...any) Warning {
	return Warning{Code: code, Index: index, Severity: SeverityInfo, Message: fmt.Sprintf(format, args...)}
}

// where names a place in the input for messages: "paste line 12" or "cert.der".
func where(name string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s line %d", name, line)
	}
	return name
}

func days(d time.Duration) int { return int(d.Hours() / 24) }

func plural(n int, one string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %ss", n, one)
}

const dateFormat = "2006-01-02"

// validityWarnings judges a certificate at now.
func validityWarnings(c *Certificate, now time.Time) []Warning {
	x := c.Cert
	switch {
	case now.After(x.NotAfter):
		return []Warning{warn(CodeExpired, c.Index, "%s expired on %s (%s ago); clients reject it.",
			c.Name(), x.NotAfter.UTC().Format(dateFormat), plural(days(now.Sub(x.NotAfter)), "day"))}
	case now.Before(x.NotBefore):
		return []Warning{warn(CodeNotYetValid, c.Index, "%s is not valid before %s (%s from now); clients reject it until then.",
			c.Name(), x.NotBefore.UTC().Format(dateFormat), plural(days(x.NotBefore.Sub(now)), "day"))}
	case x.NotAfter.Sub(now) < ExpiringSoon:
		left := days(x.NotAfter.Sub(now))
		when := "in " + plural(left, "day")
		if left == 0 {
			when = "within a day"
		}
		return []Warning{warn(CodeExpiringSoon, c.Index, "%s expires %s (%s). Plan the renewal now: a pin on its key only survives if the renewed certificate keeps that key.",
			c.Name(), when, x.NotAfter.UTC().Format(dateFormat))}
	}
	return nil
}
