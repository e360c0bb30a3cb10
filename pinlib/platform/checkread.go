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
	r.expired = ps.Expired(now)
	for _, pin := range ps.Pins {
		if !strings.EqualFold(pin.Digest, "SHA-256") {
			r.notes = append(r.notes, atLine(pin.Line, fmt.Sprintf("digest %q is not SHA-256, the only one Android accepts", pin.Digest)))
			continue
		}
		var said []string // the lints above already explain a bad pin
		r.pins = append(r.pins, spkiPin(pin.Value, MatchAnywhere, pin.Line, &said))
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

// readIOSRule: NSPinnedDomains (iOS 14+). A key matches its own name, and
// with NSIncludesSubdomains one more label; leaf identities match the leaf,
// CA identities any CA, and both lists given means both must match
// (Apple, "NSPinnedDomains"). No expiry, no soft-fail.
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
	key, d := iosDomainFor(domains, host)
	if d == nil {
		r.scope, r.unpinned = "no NSPinnedDomains key covers "+host, true
		return r, nil
	}
	r.scope = "NSPinnedDomains key " + strconv.Quote(key)
	if inc, _ := d["NSIncludesSubdomains"].(bool); inc {
		r.scope += " with NSIncludesSubdomains"
	}
	for _, list := range []struct{ key, where string }{{"NSPinnedLeafIdentities", MatchLeaf}, {"NSPinnedCAIdentities", MatchCA}} {
		v, present := d[list.key]
		if !present {
			continue
		}
		arr, ok := v.([]any)
		if !ok {
			return r, fmt.Errorf("%w: %s of %q is not an array", ErrConfig, list.key, key)
		}
		for i, item := range arr {
			m, _ := item.(map[string]any)
			s, ok := m["SPKI-SHA256-BASE64"].(string)
			if !ok {
				r.notes = append(r.notes, fmt.Sprintf("%s item %d has no SPKI-SHA256-BASE64 string: iOS rejects the pinning entry", list.key, i+1))
				continue
			}
			r.pins = append(r.pins, spkiPin(s, list.where, 0, &r.notes))
		}
	}
	return r, nil
}

// iosDomainFor is the exact key for host, else a key one label up with
// NSIncludesSubdomains.
func iosDomainFor(domains map[string]any, host string) (string, map[string]any) {
	keys := make([]string, 0, len(domains))
	for k := range domains {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if d, ok := domains[k].(map[string]any); ok && strings.EqualFold(strings.TrimSuffix(k, "."), host) {
			return k, d
		}
	}
	if _, parent, ok := strings.Cut(host, "."); ok {
		for _, k := range keys {
			d, ok := domains[k].(map[string]any)
			if inc, _ := d["NSIncludesSubdomains"].(bool); ok && inc && strings.EqualFold(strings.TrimSuffix(k, "."), parent) {
				return k, d
			}
		}
	}
	return "", nil
}

// okhttpAdd is one CertificatePinner.Builder().add(pattern, pins...) call,
// in Kotlin or Java.
var okhttpAdd = regexp.MustCompile(`\.add\(\s*"([^"]*)"((?:\s*,\s*"[^"]*")+)\s*,?\s*\)`)
var quoted = regexp.MustCompile(`"([^"]*)"`)

// readOkHTTPRule: every add() whose pattern matches host counts
// (CertificatePinner.findMatchingPins); pins are sha256/ or sha1/ only, and
// one pin on any certificate of the cleaned, verified chain passes.
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
		if !okhttpMatches(pattern, host) {
			continue
		}
		if !slices.Contains(patterns, pattern) {
			patterns = append(patterns, pattern)
		}
		for _, q := range quoted.FindAllSubmatch(data[m[4]:m[5]], -1) {
			pin := string(q[1])
			switch {
			case strings.HasPrefix(pin, "sha256/"):
				r.pins = append(r.pins, spkiPin(strings.TrimPrefix(pin, "sha256/"), MatchAnywhere, line, &r.notes))
				r.pins[len(r.pins)-1].Pin = pin
			case strings.HasPrefix(pin, "sha1/"):
				p := PinMatch{Pin: pin, Where: MatchAnywhere, Line: line, sha1: true}
				if sum, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(pin, "sha1/")); err == nil && len(sum) == 20 {
					p.hash = sum
				} else {
					r.notes = append(r.notes, atLine(line, fmt.Sprintf("pin %q is not 20 bytes of base64: OkHttp throws IllegalArgumentException", pin)))
				}
				r.pins = append(r.pins, p)
			default:
				r.notes = append(r.notes, atLine(line, fmt.Sprintf("pin %q must start with sha256/ or sha1/: OkHttp throws IllegalArgumentException", pin)))
			}
		}
	}
	if len(patterns) == 0 {
		r.scope, r.unpinned = "no add() pattern matches "+host, true
		return r, nil
	}
	r.scope = "the add() calls for " + strings.Join(quoteAll(patterns), ", ")
	return r, nil
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

// readCurlRule: curl compares the leaf's public key only; hashes are
// "sha256//" base64, separated by ";" (CURLOPT_PINNEDPUBLICKEY).
func readCurlRule(data []byte, host string, _ time.Time) (pinRule, error) {
	r := pinRule{format: "curl", rule: "curl --pinnedpubkey: the leaf's public key only; any one of the hashes passes."}
	m := curlPinned.FindSubmatch(data)
	if m == nil {
		return r, fmt.Errorf("%w: --pinnedpubkey has no value", ErrConfig)
	}
	arg := string(bytes.Join(m[1:], nil))
	r.scope = "--pinnedpubkey"
	for _, part := range strings.Split(arg, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.HasPrefix(part, "sha256//") {
			r.notes = append(r.notes, fmt.Sprintf("%q is not a sha256// hash: curl reads it as a key file, which pinlab cannot check", part))
			continue
		}
		p := spkiPin(strings.TrimPrefix(part, "sha256//"), MatchLeaf, 0, &r.notes)
		p.Pin = part
		r.pins = append(r.pins, p)
	}
	return r, nil
}

// readHPKPRule: a Public-Key-Pins header, historical. Pins match any
// certificate of the validated chain; max-age=0 removes the pins;
// Public-Key-Pins-Report-Only only reports (RFC 7469 sections 2.1, 2.6).
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
	maxAge := -1
	for _, d := range strings.Split(text, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		value = strings.Trim(strings.TrimSpace(value), `"`)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "pin-sha256":
			p := spkiPin(value, MatchAnywhere, 0, &r.notes)
			p.Pin = `pin-sha256="` + value + `"`
			r.pins = append(r.pins, p)
		case "max-age":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				return r, fmt.Errorf("%w: max-age %q is not a number of seconds", ErrConfig, value)
			}
			maxAge = n
		}
	}
	switch {
	case maxAge < 0:
		r.notes = append(r.notes, "no max-age: browsers ignored a Public-Key-Pins header without one (RFC 7469 section 2.1.2)")
		r.unpinned = true
	case maxAge == 0:
		r.notes = append(r.notes, "max-age=0 removes the pins (RFC 7469 section 2.1.2)")
		r.unpinned = true
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
