package platform

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"

	"pinlab/pinlib"
)

func warn(code, format string, args ...any) Lint {
	return Lint{Code: code, Severity: pinlib.SeverityWarning, Message: fmt.Sprintf(format, args...)}
}

func info(code, format string, args ...any) Lint {
	return Lint{Code: code, Severity: pinlib.SeverityInfo, Message: fmt.Sprintf(format, args...)}
}

// features says which parts of a Policy a platform can express; what it
// cannot is dropped from the output with a lint, never written half-way.
type features struct {
	expiry    bool // a date from which pins are no longer checked (the first unpinned day)
	softFail  bool // report-only
	reportURI bool // somewhere to send reports
	certMode  bool // whole-certificate pins
	wildcard  bool // a "*." host pattern
}

// prepared is a Policy checked once more before writing: Config may be
// handed a Policy that did not come from Choose, and nothing unchecked may
// reach XML, a property list or source code.
type prepared struct {
	Policy
	host     string // without "*."
	wildcard bool   // Host was "*.domain"
	pins     []Pin  // valid 32-byte pins, duplicates dropped
}

// prepare validates p and returns the lints every platform shares. ok is
// false when nothing can be written (bad host, no valid pin).
func prepare(p Policy, f features) (q prepared, lints []Lint, ok bool) {
	q.Policy = p
	lints = append(lints, p.Notes...)
	host, err := ValidateHost(p.Host, true)
	if err != nil {
		return q, append(lints, warn("invalid-host", "%s; nothing was written", err)), false
	}
	q.host, q.wildcard = strings.CutPrefix(host, "*.")
	q.Host = host
	if _, err := ValidateReportURI(p.ReportURI); err != nil {
		lints = append(lints, warn("invalid-report-uri", "%s; it was left out", err))
		q.ReportURI = ""
	}
	for _, pin := range p.Pins {
		if len(pin.SPKISHA256) != 32 {
			lints = append(lints, warn("invalid-pin", "a pin of %d bytes (%s) was left out: a SHA-256 pin is 32 bytes", len(pin.SPKISHA256), safeLabel(pin.Label)))
			continue
		}
		dup := false
		for _, have := range q.pins {
			dup = dup || bytes.Equal(have.SPKISHA256, pin.SPKISHA256)
		}
		if !dup {
			q.pins = append(q.pins, pin)
		}
	}
	if len(q.pins) == 0 {
		return q, append(lints, warn("no-pins", "no pin to write")), false
	}
	q.Pins = q.pins
	lints = append(lints, commonLints(q, f)...)
	return q, lints, true
}

// commonLints are the mistakes every platform shares: OWASP MASWE-0047 and
// the HPKP backup rule (RFC 7469 section 4.3) apply whatever the client.
func commonLints(q prepared, f features) []Lint {
	var out []Lint
	if len(q.pins) < 2 {
		out = append(out, warn("single-pin", "only one pin: when that key changes the app cannot connect until it is updated; add a backup pin"))
	}
	backup := false
	for _, pin := range q.pins {
		backup = backup || pin.Source == FromBackup
	}
	if !backup {
		out = append(out, warn("no-backup", "every pin comes from the current chain: add a backup key kept offline (not in the chain) so a key compromise or CA switch does not lock users out"))
	}
	now := q.Now
	for _, pin := range q.pins {
		if pin.Cert != nil && !now.IsZero() && now.After(pin.Cert.NotAfter) {
			out = append(out, warn("pinned-cert-expired", "%s expired on %s: the server no longer sends it", safeLabel(pin.Label), day(pin.Cert.NotAfter)))
		}
	}
	if !q.Expires.IsZero() {
		if !f.expiry {
			out = append(out, warn("no-expiration-support", "this platform has no pin expiration: the date %s is not written, pins stay until the app is updated", day(q.Expires)))
		} else {
			out = append(out, expiryLints(q)...)
		}
	}
	if q.SoftFail && !f.softFail {
		out = append(out, warn("no-soft-fail", "this platform has no report-only mode: the pins are enforced (hard fail)"))
	}
	if q.ReportURI != "" && !f.reportURI {
		out = append(out, info("no-report-uri", "this platform sends no pin failure reports: the report URI is not written"))
	}
	if q.CertificateMode && !f.certMode {
		out = append(out, info("no-certificate-mode", "this platform pins public keys (SPKI), not whole certificates: SPKI pins were written"))
	}
	return out
}

