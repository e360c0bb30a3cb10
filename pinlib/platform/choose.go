package platform

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pinlab/pinlib"
)

// Sentinel errors of Choose, wrapped in a *ChoiceError so callers can branch
// with errors.Is and still show which input was wrong.
var (
	ErrNoLeaf       = errors.New("platform: the chain has no leaf certificate")
	ErrNoPins       = errors.New("platform: no pin chosen")
	ErrKeysOnly     = errors.New("platform: the input holds only public keys")
	ErrBadPick      = errors.New("platform: unknown pick")
	ErrBadBackup    = errors.New("platform: invalid backup pin")
	ErrBadReportURI = errors.New("platform: invalid report URI")
	ErrBadOkHttp    = errors.New("platform: unknown OkHttp version")

	// ErrUsage matches every ChoiceError caused by what was typed (host,
	// pick, backup pin, report URI) rather than by the certificates given,
	// so the CLI can exit 2 for those and 1 for an input with no leaf.
	ErrUsage = errors.New("platform: usage error")
)

// ChoiceError is a Selection that cannot become a Policy. Code is stable, so
// the page can show it beside the right field: "host", "no-leaf",
// "pick-out-of-range", "bad-pick", "hex-pin", "sha-256-prefix", "sha1-pin",
// "invalid-pin", "report-uri", "no-pins", "okhttp-version".
type ChoiceError struct {
	Field string // "host", "pick", "backup-pin", "report-uri", "okhttp-version"
	Value string // what was given
	Code  string
	Err   error
}

func (e *ChoiceError) Error() string {
	msg := pinlib.Message(e.Err)
	if strings.HasPrefix(msg, e.Field+" ") || e.Value == "" {
		return "platform: " + msg // the cause names the field, or nothing was typed
	}
	return "platform: " + e.Field + " " + strconv.Quote(e.Value) + ": " + msg
}

func (e *ChoiceError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUsage) true for mistakes in what was typed.
func (e *ChoiceError) Is(target error) bool {
	if target != ErrUsage {
		return false
	}
	switch e.Code {
	case "no-leaf", "keys-only", "no-intermediate", "no-root", "no-pins":
		return false // the input lacks it: exit 1, like a file with no certificate
	}
	return true
}

// Lint turns the error into a lint, for pages that show problems in one list.
func (e *ChoiceError) Lint() Lint {
	return Lint{Code: e.Code, Message: e.Error(), Severity: pinlib.SeverityWarning}
}

// Selection is what a person chose on the page or on the command line.
type Selection struct {
	Host              string
	IncludeSubdomains bool
	Expires           time.Time // zero: none; only the UTC date counts
	// Pick names certificates of the bundle: "leaf", "intermediate" (the
	// leaf's issuer, else the first intermediate), "root" (the top of the
	// leaf's chain, else the first root), or an index as decimal.
	Pick            []string
	BackupPins      []string              // any notation pinlib.ParsePin reads
	BackupKeys      []*pinlib.PublicKey   // pasted or generated keys outside the chain
	BackupCerts     []*pinlib.Certificate // certificates from another paste
	CertificateMode bool
	SoftFail        bool
	ReportURI       string
	OkHttpVersion   OkHttpTarget // zero: OkHttp 4.3.0 or later
	Now             time.Time    // zero: the bundle's Now, else the clock
}

