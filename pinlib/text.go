package pinlib

import (
	"crypto/x509/pkix"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Whoever makes a certificate chooses the text in it. Control characters in
// a name can drive a terminal (ESC [ 2 J clears it), and invisible or
// direction-changing characters make a name read as another one:
// "api.\u202emoc.lapyap" displays as "api.paypal.com". Wherever a person
// reads such text, these characters are written as escapes instead
// (EscapeDeceptive, SplitDeceptive); JSON keeps the exact strings.

// IsDeceptive reports whether r is invisible or changes how the text around
// it is drawn: C0 and C1 controls and DEL; format characters (bidi embeddings,
// overrides, isolates and marks, zero-width spaces and joiners, the BOM, tag
// characters); line and paragraph separators; and the Hangul fillers, blank
// letters that pass for spaces. utf8.RuneError stands for a byte that is not
// UTF-8.
func IsDeceptive(r rune) bool {
	switch {
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r == utf8.RuneError, r == '\u2028', r == '\u2029':
		return true
	case r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// HasDeceptive reports whether s holds a character IsDeceptive flags, or a
// byte that is not UTF-8.
func HasDeceptive(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if IsDeceptive(r) {
			return true
		}
		i += n
	}
	return false
}

// TextPart is a piece of text as it should be shown: plain text, or the
// escape of one deceptive character, which a page marks as such.
type TextPart struct {
	Text    string // the text itself, or an escape such as `\u202e`
	Escaped bool   // Text is an escape
	Char    string // for an escape, the character it stands for: "U+202E", or "byte 0xFF"
}

// SplitDeceptive cuts s into plain runs and one escape per deceptive
// character: `\u202e` (`\U000e0041` past U+FFFF), `\xff` for a byte that is
// not UTF-8. Joining the parts' Text gives EscapeDeceptive(s).
func SplitDeceptive(s string) []TextPart {
	var parts []TextPart
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !IsDeceptive(r) {
			i += n
			continue
		}
		if start < i {
			parts = append(parts, TextPart{Text: s[start:i]})
		}
		parts = append(parts, escapePart(r, s[i:i+n]))
		i += n
		start = i
	}
	if start < len(s) || len(parts) == 0 {
		parts = append(parts, TextPart{Text: s[start:]})
	}
	return parts
}

func escapePart(r rune, raw string) TextPart {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		return TextPart{Text: fmt.Sprintf(`\x%02x`, raw[0]), Escaped: true, Char: fmt.Sprintf("byte 0x%02X", raw[0])}
	case r > 0xffff:
		return TextPart{Text: fmt.Sprintf(`\U%08x`, r), Escaped: true, Char: fmt.Sprintf("U+%04X", r)}
	}
	return TextPart{Text: fmt.Sprintf(`\u%04x`, r), Escaped: true, Char: fmt.Sprintf("U+%04X", r)}
}

// EscapeDeceptive returns s with each deceptive character written as an
// escape, for terminals and text output. Text without any is returned as is.
func EscapeDeceptive(s string) string {
	if !HasDeceptive(s) {
		return s
	}
	var b strings.Builder
	for _, p := range SplitDeceptive(s) {
		b.WriteString(p.Text)
	}
	return b.String()
}

// deceptiveWarnings flags a certificate whose subject, issuer or alternative
// names hold deceptive characters: no honest CA issues such a name, and the
// page and the CLI show it escaped, so the warning says why it looks odd.
func deceptiveWarnings(c *Certificate) []Warning {
	fields := []struct {
		name  string
		texts []string
	}{
		{"subject", append([]string{c.Name(), c.Subject()}, dnValues(c.Cert.Subject)...)},
		{"issuer", append([]string{c.Issuer()}, dnValues(c.Cert.Issuer)...)},
		{"alternative names", c.SANs()},
	}
	var where, chars []string
	seen := make(map[string]bool)
	for _, f := range fields {
		found := false
		for _, s := range f.texts {
			for _, p := range SplitDeceptive(s) {
				if !p.Escaped {
					continue
				}
				found = true
				if !seen[p.Char] {
					seen[p.Char] = true
					chars = append(chars, p.Char)
				}
			}
		}
		if found {
			where = append(where, f.name)
		}
	}
	if len(where) == 0 {
		return nil
	}
	fieldList := JoinAnd(where)
	return []Warning{warn(CodeDeceptiveCharacters, c.Index,
		"%s has invisible or control characters in its %s (%s). Such characters can make a name read as another one or rewrite a terminal, so pinlab shows each as an escape like \\u202e; judge this certificate by its pins, not by how its name looks.",
		EscapeDeceptive(c.Name()), fieldList, strings.Join(chars, ", "))}
}

// dnValues are a name's attribute values as the certificate holds them,
// before RFC 2253 escaping hides a control character from the check.
func dnValues(n pkix.Name) []string {
	var out []string
	for _, atv := range n.Names {
		if v, ok := atv.Value.(string); ok {
			out = append(out, v)
		}
	}
	return out
}

// JoinAnd joins phrases as prose: "a", "a and b", "a, b and c".
func JoinAnd(list []string) string { return joinProse(list, " and ") }

// JoinOr joins phrases as prose: "a", "a or b", "a, b or c".
func JoinOr(list []string) string { return joinProse(list, " or ") }

func joinProse(list []string, last string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + last + list[len(list)-1]
}
