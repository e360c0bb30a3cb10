package platform

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"howett.net/plist"

	"pinlab/pinlib"
)

// The readers of CheckConfig: each turns one format into the pin rule that
// applies to a host, by that platform's own matching rules.

// readAndroidRule: the <domain-config> Android picks for host (exact domain
// first, then the longest includeSubdomains one; ApplicationConfig), its
// pin-set or an enclosing one's, skipped after its expiration
// (NetworkSecurityTrustManager), matched on any certificate of the chain.
func readAndroidRule(data []byte, host string, now time.Time) (pinRule, error) {
	r := pinRule{format: "android", rule: "Android: a pin matches any certificate of the validated chain, the trust anchor too (NetworkSecurityTrustManager.checkPins)."}
	c, err := ParseAndroidConfig(data)
	if err != nil {
		var xe *AndroidXMLError
		if errors.As(err, &xe) {
			return r, fmt.Errorf("%w: %s", ErrConfig, atLine(xe.Line, "not well-formed XML: "+xe.reason()))
		}
		return r, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if c.Root != "network-security-config" {
		return r, fmt.Errorf("%w: the root element is <%s>, Android expects <network-security-config>", ErrConfig, c.Root)
	}
	for _, l := range c.Check(host, now) {
		switch {
		case l.Severity == SeverityError && r.broken == "":
			r.broken = "Android refuses this file (" + l.Message + "), so the app cannot load its network security config at all."
		case l.Severity != pinlib.SeverityInfo:
			r.notes = append(r.notes, l.Message)
		}
	}
	d := c.DomainConfigFor(host)
	ps := c.PinSetFor(host)
	switch {
	case d == nil:
		r.scope, r.unpinned = "no <domain-config> covers "+host, true
		return r, nil
	case ps == nil:
		r.scope, r.unpinned = atLine(d.Line, "the <domain-config> for "+host+" has no <pin-set>"), true
		return r, nil
	}
	r.scope = atLine(ps.Line, "the <pin-set> of the <domain-config> for "+host)
	if ps.Expiration != "" {
		r.scope += ", expiration " + ps.Expiration
	}
	if len(ps.Pins) == 0 {
		// NetworkSecurityTrustManager.checkPins returns at once on an
		// empty pin-set, and a nested empty one hides its parent's.
		r.scope += " (empty)"
		r.unpinned = true
		return r, nil
	}
	r.expired = ps.Expired(now)
	for _, pin := range ps.Pins {
		p := PinMatch{Pin: pin.Value, Where: MatchAnywhere, Line: pin.Line}
		// A bad digest or value is an error lint above: Android refuses the file.
		if sum, err := pin.SHA256(); err == nil && strings.EqualFold(pin.Digest, "SHA-256") {
			p.hash = sum
		}
		r.pins = append(r.pins, p)
	}
	return r, nil
}

// infoPlistWrap makes a whole plist of the fragment pinlab exports (and that
// people copy out of Xcode): a <key>NSAppTransportSecurity</key><dict> pair.
func infoPlistWrap(data []byte) []byte {
	t := bytes.TrimSpace(data)
	if bytes.HasPrefix(t, []byte("bplist")) || bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<!DOCTYPE")) || bytes.HasPrefix(t, []byte("<plist")) {
		return data
	}
	return append(append([]byte(`<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>`), t...), []byte("</dict></plist>")...)
}

// readIOSRule: NSPinnedDomains (iOS 14+). Every key that covers the host
// adds its identities: its own name, and with NSIncludesSubdomains one more
// label (Apple, "NSPinnedDomains"; SecPolicy.c parseNSPinnedDomains merges
// them). Leaf identities match the leaf, CA identities a CA; a list that is
// present must match even when it is empty. No expiry, no soft-fail.
func readIOSRule(data []byte, host string, _ time.Time) (pinRule, error) {
	r := pinRule{format: "ios", rule: "iOS NSPinnedDomains: NSPinnedLeafIdentities match the leaf only, NSPinnedCAIdentities any CA certificate of the evaluated chain; with both lists, both must match."}
	var root map[string]any
	if _, err := plist.Unmarshal(infoPlistWrap(data), &root); err != nil {
		return r, fmt.Errorf("%w: not a property list: %w", ErrConfig, err)
	}
	ats, ok := root["NSAppTransportSecurity"].(map[string]any)
	if !ok {
		ats = root // a plist holding the ATS dictionary itself
	}
	domains, ok := ats["NSPinnedDomains"].(map[string]any)
	if !ok {
		return r, fmt.Errorf("%w: no NSPinnedDomains dictionary in NSAppTransportSecurity", ErrConfig)
	}
	keys := iosKeysFor(domains, host)
	if len(keys) == 0 {
		r.scope, r.unpinned = "no NSPinnedDomains key covers "+host, true
		return r, nil
	}
	r.scope = "NSPinnedDomains " + strings.Join(quoteAll(keys), " and ")
	for _, key := range keys {
		d := domains[key].(map[string]any)
		for _, list := range []struct{ key, where string }{{"NSPinnedLeafIdentities", MatchLeaf}, {"NSPinnedCAIdentities", MatchCA}} {
			v, present := d[list.key]
			if !present {
				continue
			}
			r.required = append(r.required, list.where)
			arr, _ := v.([]any)
			if len(arr) == 0 {
				r.notes = append(r.notes, fmt.Sprintf("%s of %q is empty or not an array: it is there, so it must match, and nothing can", list.key, key))
			}
			for i, item := range arr {
				m, _ := item.(map[string]any)
				s, ok := m["SPKI-SHA256-BASE64"].(string)
				if !ok {
					r.notes = append(r.notes, fmt.Sprintf("%s item %d of %q has no SPKI-SHA256-BASE64 string: it matches nothing", list.key, i+1, key))
					continue
				}
				r.pins = append(r.pins, spkiPin(s, list.where, 0, &r.notes))
			}
		}
	}
	return r, nil
}