// Choose turns a selection into a Policy, the one both the CLI and the page
// hand to the config writers, so they print the same bytes. Pins keep the
// order picked, backups last; a pin given twice is kept once.
func Choose(b *pinlib.Bundle, s Selection) (Policy, error) {
	var p Policy
	host, err := ValidateHost(s.Host, true)
	if err != nil {
		return p, &ChoiceError{Field: "host", Value: s.Host, Code: "host", Err: err}
	}
	uri, err := ValidateReportURI(s.ReportURI)
	if err != nil {
		return p, &ChoiceError{Field: "report-uri", Value: s.ReportURI, Code: "report-uri", Err: fmt.Errorf("%w: %w", ErrBadReportURI, err)}
	}
	okv, err := ParseOkHttpTarget(string(s.OkHttpVersion))
	if err != nil {
		return p, &ChoiceError{Field: "okhttp-version", Value: string(s.OkHttpVersion), Code: "okhttp-version", Err: err}
	}
	p = Policy{
		Host:              host,
		IncludeSubdomains: s.IncludeSubdomains,
		CertificateMode:   s.CertificateMode,
		SoftFail:          s.SoftFail,
		ReportURI:         uri,
		OkHttpVersion:     okv,
		Now:               s.Now,
	}
	if !s.Expires.IsZero() {
		e := s.Expires.UTC()
		p.Expires = time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
	}
	if p.Now.IsZero() {
		if b != nil && !b.Now.IsZero() {
			p.Now = b.Now
		} else {
			p.Now = time.Now()
		}
	}
	var certs []*pinlib.Certificate
	if b != nil {
		certs = b.Certificates
	}
	picks, defaulted := s.Pick, false
	if len(picks) == 0 {
		picks, defaulted = []string{defaultPick(b)}, true
	}
	add := func(pin Pin) {
		for _, q := range p.Pins {
			if bytes.Equal(q.SPKISHA256, pin.SPKISHA256) {
				p.Notes = append(p.Notes, info("duplicate-pin", "%s is chosen twice (%s); it is written once", pinlib.Pins{SPKISHA256: pin.SPKISHA256}.SPKISHA256Base64(), pin.Label))
				return
			}
		}
		p.Pins = append(p.Pins, pin)
	}
	for _, pick := range picks {
		c, err := resolvePick(b, pick)
		if err != nil {
			if ce := (*ChoiceError)(nil); defaulted && errors.As(err, &ce) {
				ce.Value = "" // the default was not typed: do not quote it back
			}
			return Policy{}, err
		}
		add(pinOf(c, Source(c.Role)))
	}
	// A "backup" that is in the chain is no backup: say so, and name it after
	// the certificate it really is.
	inChain := func(sum []byte) *pinlib.Certificate {
		for _, c := range certs {
			if bytes.Equal(c.Pins.SPKISHA256, sum) {
				return c
			}
		}
		return nil
	}
	addBackup := func(pin Pin) {
		if c := inChain(pin.SPKISHA256); c != nil {
			p.Notes = append(p.Notes, warn("backup-in-chain", "backup pin %s is the key of %s in the current chain, not a key outside it", pinlib.Pins{SPKISHA256: pin.SPKISHA256}.SPKISHA256Base64(), c.Name()))
			pin = pinOf(c, Source(c.Role))
		}
		add(pin)
	}
	for _, c := range s.BackupCerts {
		if c == nil || c.Cert == nil {
			continue
		}
		pin := pinOf(c, FromBackup)
		pin.Label = "backup: " + c.Name()
		addBackup(pin)
	}
	for _, k := range s.BackupKeys {
		if k == nil {
			continue
		}
		addBackup(Pin{SPKISHA256: k.Pins.SPKISHA256, Source: FromBackup, Label: "backup key (" + k.KeyType() + ")"})
	}
	for i, text := range s.BackupPins {
		sum, err := pinlib.ParsePin(text)
		if err != nil {
			return Policy{}, &ChoiceError{Field: "backup-pin", Value: text, Code: pinErrorCode(err), Err: fmt.Errorf("%w %d: %w", ErrBadBackup, i+1, err)}
		}
		addBackup(Pin{SPKISHA256: sum, Source: FromBackup, Label: "backup key"})
	}
	if len(p.Pins) == 0 {
		return Policy{}, &ChoiceError{Field: "pick", Value: strings.Join(s.Pick, ","), Code: "no-pins", Err: ErrNoPins}
	}
	return p, nil
}

// defaultPick is the leaf's issuing intermediate when the chain has one, else
// the leaf. The issuer's key survives every leaf renewal (public CAs now
// issue 90-day leaves, often with a fresh key each time) while still
// refusing certificates from every other CA; a root pin would accept any
// intermediate of that CA, and a leaf pin breaks on the next key change.
//
// Without a leaf, the choice is only obvious when one CA certificate stands
// out: the single intermediate, or the single certificate given. Several
// intermediates and no leaf (the Let's Encrypt set, whose issuer is picked
// at random per certificate) is left to the person: "leaf" then fails with a
// message that asks for an index.
func defaultPick(b *pinlib.Bundle) string {
	if b == nil {
		return "leaf"
	}
	if leaf := b.Leaf(); leaf != nil {
		if leaf.IssuerIndex >= 0 && b.Certificates[leaf.IssuerIndex].Role == pinlib.RoleIntermediate {
			return strconv.Itoa(leaf.IssuerIndex)
		}
		return "leaf"
	}
	if len(b.Certificates) == 1 {
		return "0"
	}
	only := -1
	for _, c := range b.Certificates {
		if c.Role == pinlib.RoleIntermediate {
			if only >= 0 {
				return "leaf"
			}
			only = c.Index
		}
	}
	if only >= 0 {
		return strconv.Itoa(only)
	}
	return "leaf"
}

