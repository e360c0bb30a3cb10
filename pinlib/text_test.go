package pinlib

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"slices"
	"strings"
	"testing"
)

func TestIsDeceptive(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'a', false}, {' ', false}, {'~', false}, {'é', false}, {'例', false}, {'م', false}, {'😀', false},
		{0x00, true}, {'\t', true}, {'\n', true}, {0x1b, true}, {0x7f, true}, {0x85, true}, {0x9b, true},
		{0xa0, false}, // no-break space: visible as a space, not a trick
		{0x00ad, true}, {0x061c, true}, {0x180e, true},
		{0x200b, true}, {0x200c, true}, {0x200d, true}, {0x200e, true}, {0x200f, true},
		{0x202a, true}, {0x202b, true}, {0x202c, true}, {0x202d, true}, {0x202e, true},
		{0x2028, true}, {0x2029, true}, {0x2060, true},
		{0x2066, true}, {0x2067, true}, {0x2068, true}, {0x2069, true},
		{0x115f, true}, {0x3164, true}, {0xfeff, true}, {0xfffd, true}, {0xe0041, true},
		{0x2010, false}, {0x2030, false},
	}
	for _, tt := range tests {
		if got := IsDeceptive(tt.r); got != tt.want {
			t.Errorf("IsDeceptive(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestEscapeDeceptive(t *testing.T) {
	tests := []struct {
		name, in, want string
		escapes        []string // the Char of each escaped part, in order
	}{
		{"plain", "api.example.com", "api.example.com", nil},
		{"empty", "", "", nil},
		{"letters of any script", "Bücher 例え مثال 😀", "Bücher 例え مثال 😀", nil},
		{"right-to-left override", "api.\u202emoc.lapyap", `api.\u202emoc.lapyap`, []string{"U+202E"}},
		{"terminal escape", "ok\x1b[2J\x1b]0;x\x07", `ok\u001b[2J\u001b]0;x\u0007`, []string{"U+001B", "U+001B", "U+0007"}},
		{"newline and tab", "a\nb\tc", `a\u000ab\u0009c`, []string{"U+000A", "U+0009"}},
		{"C1 CSI and DEL", "a\u009bb\x7f", `a\u009bb\u007f`, []string{"U+009B", "U+007F"}},
		{"zero width at the ends", "\u200bwww\ufeff", `\u200bwww\ufeff`, []string{"U+200B", "U+FEFF"}},
		{"isolates side by side", "\u2066\u2069", `\u2066\u2069`, []string{"U+2066", "U+2069"}},
		{"tag character", "a\U000e0041", `a\U000e0041`, []string{"U+E0041"}},
		{"not UTF-8", "a\xffb\xc3", `a\xffb\xc3`, []string{"byte 0xFF", "byte 0xC3"}},
		{"a backslash stays", `a\u202e`, `a\u202e`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EscapeDeceptive(tt.in); got != tt.want {
				t.Errorf("EscapeDeceptive(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := HasDeceptive(tt.in); got != (tt.escapes != nil) {
				t.Errorf("HasDeceptive(%q) = %v", tt.in, got)
			}
			var joined strings.Builder
			var chars []string
			for _, p := range SplitDeceptive(tt.in) {
				joined.WriteString(p.Text)
				if p.Escaped {
					chars = append(chars, p.Char)
				} else if p.Text == "" && tt.in != "" || HasDeceptive(p.Text) || p.Char != "" {
					t.Errorf("plain part %+v", p)
				}
			}
			if joined.String() != tt.want {
				t.Errorf("SplitDeceptive(%q) joins to %q, want %q", tt.in, joined.String(), tt.want)
			}
			if !slices.Equal(chars, tt.escapes) {
				t.Errorf("SplitDeceptive(%q) escapes %q, want %q", tt.in, chars, tt.escapes)
			}
		})
	}
}

func TestDeceptiveWarnings(t *testing.T) {
	oidO := asn1.ObjectIdentifier{2, 5, 4, 10}
	name := func(cn string, org ...string) pkix.Name {
		n := pkix.Name{CommonName: cn, Organization: org}
		for _, o := range org {
			n.Names = append(n.Names, pkix.AttributeTypeAndValue{Type: oidO, Value: o})
		}
		return n
	}
	tests := []struct {
		name     string
		subject  pkix.Name
		issuer   pkix.Name
		dns      []string
		want     string // "" = no warning; else a part of the message
		notInMsg string // text the message must not hold
	}{
		{"plain names", name("api.example.com", "Example"), name("Example CA"), []string{"api.example.com"}, "", ""},
		{"other scripts", name("例え.jp", "Bücher GmbH"), name("مثال CA"), []string{"xn--r8jz45g.jp"}, "", ""},
		{"override in the CN", name("api.\u202emoc.lapyap"), name("CA"), nil,
			`api.\u202emoc.lapyap has invisible or control characters in its subject (U+202E)`, "\u202e"},
		{"escape in the organization only", name("ok.example", "Evil \x1b[2J Corp"), name("CA"), nil,
			"ok.example has invisible or control characters in its subject (U+001B)", "\x1b"},
		{"zero width in the issuer", name("ok.example"), name("Real\u200b CA"), nil,
			"in its issuer (U+200B)", "\u200b"},
		{"NUL in a DNS name", name("ok.example"), name("CA"), []string{"www.example.com\x00.evil.test"},
			"in its alternative names (U+0000)", "\x00"},
		{"everywhere", name("a\u2067b"), name("c\u2066d"), []string{"e\x7f"},
			`a\u2067b has invisible or control characters in its subject, issuer and alternative names (U+2067, U+2066, U+007F)`, "\u2067"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Certificate{Index: 2, Cert: &x509.Certificate{Subject: tt.subject, Issuer: tt.issuer, DNSNames: tt.dns}}
			ws := deceptiveWarnings(c)
			if tt.want == "" {
				if len(ws) != 0 {
					t.Fatalf("warnings %+v, want none", ws)
				}
				return
			}
			if len(ws) != 1 {
				t.Fatalf("%d warnings, want 1: %+v", len(ws), ws)
			}
			w := ws[0]
			if w.Code != CodeDeceptiveCharacters || w.Index != 2 || w.Severity != SeverityWarning {
				t.Errorf("warning %+v", w)
			}
			if !strings.Contains(w.Message, tt.want) {
				t.Errorf("message %q lacks %q", w.Message, tt.want)
			}
			if strings.Contains(w.Message, tt.notInMsg) || HasDeceptive(w.Message) {
				t.Errorf("message %q holds the raw characters", w.Message)
			}
		})
	}
}

// TestDeceptiveChain: reading a chain raises the warning for the certificate
// that carries the name and for the one it names as issuer, while the report
// (the JSON) keeps the exact names.
func TestDeceptiveChain(t *testing.T) {
	root := mint(t, spec{cn: "Root\u202eAC", ca: true, pathLen: -1}, nil)
	leaf := mint(t, spec{cn: "api.\u202emoc.lapyap", dns: []string{"api.example.com"}}, root)
	b := ReadAt(testNow, Input{Name: "paste", Data: pemOf(leaf, root)})
	if len(b.Certificates) != 2 {
		t.Fatalf("%d certificates, errors %v", len(b.Certificates), b.Errors)
	}
	for _, tt := range []struct {
		index int
		want  string
	}{
		{0, `api.\u202emoc.lapyap has invisible or control characters in its subject and issuer (U+202E)`},
		{1, `Root\u202eAC has invisible or control characters in its subject and issuer (U+202E)`},
	} {
		w, ok := warningFor(b, CodeDeceptiveCharacters, tt.index)
		if !ok || !strings.Contains(w.Message, tt.want) {
			t.Errorf("certificate %d: warning %+v, want %q", tt.index, w, tt.want)
		}
	}
	r := b.Report()
	if r.Certificates[0].Name != "api.\u202emoc.lapyap" || !strings.Contains(reportJSON(t, b), "api.\u202emoc.lapyap") {
		t.Errorf("the report does not keep the exact name: %q", r.Certificates[0].Name)
	}

	plain := newChain3(t)
	if hasCode(ReadAt(testNow, Input{Data: pemOf(plain.leaf, plain.inter, plain.root)}), CodeDeceptiveCharacters) {
		t.Error("a plain chain drew the warning")
	}
}

func TestJoinProse(t *testing.T) {
	for _, tc := range []struct {
		list    []string
		and, or string
	}{
		{nil, "", ""},
		{[]string{"a"}, "a", "a"},
		{[]string{"a", "b"}, "a and b", "a or b"},
		{[]string{"a", "b", "c"}, "a, b and c", "a, b or c"},
		{[]string{"android", "ios", "okhttp", "curl"}, "android, ios, okhttp and curl", "android, ios, okhttp or curl"},
	} {
		if got := JoinAnd(tc.list); got != tc.and {
			t.Errorf("JoinAnd(%q) = %q, want %q", tc.list, got, tc.and)
		}
		if got := JoinOr(tc.list); got != tc.or {
			t.Errorf("JoinOr(%q) = %q, want %q", tc.list, got, tc.or)
		}
	}
}
