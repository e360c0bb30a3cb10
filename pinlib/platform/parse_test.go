package platform

import (
	"encoding/xml"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"howett.net/plist"
)

var parseCases = []Selection{
	{Host: "leaf.pinlab.test", BackupPins: []string{backupPin}},
	{Host: "leaf.pinlab.test", IncludeSubdomains: true, Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), Pick: []string{"leaf", "2"}, BackupPins: []string{"sha256/" + backupPin}},
	{Host: "*.pinlab.test", Pick: []string{"root", "intermediate", "leaf"}},
}

func primary(t *testing.T, id string, p Policy) string {
	t.Helper()
	pf, _ := ByID(id)
	files, lints := pf.Config(p)
	f, ok := Primary(files)
	if !ok {
		t.Fatalf("%s: no primary file; lints %v", id, lints)
	}
	return string(f.Content)
}

func TestAndroidXMLParsesBack(t *testing.T) {
	type pinXML struct {
		Digest string `xml:"digest,attr"`
		Value  string `xml:",chardata"`
	}
	var doc struct {
		XMLName      xml.Name `xml:"network-security-config"`
		DomainConfig []struct {
			Domain []struct {
				IncludeSubdomains string `xml:"includeSubdomains,attr"`
				Name              string `xml:",chardata"`
			} `xml:"domain"`
			PinSet struct {
				Expiration string   `xml:"expiration,attr"`
				Pins       []pinXML `xml:"pin"`
			} `xml:"pin-set"`
		} `xml:"domain-config"`
	}
	for _, s := range parseCases {
		p := mustChoose(t, s)
		out := primary(t, "android", p)
		doc.DomainConfig = nil
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("android output is not XML: %v\n%s", err, out)
		}
		if len(doc.DomainConfig) != 1 || len(doc.DomainConfig[0].Domain) != 1 {
			t.Fatalf("want one domain-config with one domain:\n%s", out)
		}
		dc := doc.DomainConfig[0]
		host, _ := strings.CutPrefix(p.Host, "*.")
		if dc.Domain[0].Name != host {
			t.Errorf("domain %q, want %q", dc.Domain[0].Name, host)
		}
		wantInclude := p.IncludeSubdomains || strings.HasPrefix(p.Host, "*.")
		if dc.Domain[0].IncludeSubdomains != map[bool]string{true: "true", false: "false"}[wantInclude] {
			t.Errorf("includeSubdomains=%q, want %v", dc.Domain[0].IncludeSubdomains, wantInclude)
		}
		if want := map[bool]string{true: "", false: day(p.Expires)}[p.Expires.IsZero()]; dc.PinSet.Expiration != want {
			t.Errorf("expiration %q, want %q", dc.PinSet.Expiration, want)
		}
		var got []string
		for _, pin := range dc.PinSet.Pins {
			if pin.Digest != "SHA-256" {
				t.Errorf("digest %q", pin.Digest)
			}
			got = append(got, pin.Value)
		}
		if !slices.Equal(got, pinStrings(p)) {
			t.Errorf("pins read back %v, want %v", got, pinStrings(p))
		}
	}
	// The manifest snippet is well-formed XML with the attribute.
	files, _ := Android{}.Config(mustChoose(t, parseCases[0]))
	var app struct {
		Attrs []xml.Attr `xml:",any,attr"`
	}
	if err := xml.Unmarshal(files[1].Content, &app); err != nil {
		t.Fatal(err)
	}
	if len(app.Attrs) != 1 || app.Attrs[0].Name.Local != "networkSecurityConfig" || app.Attrs[0].Value != "@xml/network_security_config" {
		t.Errorf("manifest attributes %v", app.Attrs)
	}
}