// expiryLints judge a pin-set expiration against the clock and the pinned
// certificates, as the rotation planner does. The date is the first
// unpinned day: Android skips the pins from 00:00 device time on it,
// TrustKit from 00:00 UTC, so the lints say "on", never "after".
func expiryLints(q prepared) []Lint {
	var out []Lint
	if !q.Now.IsZero() && !q.Expires.After(q.Now) {
		out = append(out, warn("expiration-past", "pins stop being checked on %s, which is not in the future: the pins are never checked", day(q.Expires)))
		return out
	}
	for _, pin := range q.pins {
		if pin.Cert == nil {
			continue
		}
		na := pin.Cert.NotAfter
		if q.Expires.After(na) {
			out = append(out, warn("expiration-after-cert", "pins stop being checked on %s, after %s expires (%s): if its replacement has a new key, the app fails until %s", day(q.Expires), safeLabel(pin.Label), day(na), day(q.Expires)))
		} else {
			out = append(out, info("expiration-before-cert", "pins stop being checked on %s while %s is valid until %s: ship updated pins before %s", day(q.Expires), safeLabel(pin.Label), day(na), day(q.Expires)))
		}
	}
	return out
}

// wildcardLint explains how a "*." host was written on a platform without
// wildcards.
func wildcardLint(q prepared, how string) []Lint {
	if !q.wildcard {
		return nil
	}
	return []Lint{warn("wildcard-host", "%q: this platform has no wildcard hosts; %s", q.Host, how)}
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func b64(sum []byte) string { return pinlib.Pins{SPKISHA256: sum}.SPKISHA256Base64() }

// safeLabel makes a certificate name safe inside any comment of any output
// (XML, //, /* */, #): letters, digits and a little punctuation, no "--",
// no "*/", no line breaks. A certificate's CN is attacker-chosen text.
func safeLabel(s string) string {
	var b strings.Builder
	last := rune(0)
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == ' ' || strings.ContainsRune(".,_:@()+'", r):
		case r == '-':
			if last == '-' {
				continue
			}
		default:
			r = '_'
		}
		b.WriteRune(r)
		last = r
		if b.Len() >= 80 {
			break
		}
	}
	out := strings.TrimRight(strings.TrimSpace(b.String()), "-")
	if out == "" {
		return "unnamed"
	}
	return out
}

// pinComment is the comment written next to a pin: its role and name.
func pinComment(pin Pin) string {
	label := safeLabel(pin.Label)
	if pin.Source == FromBackup {
		if strings.HasPrefix(label, "backup") {
			return label
		}
		return "backup: " + label
	}
	return string(pin.Source) + ": " + label
}

// fileBase is a certificate's CN made into a file name for DER files to
// bundle: ASCII letters, digits, "-" and "_" only.
func fileBase(pin Pin) string {
	var b strings.Builder
	for _, r := range pin.Label {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'):
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '*':
			b.WriteByte('_')
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "_-")
	if name == "" {
		name = string(pin.Source)
	}
	return name
}

// certFiles lists the DER certificates to bundle, named after their CN,
// with lints for pins that have no certificate.
func certFiles(q prepared, ext, why string) (files []File, names []string, lints []Lint) {
	seen := map[string]bool{}
	for _, pin := range q.pins {
		if pin.Cert == nil {
			lints = append(lints, warn("pin-without-certificate", "%s is a bare hash: %s; give it as a certificate (or a certificate carrying that key) to bundle it", pinComment(pin), why))
			continue
		}
		base := fileBase(pin)
		name := base
		for i := 2; seen[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		seen[strings.ToLower(name)] = true
		files = append(files, File{Name: name + ext, Content: pin.Cert.Raw})
		names = append(names, name)
	}
	return files, names, lints
}
