package platform

import (
	"bytes"
	"fmt"
	"strings"

	"pinlab/pinlib"
)

// Hint codes of CheckHints.
const (
	HintNearPin  = "near-pin"  // a pin of the config is one or two characters off a pin of the chain
	HintNearHost = "near-host" // a host is one edit off the host checked, or the host checked off the leaf's name
)

// CheckHint is a likely typo behind a check's verdict, with its repair. A
// pin that differs from the chain's by one character, or a host that
// differs by one letter, fails exactly like a wrong pin or host, and the
// verdict alone does not say which one was meant.
type CheckHint struct {
	Code    string
	Line    int    // 1-based line of the config it is about; 0 for the host checked
	Offset  int    // byte offset of Found in the config; -1 for the host checked
	Found   string // what is written
	Suggest string // what was likely meant
	Message string // one sentence
}

// Apply returns the config with the hint's repair made, or config itself
// for a hint about the host checked, or one that no longer fits it.
func (h CheckHint) Apply(config []byte) []byte {
	end := h.Offset + len(h.Found)
	if h.Offset < 0 || end > len(config) || string(config[h.Offset:end]) != h.Found {
		return config
	}
	out := make([]byte, 0, len(config)-len(h.Found)+len(h.Suggest))
	out = append(append(append(out, config[:h.Offset]...), h.Suggest...), config[end:]...)
	return out
}

// pinToken finds base64 runs long enough to be a SHA-1 (28 characters) or
// SHA-256 (44) pin, prefixes such as sha256/ included; hostToken finds
// dotted names, with a leading *. or **. pattern.
var (
	pinToken  = lazyRegexp(`[A-Za-z0-9+/]{24,}={0,2}`)
	hostToken = lazyRegexp(`(?i)(?:\*\*?\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+`)
)

// maxPinEdits is how far a written pin may be from a chain's pin and still
// be called a typo: a character changed, dropped, doubled or two swapped
// costs one or two edits; two random pins are some 40 apart.
const maxPinEdits = 2

// CheckHints looks for typos in a config checked against b for host: a
// pin one or two characters off the SPKI SHA-256 (or SHA-1) pin of a
// certificate of b, and a host checked one edit off the leaf's names.
// When no rule of the config covers the host (verdict CheckNotPinned, or
// "" for a config CheckConfig refuses), it also looks for a host of the
// config one edit off the host checked; otherwise a near name is another
// host the config pins on purpose (api1 beside api2). It reads the config
// as text, so it helps with a config CheckConfig refuses too.
func CheckHints(config []byte, host string, b *pinlib.Bundle, verdict CheckVerdict) []CheckHint {
	var hints []CheckHint
	if b != nil {
		hints = append(hints, nearPins(config, b)...)
	}
	host = strings.ToLower(strings.TrimSpace(host))
	hints = append(hints, nearLeafName(host, b)...)
	if verdict == CheckNotPinned || verdict == "" {
		hints = append(hints, nearConfigHosts(config, host, b)...)
	}
	return hints
}

// chainPin is one pin of the chain, as a config would write it.
type chainPin struct {
	value string // base64
	sha1  bool
	cert  *pinlib.Certificate
}

func nearPins(config []byte, b *pinlib.Bundle) []CheckHint {
	var pins []chainPin
	exact := map[string]bool{}
	for _, c := range b.Certificates {
		pins = append(pins, chainPin{c.Pins.SPKISHA256Base64(), false, c}, chainPin{c.Pins.SPKISHA1Base64(), true, c})
		exact[c.Pins.SPKISHA256Base64()] = true
		exact[c.Pins.SPKISHA1Base64()] = true
	}
	var hints []CheckHint
	for _, m := range pinToken().FindAllIndex(config, -1) {
		for _, cand := range pinCandidates(config, m[0], m[1]) {
			text := string(config[cand[0]:cand[1]])
			if exact[text] {
				break // written right: no hint for any reading of it
			}
			best, dist := chainPin{}, maxPinEdits+1
			for _, p := range pins {
				if d := pinlib.EditDistance(text, p.value, maxPinEdits); d < dist {
					best, dist = p, d
				}
			}
			if dist > maxPinEdits {
				continue
			}
			kind := "SPKI SHA-256 pin"
			if best.sha1 {
				kind = "SPKI SHA-1 pin"
			}
			line := hintLine(config, cand[0])
			hints = append(hints, CheckHint{
				Code: HintNearPin, Line: line, Offset: cand[0], Found: text, Suggest: best.value,
				Message: fmt.Sprintf("Line %d: %s is %s away from the %s of %s (%s), %s: a typo? A pin must match exactly.",
					line, text, hintCount(dist, "character"), kind, best.cert.Name(), best.cert.Role, best.value),
			})
			break
		}
	}
	return hints
}