func resolvePick(b *pinlib.Bundle, pick string) (*pinlib.Certificate, error) {
	pickErr := func(code string, err error) error {
		return &ChoiceError{Field: "pick", Value: pick, Code: code, Err: err}
	}
	var certs []*pinlib.Certificate
	if b != nil {
		certs = b.Certificates
	}
	key := strings.ToLower(strings.TrimSpace(pick))
	if i, err := strconv.Atoi(key); err == nil {
		if len(certs) == 0 {
			return nil, pickErr("pick-out-of-range", fmt.Errorf("%w: index %d: the input has no certificate", ErrBadPick, i))
		}
		if i < 0 || i >= len(certs) {
			return nil, pickErr("pick-out-of-range", fmt.Errorf("%w: index %d out of range: the input has %d certificates (0 to %d)", ErrBadPick, i, len(certs), len(certs)-1))
		}
		return certs[i], nil
	}
	leaf := (*pinlib.Certificate)(nil)
	if b != nil {
		leaf = b.Leaf()
	}
	// chain is the leaf's own chain, so "intermediate" and "root" mean the
	// ones above this leaf, not some stray CA pasted alongside.
	var chain []*pinlib.Certificate
	if leaf != nil {
		chain = b.Chain(leaf.Index)
	}
	find := func(role pinlib.Role) *pinlib.Certificate {
		for _, c := range chain {
			if c.Role == role {
				return c
			}
		}
		for _, c := range certs {
			if c.Role == role {
				return c
			}
		}
		return nil
	}
	switch key {
	case "leaf":
		switch {
		case leaf != nil:
		case len(certs) == 0 && b != nil && len(b.PublicKeys) > 0:
			// A bare key says nothing of its place in a chain, and iOS
			// pins CA and leaf keys under different keys.
			return nil, pickErr("keys-only", fmt.Errorf("%w, no certificate: a key alone has no role to pin by; give the chain, and add the key as a backup pin beside it", ErrKeysOnly))
		case len(certs) > 1:
			return nil, pickErr("no-leaf", fmt.Errorf("%w among its %d certificates: pick one by index (0 to %d)", ErrNoLeaf, len(certs), len(certs)-1))
		default:
			return nil, pickErr("no-leaf", fmt.Errorf("%w: pick a certificate by index instead", ErrNoLeaf))
		}
		return leaf, nil
	case "intermediate", "root":
		if c := find(pinlib.Role(key)); c != nil {
			return c, nil
		}
		return nil, pickErr("no-"+key, fmt.Errorf("%w: the input has no %s certificate", ErrBadPick, key))
	}
	return nil, pickErr("bad-pick", fmt.Errorf("%w: want leaf, intermediate, root or a certificate index", ErrBadPick))
}

func pinOf(c *pinlib.Certificate, src Source) Pin {
	return Pin{SPKISHA256: c.Pins.SPKISHA256, Source: src, Label: c.Name(), Cert: c.Cert}
}

// pinErrorCode names the usual mix-ups that ParsePin catches, for lints.
func pinErrorCode(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "hex certificate fingerprint"):
		return "hex-pin"
	case strings.Contains(msg, "is not a pin prefix"):
		return "sha-256-prefix"
	case strings.Contains(msg, "SHA-1 pin"), strings.Contains(msg, "SHA-1 hash"):
		return "sha1-pin"
	}
	return "invalid-pin"
}

// Certificates lists the certificates of b that the policy pins, in the
// order of its pins: what the rotation plan and the page's ticks follow.
func (p Policy) Certificates(b *pinlib.Bundle) []*pinlib.Certificate {
	var out []*pinlib.Certificate
	for _, pin := range p.Pins {
		for _, c := range b.Certificates {
			if pin.Cert != nil && pin.Cert == c.Cert {
				out = append(out, c)
				break
			}
		}
	}
	return out
}
