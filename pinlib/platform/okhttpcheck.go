package platform

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
)

// okhttpAdd is one CertificatePinner.Builder().add(pattern, pins...) call,
// in Kotlin or Java.
var okhttpAdd = lazyRegexp(`\.add\(\s*"([^"]*)"((?:\s*,\s*"[^"]*")+)\s*,?\s*\)`)
var quoted = lazyRegexp(`"([^"]*)"`)

// okhttpReader reads CertificatePinner code, Kotlin or Java.
var okhttpReader = Reader{ID: "okhttp", Try: 3,
	Reads: "CertificatePinner code, Kotlin or Java", Names: "OkHttp CertificatePinner code",
	detect: func(d []byte) bool { return bytes.Contains(d, []byte("CertificatePinner")) || okhttpAdd().Match(d) },
	read:   readOkHttpRule,
}

// readOkHttpRule: every add() whose pattern matches host counts
// (CertificatePinner.findMatchingPins), and one pin on any certificate of
// the cleaned, verified chain passes. Builder.add throws on a pin that is
// not sha256/ or sha1/ followed by base64 (CertificatePinner.Pin.init):
// then the app never gets its client at all. Patterns depend on the
// version (o.OkHttp): OkHttp 4.3.0 added "**." (any depth) and throws on a
// "*" anywhere else; OkHttp 3.x takes such a pattern as a literal host
// name that no host equals, so its pins apply to no host (checked with
// OkHttp 3.13.1).
func readOkHttpRule(data []byte, host string, o CheckOptions) (hostRule, error) {
	target, declared := o.OkHttp, o.OkHttp != ""
	if !declared {
		target = OkHttp4
	}
	r := hostRule{format: "okhttp", rule: OkHttpRule, sentence: okhttpSentence(", read as " + target.Versions())}
	calls := okhttpAdd().FindAllSubmatchIndex(data, -1)
	if len(calls) == 0 {
		return r, fmt.Errorf("%w: no CertificatePinner.Builder().add(\"host\", \"sha256/…\") call found", ErrConfig)
	}
	var patterns, doubles []string
	for _, m := range calls {
		pattern := string(data[m[2]:m[3]])
		line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
		throws := func(why string) {
			if r.broken == "" {
				r.broken = fmt.Sprintf("CertificatePinner.Builder().add throws IllegalArgumentException (line %d: %s), so the app never builds its client.", line, why)
			}
		}
		literal := okhttpLiteral(pattern, target)
		switch {
		case pattern == "":
			throws(fmt.Sprintf("unexpected pattern %q", pattern))
		case literal && target == OkHttp4:
			throws(fmt.Sprintf("unexpected pattern %q", pattern))
		case literal && okhttpMatches(pattern, host):
			r.notes = append(r.notes, atLine(line, fmt.Sprintf("on OkHttp 3.x %q is a literal host name that no host equals: it pins no host at all, so its pins do not apply to %s (OkHttp 4.3.0 added \"**.\" for any depth)", pattern, host)))
		}
		if strings.HasPrefix(pattern, "**.") && !slices.Contains(doubles, pattern) {
			doubles = append(doubles, pattern)
		}
		var pins []PinMatch
		for _, q := range quoted().FindAllSubmatch(data[m[4]:m[5]], -1) {
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
				pins = append(pins, PinMatch{Pin: pin, Line: line, key: Key{Hash: sum, SHA1: alg == "sha1"}})
			}
		}
		if !literal && okhttpMatches(pattern, host) {
			if !slices.Contains(patterns, pattern) {
				patterns = append(patterns, pattern)
			}
			r.pins = append(r.pins, pins...)
		}
	}
	if len(doubles) > 0 && !declared {
		r.notes = append(r.notes, fmt.Sprintf("read as OkHttp 4.3.0 or later, the likeliest: there %s covers its domain at any depth. On OkHttp 3.x it pins no host at all: if the app uses OkHttp 3.x, check for OkHttp 3.x", strings.Join(quoteAll(doubles), " and ")))
	}
	if len(patterns) == 0 && r.broken == "" {
		r.scope, r.unpinned = "no add() pattern matches "+host, true
		return r, nil
	}
	r.scope = "the add() calls for " + strings.Join(quoteAll(patterns), ", ")
	return r, nil
}

// okhttpLiteral: the version takes pattern as a literal host name, not a
// wildcard: a "*" anywhere but in a leading "*." (or, from OkHttp 4.3.0,
// "**."). OkHttp 4.3.0 or later throws on such a pattern; 3.x keeps it,
// and it matches no host.
func okhttpLiteral(pattern string, t OkHttpTarget) bool {
	rest, _ := strings.CutPrefix(pattern, "*.")
	if double, ok := strings.CutPrefix(pattern, "**."); ok && t == OkHttp4 {
		rest = double
	}
	return strings.Contains(rest, "*")
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