// iosKeysFor are the keys that cover host: the exact one, and the one a
// label up with NSIncludesSubdomains. Keys are compared without case; a
// trailing dot is dropped from the host only.
func iosKeysFor(domains map[string]any, host string) []string {
	parent := ""
	if _, p, ok := strings.Cut(host, "."); ok {
		parent = p
	}
	var keys []string
	for k, v := range domains {
		d, ok := v.(map[string]any)
		if !ok {
			continue
		}
		inc, _ := d["NSIncludesSubdomains"].(bool)
		if strings.EqualFold(k, host) || inc && parent != "" && strings.EqualFold(k, parent) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) }) // the exact key first
	return keys
}

// okhttpAdd is one CertificatePinner.Builder().add(pattern, pins...) call,
// in Kotlin or Java.
var okhttpAdd = regexp.MustCompile(`\.add\(\s*"([^"]*)"((?:\s*,\s*"[^"]*")+)\s*,?\s*\)`)
var quoted = regexp.MustCompile(`"([^"]*)"`)

// readOkHTTPRule: every add() whose pattern matches host counts
// (CertificatePinner.findMatchingPins), and one pin on any certificate of
// the cleaned, verified chain passes. Builder.add throws on a pattern with
// a "*" anywhere but its start, and on a pin that is not sha256/ or sha1/
// followed by base64 (CertificatePinner.Pin.init): then the app never gets
// its client at all.
func readOkHTTPRule(data []byte, host string, _ time.Time) (pinRule, error) {
	r := pinRule{format: "okhttp", rule: "OkHttp CertificatePinner: every pattern matching the host adds its pins; one of them on any certificate of the verified chain passes."}
	calls := okhttpAdd.FindAllSubmatchIndex(data, -1)
	if len(calls) == 0 {
		return r, fmt.Errorf("%w: no CertificatePinner.Builder().add(\"host\", \"sha256/…\") call found", ErrConfig)
	}
	var patterns []string
	for _, m := range calls {
		pattern := string(data[m[2]:m[3]])
		line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
		throws := func(why string) {
			if r.broken == "" {
				r.broken = fmt.Sprintf("CertificatePinner.Builder().add throws IllegalArgumentException (line %d: %s), so the app never builds its client.", line, why)
			}
		}
		if rest := strings.TrimPrefix(strings.TrimPrefix(pattern, "*."), "**."); strings.Contains(rest, "*") || pattern == "" {
			throws(fmt.Sprintf("unexpected pattern %q", pattern))
		}
		var pins []PinMatch
		for _, q := range quoted.FindAllSubmatch(data[m[4]:m[5]], -1) {
			pin := string(q[1])
			alg, b64, ok := strings.Cut(pin, "/")
			sum, err := okioBase64(b64)
			switch {
			case !ok || alg != "sha256" && alg != "sha1":
				throws(fmt.Sprintf("pins must start with 'sha256/' or 'sha1/': %s", pin))
			case err != nil:
				throws(fmt.Sprintf("invalid pin hash: %s", pin))
			default:
				// No length check in OkHttp: a short hash just never matches.
				pins = append(pins, PinMatch{Pin: pin, Where: MatchAnywhere, Line: line, sha1: alg == "sha1", hash: sum})
			}
		}
		if okhttpMatches(pattern, host) {
			if !slices.Contains(patterns, pattern) {
				patterns = append(patterns, pattern)
			}
			r.pins = append(r.pins, pins...)
		}
	}
	if len(patterns) == 0 && r.broken == "" {
		r.scope, r.unpinned = "no add() pattern matches "+host, true
		return r, nil
	}
	r.scope = "the add() calls for " + strings.Join(quoteAll(patterns), ", ")
	return r, nil
}

