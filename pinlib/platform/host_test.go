package platform

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateHost(t *testing.T) {
	good := []struct{ in, want string }{
		{"example.com", "example.com"},
		{"API.Example.COM", "api.example.com"},
		{"example.com.", "example.com"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"a-b.c0.example", "a-b.c0.example"},
		{"localhost", "localhost"},
		{strings.Repeat("a", 63) + ".com", strings.Repeat("a", 63) + ".com"},
	}
	for _, c := range good {
		got, err := ValidateHost(c.in, false)
		if err != nil || got != c.want {
			t.Errorf("ValidateHost(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if got, err := ValidateHost("*.Example.com", true); err != nil || got != "*.example.com" {
		t.Errorf("wildcard: %q, %v", got, err)
	}
	bad := []struct{ in, reason string }{
		{"", "empty"},
		{`a.com"><script>`, "not allowed"},
		{"a\"><x", "not allowed"},
		{"</domain>", "not allowed"},
		{"evil.com\n<pin>", "not allowed"},
		{"evil.com\r\nX: y", "not allowed"},
		{"a..b", "empty label"},
		{".a.com", "empty label"},
		{"-a.com", "hyphen"},
		{"a-.com", "hyphen"},
		{"a.com:443", "port"},
		{"https://a.com", "URL"},
		{"a.com/path", "not allowed"},
		{"bücher.example", "punycode"},
		{"exa\u200bmple.com", "punycode"},
		{"a b.com", "not allowed"},
		{" a.com", "space"},
		{"a.com&b", "not allowed"},
		{"a'b.com", "not allowed"},
		{"a_b.com", "letter, digit or hyphen"},
		{"192.0.2.1", "IP address"},
		{"[2001:db8::1]", "IP address"},
		{"2001:db8::1", "IP address"},
		{"*.a.com", "wildcards are not allowed"},
		{"a.*.com", "first label"},
		{"**.a.com", "includeSubdomains"},
		{"com", "no dot"},
		{strings.Repeat("a", 64) + ".com", "63"},
		{strings.Repeat("abcdefghi.", 26) + "com", "253"},
		{"a\x00.com", "control"},
		{"a\x7f.com", "control"},
		{"\xff.com", "UTF-8"},
	}
	for _, c := range bad {
		_, err := ValidateHost(c.in, false)
		var he *HostError
		if err == nil || !errors.As(err, &he) || !strings.Contains(err.Error(), c.reason) || !strings.HasPrefix(err.Error(), "platform: ") {
			t.Errorf("ValidateHost(%q) = %v; want an error about %q", c.in, err, c.reason)
		}
	}
	if _, err := ValidateHost("*.com", true); err == nil {
		t.Error("*.com accepted")
	}
}

// TestHostileHostNeverWritten hands every writer a Policy that did not come
// from Choose: nothing is written, and a lint says why.
func TestHostileHostNeverWritten(t *testing.T) {
	p := mustChoose(t, Selection{Host: "leaf.pinlab.test", BackupPins: []string{backupPin}})
	for _, host := range []string{`a.com"><script>`, "</domain>", "evil.com\n<pin>", `x"; rm -rf /; "`, "a..b"} {
		p.Host = host
		for _, pf := range All {
			files, lints := pf.Config(p)
			if len(files) != 0 || !hasLint(lints, "invalid-host") {
				t.Errorf("%s wrote files for host %q (lints %v)", pf.ID(), host, lints)
			}
		}
		if _, err := Choose(testChain(t), Selection{Host: host}); err == nil {
			t.Errorf("Choose accepted host %q", host)
		}
	}
}

func TestValidateReportURI(t *testing.T) {
	for _, ok := range []string{"", "https://r.example.com/pins", "https://r.example.com:8443/a?b=c&d=e", "https://192.0.2.1/r"} {
		if _, err := ValidateReportURI(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://r.example.com/", "r.example.com/pins", "https://r.example.com/\"><x", "https://u:p@r.example.com/", "https://r.example.com/a b", "https://r.example.com/${x}", `https://r.example.com/\`, "https://a..b/", "javascript:alert(1)", "https://r.example.com/'"} {
		if _, err := ValidateReportURI(bad); err == nil || !strings.HasPrefix(err.Error(), "platform: ") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestHostileLabel: a certificate's CN is attacker-chosen; written into
// comments it must not close them or start new lines.
func TestHostileLabel(t *testing.T) {
	p := mustChoose(t, Selection{Host: "leaf.pinlab.test", BackupPins: []string{backupPin}})
	p.Pins[0].Label = "x --> <pin digest=\"SHA-256\">evil</pin> */ \n// injected\r\n# also"
	for _, pf := range All {
		files, _ := pf.Config(p)
		f, ok := Primary(files)
		if !ok {
			t.Fatalf("%s: no primary file", pf.ID())
		}
		out := string(f.Content)
		for _, bad := range []string{"evil</pin>", "*/ ", "\n// injected", "\r", "\n# also"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: label text %q reached the output:\n%s", pf.ID(), bad, out)
			}
		}
		if strings.Count(out, "-->") != strings.Count(out, "<!--") {
			t.Errorf("%s: unbalanced XML comments:\n%s", pf.ID(), out)
		}
	}
}