// pinCandidates are the readings of a base64 run at [start, end): the run
// itself, or what follows a sha256/, sha256// or sha1/ prefix in it (OkHttp
// and curl), the shorter first.
func pinCandidates(config []byte, start, end int) [][2]int {
	run := strings.ToLower(string(config[start:end]))
	var out [][2]int
	for _, prefix := range []string{"sha256//", "sha256/", "sha1/"} {
		if strings.HasPrefix(run, prefix) {
			out = append(out, [2]int{start + len(prefix), end})
		}
	}
	return append(out, [2]int{start, end})
}

// leafFor says whether the leaf of b is valid for name.
func leafFor(b *pinlib.Bundle, name string) bool {
	leaf := (*pinlib.Certificate)(nil)
	if b != nil {
		leaf = b.Leaf()
	}
	return leaf != nil && leaf.Cert.VerifyHostname(name) == nil
}

// nearLeafName: the host checked is one edit off a name of the leaf.
func nearLeafName(host string, b *pinlib.Bundle) []CheckHint {
	if host == "" || b == nil || b.Leaf() == nil || leafFor(b, host) {
		return nil
	}
	for _, name := range b.Leaf().Cert.DNSNames {
		if !strings.HasPrefix(name, "*.") && pinlib.EditDistance(host, strings.ToLower(name), 1) == 1 {
			return []CheckHint{{
				Code: HintNearHost, Offset: -1, Found: host, Suggest: name,
				Message: fmt.Sprintf("The leaf is for %s, one edit away from %s, the host checked: did you mean %s?", name, host, name),
			}}
		}
	}
	return nil
}

// nearConfigHosts: a host of the config is one edit off the host checked.
// That is the config's typo, unless the leaf names it and not the host
// checked: then nearLeafName says the host checked is the typo.
func nearConfigHosts(config []byte, host string, b *pinlib.Bundle) []CheckHint {
	if host == "" {
		return nil
	}
	var hints []CheckHint
	seen := map[string]bool{}
	for _, m := range hostToken().FindAllIndex(config, -1) {
		name := string(config[m[0]:m[1]])
		lower := strings.ToLower(name)
		if lower == host || hintCovers(lower, host) || leafFor(b, lower) && !leafFor(b, host) {
			continue
		}
		prefix, base := hintSplitPattern(lower)
		for _, target := range hintTargets(prefix, host) {
			if pinlib.EditDistance(base, target, 1) != 1 {
				continue
			}
			suggest := prefix + target
			line := hintLine(config, m[0])
			if key := fmt.Sprint(line, name); !seen[key] {
				seen[key] = true
				hints = append(hints, CheckHint{
					Code: HintNearHost, Line: line, Offset: m[0], Found: name, Suggest: suggest,
					Message: fmt.Sprintf("Line %d names %s, one edit away from %s, the host checked: did you mean %s?", line, name, host, suggest),
				})
			}
			break
		}
	}
	return hints
}

// splitPattern splits "*.example.com" into "*." and "example.com".
func hintSplitPattern(name string) (prefix, base string) {
	for _, p := range []string{"**.", "*."} {
		if strings.HasPrefix(name, p) {
			return p, name[len(p):]
		}
	}
	return "", name
}

// matchesPattern says whether a "*." (one label) or "**." (any depth, the
// apex too) pattern covers host, as the clients reading it would; the
// hint only needs to know that the config means this host.
func hintCovers(pattern, host string) bool {
	prefix, base := hintSplitPattern(pattern)
	switch prefix {
	case "*.":
		i := strings.IndexByte(host, '.')
		return i > 0 && host[i+1:] == base
	case "**.":
		return host == base || strings.HasSuffix(host, "."+base)
	}
	return false
}

// patternTargets are the names a config entry with that prefix would have
// to name to cover host: host itself, or its parent domains for patterns.
func hintTargets(prefix, host string) []string {
	if prefix == "" {
		return []string{host}
	}
	var out []string
	if prefix == "**." {
		out = append(out, host)
	}
	for rest := host; strings.Contains(rest, "."); {
		rest = rest[strings.IndexByte(rest, '.')+1:]
		if strings.Contains(rest, ".") || prefix == "**." {
			out = append(out, rest)
		}
		if prefix == "*." {
			break // one label only
		}
	}
	return out
}

func hintLine(data []byte, offset int) int {
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

func hintCount(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}
