package platform

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// okhttpVersionMatches is CertificatePinner's host rule as each version has it in
// square/okhttp: 3.x (CertificatePinner.Pin.matches) knows only "*.", so
// "**.example.com" is a literal name no host equals; 4.3.0 added "**.".
func okhttpVersionMatches(version OkHttpTarget, pattern, host string) bool {
	if rest, ok := strings.CutPrefix(pattern, "**."); ok && version == OkHttp4 {
		return host == rest || strings.HasSuffix(host, "."+rest)
	}
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		label, tail, found := strings.Cut(host, ".")
		return found && label != "" && tail == rest
	}
	return host == pattern
}

var okhttpAddPattern = regexp.MustCompile(`\.add\("([^"]+)", "sha256/`)

// okhttpPinned lists which of hosts an export pins when run on version.
func okhttpPinned(t *testing.T, out string, version OkHttpTarget, hosts []string) []string {
	t.Helper()
	var patterns []string
	for _, m := range okhttpAddPattern.FindAllStringSubmatch(out, -1) {
		patterns = append(patterns, m[1])
	}
	if len(patterns) == 0 {
		t.Fatalf("no .add( in\n%s", out)
	}
	var pinned []string
	for _, h := range hosts {
		if slices.ContainsFunc(patterns, func(p string) bool { return okhttpVersionMatches(version, p, h) }) {
			pinned = append(pinned, h)
		}
	}
	return pinned
}

// TestOkHttpTargets runs each export through the host rule of the OkHttp it
// names, and of the other version, so a pattern that silently pins nothing
// on the named version fails here.
func TestOkHttpTargets(t *testing.T) {
	hosts := []string{"leaf.pinlab.test", "a.leaf.pinlab.test", "a.b.leaf.pinlab.test", "pinlab.test", "a.pinlab.test", "other.test"}
	for _, c := range []struct {
		name        string
		sel         Selection
		onTarget    []string // pinned on the version the export names
		on3         []string // pinned if the same code runs on OkHttp 3.x
		readme      string   // the version line of the README
		warning     string   // a warning the export must carry
		noDoubleStr bool     // no "**." pattern in the code
	}{
		{
			name:     "4.3 default, subdomains",
			sel:      Selection{Host: "leaf.pinlab.test", IncludeSubdomains: true},
			onTarget: []string{"leaf.pinlab.test", "a.leaf.pinlab.test", "a.b.leaf.pinlab.test"},
			on3:      nil, // the reason OkHttp 3.x needs its own export
			readme:   "Written for OkHttp 4.3.0 or later: `**.` patterns need 4.3.0",
			warning:  "okhttp-double-star",
		},
		{
			name:        "3.x, subdomains",
			sel:         Selection{Host: "leaf.pinlab.test", IncludeSubdomains: true, OkHttpVersion: OkHttp3},
			onTarget:    []string{"leaf.pinlab.test", "a.leaf.pinlab.test"},
			on3:         []string{"leaf.pinlab.test", "a.leaf.pinlab.test"},
			readme:      "Written for OkHttp 3.x, 3.1.2 or later",
			warning:     "okhttp3-one-label",
			noDoubleStr: true,
		},
		{
			name:        "3.x, wildcard widened by subdomains",
			sel:         Selection{Host: "*.pinlab.test", IncludeSubdomains: true, OkHttpVersion: OkHttp3},
			onTarget:    []string{"leaf.pinlab.test", "pinlab.test", "a.pinlab.test"},
			on3:         []string{"leaf.pinlab.test", "pinlab.test", "a.pinlab.test"},
			readme:      "Written for OkHttp 3.x, 3.1.2 or later",
			warning:     "okhttp3-one-label",
			noDoubleStr: true,
		},
		{
			name:        "3.x, one host",
			sel:         Selection{Host: "leaf.pinlab.test", OkHttpVersion: OkHttp3},
			onTarget:    []string{"leaf.pinlab.test"},
			on3:         []string{"leaf.pinlab.test"},
			readme:      "Written for OkHttp 3.x, 3.1.2 or later",
			noDoubleStr: true,
		},
		{
			name:        "4.3 default, one host, also fine on 3.x",
			sel:         Selection{Host: "leaf.pinlab.test"},
			onTarget:    []string{"leaf.pinlab.test"},
			on3:         []string{"leaf.pinlab.test"},
			readme:      "Written for OkHttp 4.3.0 or later. It uses no `**.` pattern, so it also works on OkHttp 3.x from 3.1.2",
			noDoubleStr: true,
		},
	} {
		for _, id := range []string{"okhttp", "okhttp-java"} {
			t.Run(id+"/"+c.name, func(t *testing.T) {
				c.sel.BackupPins = []string{backupPin}
				p := mustChoose(t, c.sel)
				pf, _ := ByID(id)
				files, lints := pf.Config(p)
				out := primary(t, id, p)
				target := p.OkHttpVersion
				if got := okhttpPinned(t, out, target, hosts); !slices.Equal(got, c.onTarget) {
					t.Errorf("on %s it pins %v, want %v\n%s", target.Versions(), got, c.onTarget, out)
				}
				if got := okhttpPinned(t, out, OkHttp3, hosts); !slices.Equal(got, c.on3) {
					t.Errorf("on OkHttp 3.x it pins %v, want %v\n%s", got, c.on3, out)
				}
				if !strings.Contains(out, "for "+target.Versions()) {
					t.Errorf("the code does not name %s:\n%s", target.Versions(), out)
				}
				if c.noDoubleStr && strings.Contains(out, `.add("**.`) {
					t.Errorf("a \"**.\" pattern in\n%s", out)
				}
				var readme string
				for _, f := range files {
					if f.Name == "README.md" {
						readme = string(f.Content)
					}
				}
				if !strings.Contains(readme, c.readme) || strings.Contains(readme, "OkHttp 3.1.2 or later") {
					t.Errorf("README does not say %q precisely:\n%s", c.readme, readme)
				}
				if c.warning != "" && !slices.ContainsFunc(lints, func(l Lint) bool { return l.Code == c.warning && l.Severity == "warning" }) {
					t.Errorf("no %s warning: %v", c.warning, lints)
				}
			})
		}
	}
}

func TestOkHttpVersionChoice(t *testing.T) {
	for _, c := range []struct {
		in   string
		want OkHttpTarget
		err  bool
	}{
		{"", OkHttp4, false}, {"4", OkHttp4, false}, {"3", OkHttp3, false},
		{"4.3", "", true}, {"2", "", true}, {" 3", "", true},
	} {
		got, err := ParseOkHttpTarget(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("ParseOkHttpTarget(%q) = %q, %v", c.in, got, err)
		}
		_, err = Choose(testChain(t), Selection{Host: "leaf.pinlab.test", OkHttpVersion: OkHttpTarget(c.in), Now: testNow})
		var ce *ChoiceError
		if c.err != (errors.As(err, &ce) && ce.Code == "okhttp-version" && errors.Is(err, ErrUsage) && errors.Is(err, ErrBadOkHttp)) {
			t.Errorf("Choose with OkHttpVersion %q: %v", c.in, err)
		}
	}
}