// okioBase64 decodes as okio's decodeBase64 does: standard or URL-safe
// alphabet, padding optional, line breaks and spaces skipped.
func okioBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// okhttpMatches is CertificatePinner.Pin.matchesHostname: "**." any depth
// including the apex, "*." exactly one label, else the exact name.
func okhttpMatches(pattern, host string) bool {
	pattern = strings.ToLower(pattern)
	switch {
	case strings.HasPrefix(pattern, "**."):
		suffix := pattern[3:]
		return host == suffix || strings.HasSuffix(host, "."+suffix)
	case strings.HasPrefix(pattern, "*."):
		suffix := pattern[2:]
		label, rest, ok := strings.Cut(host, ".")
		return ok && label != "" && rest == suffix
	}
	return pattern == host
}

// curlPinned is the --pinnedpubkey argument, quoted or not.
var curlPinned = regexp.MustCompile(`--pinnedpubkey(?:=|\s+)(?:"([^"]*)"|'([^']*)'|(\S+))`)

// readCurlRule: curl compares the base64 of the leaf key's SHA-256 with
// each hash as text; the value must start with "sha256//" (else it is a
// key file) and hashes are split on ";sha256//" only
// (vtls.c Curl_pin_peer_pubkey).
func readCurlRule(data []byte, host string, _ time.Time) (pinRule, error) {
	r := pinRule{format: "curl", rule: "curl --pinnedpubkey: the leaf's public key only; any one of the hashes passes.", scope: "--pinnedpubkey"}
	m := curlPinned.FindSubmatch(data)
	if m == nil {
		return r, fmt.Errorf("%w: --pinnedpubkey has no value", ErrConfig)
	}
	arg := string(bytes.Join(m[1:], nil))
	hashes, ok := strings.CutPrefix(arg, "sha256//")
	if !ok {
		return r, fmt.Errorf("%w: --pinnedpubkey %q names a key file, which pinlab cannot check: give sha256// hashes", ErrConfig, arg)
	}
	for _, h := range strings.Split(hashes, ";sha256//") {
		p := spkiPin(h, MatchLeaf, 0, &r.notes)
		p.Pin = "sha256//" + h
		r.pins = append(r.pins, p)
	}
	return r, nil
}

// readHPKPRule: a Public-Key-Pins header, historical (RFC 7469). Pins
// match any certificate of the validated chain. An enforcing header needs a
// max-age (0 removes the pins) and a backup pin not in the chain, or it is
// not noted (sections 2.1.2, 2.5); Report-Only is judged on the connection
// itself and only reports (section 2.1.3).
func readHPKPRule(data []byte, host string, _ time.Time) (pinRule, error) {
	r := pinRule{format: "hpkp", rule: "HPKP (RFC 7469, no longer in browsers): a pin matches any certificate of the validated chain.", scope: "the Public-Key-Pins header"}
	// The header line: pinlab's export puts comment lines above it.
	text := ""
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "#") && strings.Contains(strings.ToLower(line), "pin-sha256") {
			text = line
			break
		}
	}
	if name, value, ok := strings.Cut(text, ":"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(name)), "public-key-pins") {
		r.softFail = strings.EqualFold(strings.TrimSpace(name), "Public-Key-Pins-Report-Only")
		if r.softFail {
			r.scope = "the Public-Key-Pins-Report-Only header"
		}
		text = value
	}
	maxAge, hasMaxAge := uint64(0), false
	for _, d := range strings.Split(text, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		value = strings.Trim(strings.TrimSpace(value), `"`)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "pin-sha256":
			p := spkiPin(value, MatchAnywhere, 0, &r.notes)
			p.Pin = `pin-sha256="` + value + `"`
			r.pins = append(r.pins, p)
		case "max-age":
			n, err := strconv.ParseUint(value, 10, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) { // browsers cap a huge max-age
				return r, fmt.Errorf("%w: max-age %q is not a number of seconds", ErrConfig, value)
			}
			maxAge, hasMaxAge = n, true
		case "report-uri":
			r.reportTo = value
		}
	}
	switch {
	case r.softFail:
	case !hasMaxAge:
		r.notes = append(r.notes, "no max-age: browsers ignored a Public-Key-Pins header without one (RFC 7469 section 2.1.2)")
		r.unpinned = true
	case maxAge == 0:
		r.notes = append(r.notes, "max-age=0 removes the pins (RFC 7469 section 2.1.2)")
		r.unpinned = true
	default:
		r.needsBackup = true
	}
	return r, nil
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}
