package platform

import (
	"fmt"
	"strings"
)

// HPKP writes an HTTP Public-Key-Pins header (RFC 7469). It is historical:
// Chrome removed it in version 72; Firefox 72 turned it off, leaving it
// behind the security.cert_pinning.hpkp.enabled preference; no browser
// enforces it by default now. It is here for lessons and old documentation.
type HPKP struct{}

// HPKPRule: RFC 7469 section 2.6, a pin matches any certificate of the
// validated chain.
var HPKPRule = Rule{where: MatchAnywhere,
	Sentence: "HPKP (RFC 7469, no longer in browsers): a pin matches any certificate of the validated chain."}

func (HPKP) ID() string   { return "hpkp" }
func (HPKP) Name() string { return "HTTP Public-Key-Pins (historical)" }

// hpkpDefaultMaxAge is 60 days, RFC 7469's own example.
const hpkpDefaultMaxAge = 5184000

func (HPKP) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true, softFail: true, reportURI: true})
	if !ok {
		return nil, lints
	}
	lints = append(lints, warn("hpkp-historical", "HPKP is historical: removed from Chrome in version 72 and turned off in Firefox 72 (left behind a preference), no browser enforces it by default; pin in the app instead"))
	lints = append(lints, wildcardLint(q, fmt.Sprintf("the header is served by %s; includeSubDomains covers its subdomains", q.host))...)
	// RFC 7469 section 4.3: a user agent refuses a pin set without a backup
	// pin, one that is not in the current chain.
	backup := false
	for _, pin := range q.pins {
		backup = backup || pin.Source == FromBackup
	}
	if !backup {
		lints = append(lints, warn("hpkp-needs-backup", "RFC 7469 requires a backup pin not in the current chain: browsers ignored this header"))
	}
	if q.SoftFail && q.ReportURI == "" {
		lints = append(lints, warn("hpkp-report-only-no-uri", "Public-Key-Pins-Report-Only without report-uri does nothing"))
	}

	maxAge := int64(hpkpDefaultMaxAge)
	if !q.Expires.IsZero() && !q.Now.IsZero() {
		// The pins expire max-age seconds after the last response that set
		// them, so the expiration is counted from Now.
		maxAge = int64(q.Expires.Sub(q.Now).Seconds())
		if maxAge < 0 {
			maxAge = 0
		}
	}
	name := "Public-Key-Pins"
	if q.SoftFail {
		name = "Public-Key-Pins-Report-Only"
	}
	parts := []string{}
	for _, pin := range q.pins {
		parts = append(parts, `pin-sha256="`+b64(pin.SPKISHA256)+`"`)
	}
	parts = append(parts, fmt.Sprintf("max-age=%d", maxAge))
	if q.IncludeSubdomains || q.wildcard {
		parts = append(parts, "includeSubDomains")
	}
	if q.ReportURI != "" {
		parts = append(parts, `report-uri="`+q.ReportURI+`"`)
	}
	var b strings.Builder
	b.WriteString("# Historical: HPKP (RFC 7469) is removed from Chrome and off by default in Firefox; no browser enforces it by default.\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "# %s: %s\n", pinComment(pin), b64(pin.SPKISHA256))
	}
	fmt.Fprintf(&b, "%s: %s\n", name, strings.Join(parts, "; "))
	return withReadme("HTTP Public-Key-Pins (historical)", []string{
		"No browser enforces HPKP any more: keep this for study only.",
		"A server once sent this header on every HTTPS response.",
	}, []File{{Name: "hpkp-header.txt", Content: []byte(b.String()), Primary: true}}, lints)
}