const infoPlistHead = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>test.pinlab.app</string>
`

func TestIOSPlistParsesBack(t *testing.T) {
	for _, s := range parseCases {
		p := mustChoose(t, s)
		out := primary(t, "ios", p)
		full := infoPlistHead + out + "</dict>\n</plist>\n"
		var info map[string]any
		if _, err := plist.Unmarshal([]byte(full), &info); err != nil {
			t.Fatalf("Info.plist does not parse: %v\n%s", err, full)
		}
		ats, _ := info["NSAppTransportSecurity"].(map[string]any)
		domains, _ := ats["NSPinnedDomains"].(map[string]any)
		host, _ := strings.CutPrefix(p.Host, "*.")
		d, ok := domains[host].(map[string]any)
		if !ok || len(domains) != 1 {
			t.Fatalf("NSPinnedDomains %v, want one key %q", domains, host)
		}
		wantInclude := p.IncludeSubdomains || strings.HasPrefix(p.Host, "*.")
		if got, _ := d["NSIncludesSubdomains"].(bool); got != wantInclude {
			t.Errorf("NSIncludesSubdomains %v, want %v", got, wantInclude)
		}
		read := func(key string) []string {
			var out []string
			arr, _ := d[key].([]any)
			for _, v := range arr {
				m, _ := v.(map[string]any)
				s, _ := m["SPKI-SHA256-BASE64"].(string)
				out = append(out, s)
			}
			return out
		}
		leaf, ca := read("NSPinnedLeafIdentities"), read("NSPinnedCAIdentities")
		wantLeaf, wantCA := iosSplit(prepared{Policy: p, pins: p.Pins})
		if !slices.Equal(leaf, pinStrings(Policy{Pins: wantLeaf})) || !slices.Equal(ca, pinStrings(Policy{Pins: wantCA})) {
			t.Errorf("leaf %v ca %v, want %v %v", leaf, ca, wantLeaf, wantCA)
		}
		all := append(slices.Clone(leaf), ca...)
		slices.Sort(all)
		want := pinStrings(p)
		slices.Sort(want)
		if !slices.Equal(all, want) {
			t.Errorf("pins read back %v, want %v", all, want)
		}
		for _, pin := range p.Pins {
			isLeaf := slices.Contains(leaf, b64(pin.SPKISHA256))
			if pin.Source == FromLeaf && !isLeaf || (pin.Source == FromIntermediate || pin.Source == FromRoot) && isLeaf {
				t.Errorf("%s pin in the wrong list", pin.Source)
			}
		}
	}
}

// TestPinsReadBack reads the pins back out of the code and header formats.
func TestPinsReadBack(t *testing.T) {
	const b64re = `([A-Za-z0-9+/]{43}=)`
	formats := map[string]*regexp.Regexp{
		"okhttp":       regexp.MustCompile(`\.add\("[^"]+", "sha256/` + b64re + `"\)`),
		"okhttp-java":  regexp.MustCompile(`\.add\("[^"]+", "sha256/` + b64re + `"\)`),
		"trustkit":     regexp.MustCompile(`(?m)^\s+"` + b64re + `",`),
		"react-native": regexp.MustCompile(`(?m)^\s+'` + b64re + `',`),
		"curl":         regexp.MustCompile(`sha256//` + b64re),
		"hpkp":         regexp.MustCompile(`pin-sha256="` + b64re + `"`),
		"go":           regexp.MustCompile(`(?m)^\t"` + b64re + `": true,`),
		"dotnet":       regexp.MustCompile(`(?m)^\s+"` + b64re + `", //`),
	}
	for id, re := range formats {
		for _, s := range parseCases {
			p := mustChoose(t, s)
			out := primary(t, id, p)
			var got []string
			for _, m := range re.FindAllStringSubmatch(out, -1) {
				got = append(got, m[1])
			}
			if !slices.Equal(got, pinStrings(p)) {
				t.Errorf("%s: pins read back %v, want %v\n%s", id, got, pinStrings(p), out)
			}
		}
	}
}

func TestOkHttpPattern(t *testing.T) {
	for _, c := range []struct {
		host    string
		include bool
		want    string
	}{
		{"leaf.pinlab.test", false, `"leaf.pinlab.test"`},
		{"leaf.pinlab.test", true, `"**.leaf.pinlab.test"`},
		{"*.pinlab.test", false, `"*.pinlab.test"`},
		{"*.pinlab.test", true, `"**.pinlab.test"`},
	} {
		out := primary(t, "okhttp", mustChoose(t, Selection{Host: c.host, IncludeSubdomains: c.include, BackupPins: []string{backupPin}}))
		if !strings.Contains(out, ".add("+c.want+", ") {
			t.Errorf("%s include=%v: want pattern %s in\n%s", c.host, c.include, c.want, out)
		}
	}
}

// TestGoOutputParses runs everywhere, wasm too; build_test.go compiles it.
func TestGoOutputParses(t *testing.T) {
	for _, c := range goldenCases {
		out := primary(t, "go", mustChoose(t, c.sel))
		f, err := parser.ParseFile(token.NewFileSet(), "pinning.go", out, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, out)
		}
		if formatted, err := format.Source([]byte(out)); err != nil || string(formatted) != out {
			t.Errorf("%s: Go output is not gofmt-ed (%v)", c.name, err)
		}
		if f.Name.Name != "pinning" {
			t.Errorf("package %s", f.Name.Name)
		}
		for _, want := range []string{"VerifyConnection: verifyPins", "cs.VerifiedChains", "cert.RawSubjectPublicKeyInfo"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: Go output lacks %q", c.name, want)
			}
		}
	}
	out := primary(t, "dotnet", mustChoose(t, goldenCases[0].sel))
	if !strings.Contains(out, "PublicKey.ExportSubjectPublicKeyInfo()") || strings.Count(out, "{") != strings.Count(out, "}") {
		t.Errorf("dotnet output:\n%s", out)
	}
}
