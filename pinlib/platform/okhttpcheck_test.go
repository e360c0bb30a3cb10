package platform

import (
	"strings"
	"testing"
)

// TestCheckOkHttpVersion: patterns are read the way the declared OkHttp
// reads them, or, undeclared, the likeliest (4.3.0 or later) with a note
// wherever "**." appears. On OkHttp 3.x "**." is a literal name that pins
// no host (as real OkHttp 3.13.1 does; see TestRealOkHttp3Patterns).
func TestCheckOkHttpVersion(t *testing.T) {
	chain := testChain(t)
	add := func(pattern, pin string) string {
		return `.add("` + pattern + `", "sha256/` + pin + `")`
	}
	pinner := func(adds ...string) string {
		return "val p = CertificatePinner.Builder()\n    " + strings.Join(adds, "\n    ") + "\n    .build()\n"
	}
	sub := Selection{Host: "pinlab.test", IncludeSubdomains: true, Pick: []string{"intermediate"}}
	export := func(id string, v OkHttpTarget) string {
		s := sub
		s.OkHttpVersion = v
		return exported(t, id, s)
	}
	const likeliest = "read as OkHttp 4.3.0 or later, the likeliest"
	const literal = `on OkHttp 3.x "**.pinlab.test" is a literal host name that no host equals`
	cases := []struct {
		name     string
		config   string
		declared OkHttpTarget
		verdict  CheckVerdict
		note     string   // in a note, the reason or the rule
		not      []string // in none of them
	}{
		{"undeclared: ** any depth, with a note", pinner(add("**.pinlab.test", backupPin)), "", CheckRejected, likeliest, []string{literal}},
		{"undeclared: a ** for another domain still gets the note", pinner(add("**.other.test", backupPin), add("leaf.pinlab.test", leafPin)), "", CheckAccepted, `"**.other.test" covers its domain at any depth`, nil},
		{"undeclared, no **: no note", pinner(add("*.pinlab.test", intermediatePin)), "", CheckAccepted, "read as OkHttp 4.3.0 or later:", []string{likeliest}},
		{"4 declared: no guess to note", pinner(add("**.pinlab.test", backupPin)), OkHttp4, CheckRejected, "read as OkHttp 4.3.0 or later:", []string{likeliest, literal}},
		{"3 declared: ** pins no host", pinner(add("**.pinlab.test", backupPin)), OkHttp3, CheckNotPinned, literal, []string{likeliest}},
		{"3 declared: * is still one label", pinner(add("**.pinlab.test", backupPin), add("*.pinlab.test", leafPin)), OkHttp3, CheckAccepted, literal, nil},
		{"3 declared: a star inside is a literal, not a throw", pinner(add("leaf.*.test", backupPin), add("leaf.pinlab.test", leafPin)), OkHttp3, CheckAccepted, "read as OkHttp 3.x", []string{"IllegalArgumentException"}},
		{"4 declared: a star after *. throws", pinner(add("*.**.pinlab.test", backupPin), add("leaf.pinlab.test", leafPin)), OkHttp4, CheckRejected, `unexpected pattern "*.**.pinlab.test"`, nil},
		{"4 declared: a star inside throws", pinner(add("leaf.*.test", backupPin), add("leaf.pinlab.test", leafPin)), OkHttp4, CheckRejected, "unexpected pattern", nil},
		{"pinlab's 4.x export read as 3.x pins nothing", export("okhttp", OkHttp4), OkHttp3, CheckNotPinned, literal, nil},
		{"pinlab's 4.x export, undeclared", export("okhttp", OkHttp4), "", CheckAccepted, likeliest, nil},
		{"pinlab's 3.x export read as 3.x", export("okhttp-java", OkHttp3), OkHttp3, CheckAccepted, "read as OkHttp 3.x", []string{literal}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := CheckConfigWith([]byte(c.config), "leaf.pinlab.test", chain, CheckOptions{Now: testNow, OkHttp: c.declared})
			if err != nil {
				t.Fatalf("CheckConfigWith: %v\n%s", err, c.config)
			}
			all := strings.Join(append(r.Notes, r.Reason, r.Rule), "\n")
			if r.Format != "okhttp" || r.Verdict != c.verdict {
				t.Errorf("%s %s, want okhttp %s\n%s\n%s", r.Format, r.Verdict, c.verdict, all, c.config)
			}
			if !strings.Contains(all, c.note) {
				t.Errorf("want %q in\n%s", c.note, all)
			}
			for _, n := range c.not {
				if strings.Contains(all, n) {
					t.Errorf("unexpected %q in\n%s", n, all)
				}
			}
		})
	}
}
