package platform

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
)

// androidXML is a network_security_config.xml for api.example.test with
// pins set, the parts a case changes left as %s: domain-config attributes
// and domains, then the pin-set, then anything after the domain-config.
func androidXML(domains, pinSet, after string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<network-security-config>
    <domain-config>
` + domains + `
` + pinSet + `
    </domain-config>
` + after + `
</network-security-config>
`
}

const (
	goodDomain = `        <domain includeSubdomains="true">example.test</domain>`
	goodPinSet = `        <pin-set expiration="2027-06-30">
            <pin digest="SHA-256">` + leafPin + `</pin>
            <pin digest="SHA-256">` + intermediatePin + `</pin>
        </pin-set>`
)

func pinSetWith(attrs string, pins ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "        <pin-set%s>\n", attrs)
	for _, p := range pins {
		b.WriteString("            " + p + "\n")
	}
	b.WriteString("        </pin-set>")
	return b.String()
}

func sha256Pin(v string) string { return `<pin digest="SHA-256">` + v + `</pin>` }

func TestAndroidCheck(t *testing.T) {
	hexFP := strings.Repeat("ab", 32)
	sha1B64 := "AAAAAAAAAAAAAAAAAAAAAAAAAAA="
	tests := []struct {
		name     string
		xml      string
		host     string
		code     string // "" for no lint above info
		severity Severity
		contains string // a phrase the lint's message holds
	}{
		{"good", androidXML(goodDomain, goodPinSet, ""), "api.example.test", "", "", ""},
		{"good exact domain", androidXML(`<domain>api.example.test</domain>`, goodPinSet, ""), "API.example.test.", "", "", ""},
		{"good deep subdomain", androidXML(goodDomain, goodPinSet, ""), "a.b.c.example.test", "", "", ""},
		{"good lower-case digest", androidXML(goodDomain, pinSetWith("", `<pin digest="sha-256">`+leafPin+`</pin>`, sha256Pin(backupPin)), ""), "api.example.test", "", "", ""},
		{"good unpadded base64", androidXML(goodDomain, pinSetWith("", sha256Pin(strings.TrimSuffix(leafPin, "=")), sha256Pin(backupPin)), ""), "api.example.test", "", "", ""},
		{"good nested inherits pins", `<network-security-config>
  <domain-config>
    <domain includeSubdomains="true">example.test</domain>
    ` + goodPinSet + `
    <domain-config><domain>api.example.test</domain></domain-config>
  </domain-config>
</network-security-config>`, "api.example.test", "", "", ""},
		{"good no host", androidXML(`<domain>other.test</domain>`, goodPinSet, ""), "", "", "", ""},

		{"xml syntax", androidXML(goodDomain, goodPinSet, "")[:200], "api.example.test", "xml-syntax", pinlib.SeverityError, "line "},
		{"xml mismatched", "<network-security-config>\n<domain-config>\n</network-security-config>", "h.test", "xml-syntax", pinlib.SeverityError, "line 3"},
		{"xml empty", "", "h.test", "xml-syntax", pinlib.SeverityError, "no root element"},
		{"xml two roots", "<network-security-config/>\n<network-security-config/>", "h.test", "xml-syntax", pinlib.SeverityError, "line 2"},
		{"wrong root", "<network_security_config>\n</network_security_config>", "h.test", "wrong-root", pinlib.SeverityError, "<network_security_config>"},
		{"pin-set at root", androidXML(goodDomain, "", goodPinSet), "api.example.test", "pin-set-outside-domain-config", pinlib.SeverityWarning, "ignored"},
		{"pin-set in base-config", androidXML(goodDomain, goodPinSet, "<base-config>"+goodPinSet+"</base-config>"), "api.example.test", "pin-set-outside-domain-config", pinlib.SeverityError, "base-config"},
		{"pin-set in debug-overrides", androidXML(goodDomain, goodPinSet, "<debug-overrides>"+goodPinSet+"</debug-overrides>"), "api.example.test", "pin-set-outside-domain-config", pinlib.SeverityError, "debug-overrides"},
		{"two pin-sets", androidXML(goodDomain, goodPinSet+goodPinSet, ""), "api.example.test", "duplicate-element", pinlib.SeverityError, "only one <pin-set>"},
		{"two base-configs", androidXML(goodDomain, goodPinSet, "<base-config/><base-config/>"), "api.example.test", "duplicate-element", pinlib.SeverityError, "base-config"},
		{"domain in base-config", androidXML(goodDomain, goodPinSet, "<base-config><domain>x.test</domain></base-config>"), "api.example.test", "misplaced-element", pinlib.SeverityError, "<domain>"},
		{"digest SHA-1", androidXML(goodDomain, pinSetWith("", `<pin digest="SHA-1">`+sha1B64+`</pin>`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "unsupported-digest", pinlib.SeverityError, `digest="SHA-1"`},
		{"digest missing", androidXML(goodDomain, pinSetWith("", `<pin>`+leafPin+`</pin>`, sha256Pin(backupPin)), ""), "api.example.test", "unsupported-digest", pinlib.SeverityError, "no digest"},
		{"digest SHA256", androidXML(goodDomain, pinSetWith("", `<pin digest="SHA256">`+leafPin+`</pin>`, sha256Pin(backupPin)), ""), "api.example.test", "unsupported-digest", pinlib.SeverityError, "SHA256"},
		{"pin hex", androidXML(goodDomain, pinSetWith("", sha256Pin(hexFP), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "hex"},
		{"pin sha256/ prefix", androidXML(goodDomain, pinSetWith("", sha256Pin("sha256/"+leafPin), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "bare base64 value " + leafPin},
		{"pin sha-256/ prefix", androidXML(goodDomain, pinSetWith("", sha256Pin("sha-256/"+leafPin), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "sha-256/"},
		{"pin SHA-1 size", androidXML(goodDomain, pinSetWith("", sha256Pin(sha1B64), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "20 bytes"},
		{"pin not base64", androidXML(goodDomain, pinSetWith("", sha256Pin("not a pin!"), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "not base64"},
		{"pin empty", androidXML(goodDomain, pinSetWith("", sha256Pin(""), sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "invalid-pin", pinlib.SeverityError, "empty"},
		{"single pin", androidXML(goodDomain, pinSetWith("", sha256Pin(leafPin)), ""), "api.example.test", "missing-backup-pin", pinlib.SeverityWarning, "MissingBackupPin"},
		{"same pin twice", androidXML(goodDomain, pinSetWith("", sha256Pin(leafPin), sha256Pin(leafPin)), ""), "api.example.test", "missing-backup-pin", pinlib.SeverityWarning, "MissingBackupPin"},
		{"empty pin-set", androidXML(goodDomain, pinSetWith(""), ""), "api.example.test", "empty-pin-set", pinlib.SeverityWarning, "nothing is pinned"},
		{"expiration format", androidXML(goodDomain, pinSetWith(` expiration="30/06/2027"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "invalid-expiration", pinlib.SeverityError, "yyyy-MM-dd"},
		{"expiration out of the calendar", androidXML(goodDomain, pinSetWith(` expiration="2027-02-30"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "invalid-expiration", pinlib.SeverityError, "yyyy-MM-dd"},
		{"expiration unpadded, read as Android does", androidXML(goodDomain, pinSetWith(` expiration="2020-1-1"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "pins-expired", pinlib.SeverityWarning, "2020-1-1"},
		{"expiration with a time after it, ignored", androidXML(goodDomain, pinSetWith(` expiration="2020-01-01T00:00"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "pins-expired", pinlib.SeverityWarning, "2020-01-01T00:00"},
		{"expiration past", androidXML(goodDomain, pinSetWith(` expiration="2020-01-01"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "pins-expired", pinlib.SeverityWarning, "2020-01-01"},
		{"expiration today", androidXML(goodDomain, pinSetWith(` expiration="2026-11-27"`, sha256Pin(leafPin), sha256Pin(backupPin)), ""), "api.example.test", "pins-expired", pinlib.SeverityWarning, "2026-11-27"},
		{"host not covered", androidXML(`<domain>other.test</domain>`, goodPinSet, ""), "api.example.test", "host-not-covered", pinlib.SeverityWarning, "api.example.test"},
		{"subdomains off", androidXML(`<domain includeSubdomains="false">example.test</domain>`, goodPinSet, ""), "api.example.test", "host-not-covered", pinlib.SeverityWarning, ""},
		{"suffix is not a subdomain", androidXML(`<domain includeSubdomains="true">example.test</domain>`, goodPinSet, ""), "badexample.test", "host-not-covered", pinlib.SeverityWarning, ""},
		{"host not pinned", androidXML(goodDomain, "", ""), "api.example.test", "host-not-pinned", pinlib.SeverityWarning, "not pinned"},
		{"most specific wins", androidXML(goodDomain, goodPinSet, `<domain-config><domain>api.example.test</domain></domain-config>`), "api.example.test", "host-not-pinned", pinlib.SeverityWarning, ""},
		{"no domain", androidXML("", goodPinSet, ""), "api.example.test", "domain-config-without-domain", pinlib.SeverityError, "<domain>"},
		{"empty domain", androidXML(`<domain></domain>`+goodDomain, goodPinSet, ""), "api.example.test", "invalid-domain", pinlib.SeverityError, "empty"},
		{"duplicate domain", androidXML(goodDomain+`<domain>EXAMPLE.test</domain>`, goodPinSet, ""), "api.example.test", "duplicate-domain", pinlib.SeverityError, "example.test"},
		{"includeSubdomains yes", androidXML(`<domain includeSubdomains="yes">api.example.test</domain>`, goodPinSet, ""), "api.example.test", "invalid-include-subdomains", pinlib.SeverityWarning, "yes"},
		{"misspelt pin-set", androidXML(goodDomain, strings.ReplaceAll(goodPinSet, "pin-set", "pinset"), ""), "api.example.test", "ignored-element", pinlib.SeverityWarning, "<pinset>"},
		{"certificates without src", androidXML(goodDomain, goodPinSet, `<base-config><trust-anchors><certificates/></trust-anchors></base-config>`), "api.example.test", "invalid-certificates-src", pinlib.SeverityError, "src"},
		{"overridePins", androidXML(goodDomain+`<trust-anchors><certificates src="user" overridePins="true"/></trust-anchors>`, goodPinSet, ""), "api.example.test", "pins-overridden", pinlib.SeverityWarning, "skips the pins"},
		{"overridePins in base", androidXML(goodDomain, goodPinSet, `<base-config><trust-anchors><certificates src="system" overridePins="true"/></trust-anchors></base-config>`), "api.example.test", "pins-overridden", pinlib.SeverityWarning, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lints := CheckAndroidConfig([]byte(tc.xml), tc.host, testNow)
			if tc.code == "" {
				for _, l := range lints {
					if l.Severity != pinlib.SeverityInfo {
						t.Errorf("unexpected lint %s (%s): %s", l.Code, l.Severity, l.Message)
					}
				}
				return
			}
			var found *Lint
			for i, l := range lints {
				if l.Code == tc.code {
					found = &lints[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s lint; got %v", tc.code, lints)
			}
			if found.Severity != tc.severity {
				t.Errorf("%s: severity %s, want %s", tc.code, found.Severity, tc.severity)
			}
			if !strings.Contains(found.Message, tc.contains) {
				t.Errorf("%s: message %q lacks %q", tc.code, found.Message, tc.contains)
			}
		})
	}
}

// TestAndroidWriterParsesBack: what the Android writer exports, Android
// reads without an error, for the host it was written for.
func TestAndroidWriterParsesBack(t *testing.T) {
	tests := []struct {
		name string
		sel  Selection
		host string
		warn bool // a warning is expected (single pin)
	}{
		{"leaf and backup", Selection{Host: "api.example.test", BackupPins: []string{backupPin}, Expires: testNow.AddDate(1, 0, 0)}, "api.example.test", false},
		{"subdomains", Selection{Host: "example.test", IncludeSubdomains: true, Pick: []string{"intermediate", "root"}}, "a.b.example.test", false},
		{"wildcard", Selection{Host: "*.example.test", Pick: []string{"leaf", "root"}}, "api.example.test", false},
		{"single pin", Selection{Host: "api.example.test"}, "api.example.test", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustChoose(t, tc.sel)
			files, _ := Android{}.Config(p)
			f, ok := Primary(files)
			if !ok {
				t.Fatal("no primary file")
			}
			c, err := ParseAndroidConfig(f.Content)
			if err != nil {
				t.Fatal(err)
			}
			warned := false
			for _, l := range c.Check(tc.host, testNow) {
				switch l.Severity {
				case pinlib.SeverityError:
					t.Errorf("error lint %s: %s", l.Code, l.Message)
				case pinlib.SeverityWarning:
					warned = true
					if !tc.warn {
						t.Errorf("warning lint %s: %s", l.Code, l.Message)
					}
				}
			}
			if warned != tc.warn {
				t.Errorf("warned %t, want %t", warned, tc.warn)
			}
			ps := c.PinSetFor(tc.host)
			if ps == nil {
				t.Fatal("no pin-set for the host")
			}
			got := ps.ValidPins()
			if len(got) != len(p.Pins) {
				t.Fatalf("%d pins read back, %d written", len(got), len(p.Pins))
			}
			for i := range got {
				if b64(got[i]) != b64(p.Pins[i].SPKISHA256) {
					t.Errorf("pin %d: %s, wrote %s", i, b64(got[i]), b64(p.Pins[i].SPKISHA256))
				}
			}
		})
	}
}

func TestParseAndroidConfigError(t *testing.T) {
	_, err := ParseAndroidConfig([]byte("<network-security-config>\n  <domain-config>\n</network-security-config>\n"))
	var xe *AndroidXMLError
	if !errors.As(err, &xe) || xe.Line != 3 {
		t.Fatalf("error %v, want an *AndroidXMLError on line 3", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "platform: network_security_config.xml line 3: ") {
		t.Errorf("message %q", msg)
	}
}

func TestAndroidParsedShape(t *testing.T) {
	c, err := ParseAndroidConfig([]byte(androidXML(goodDomain, goodPinSet, "")))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Domains) != 1 || len(c.Domains[0].Domains) != 1 {
		t.Fatalf("domains %+v", c.Domains)
	}
	d := c.Domains[0]
	if d.Domains[0] != (AndroidDomain{Name: "example.test", IncludeSubdomains: true, Line: 4}) {
		t.Errorf("domain %+v", d.Domains[0])
	}
	if d.PinSet == nil || d.PinSet.Expiration != "2027-06-30" || len(d.PinSet.Pins) != 2 {
		t.Fatalf("pin-set %+v", d.PinSet)
	}
	if d.PinSet.Pins[0] != (AndroidPin{Digest: "SHA-256", Value: leafPin, Line: 6}) {
		t.Errorf("pin %+v", d.PinSet.Pins[0])
	}
	if c.PinSetFor("api.example.test") != d.PinSet || c.DomainConfigFor("other.test") != nil {
		t.Error("PinSetFor / DomainConfigFor")
	}
	if !d.PinSet.Expired(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) || d.PinSet.Expired(time.Date(2027, 6, 29, 0, 0, 0, 0, time.UTC)) {
		t.Error("Expired")
	}
}

func FuzzCheckAndroidConfig(f *testing.F) {
	f.Add([]byte(androidXML(goodDomain, goodPinSet, "")), "api.example.test")
	f.Add([]byte("<network-security-config><pin-set/></network-security-config>"), "")
	f.Add([]byte("<a><b></a>"), "x")
	f.Fuzz(func(t *testing.T, data []byte, host string) {
		CheckAndroidConfig(data, host, testNow)
		if c, err := ParseAndroidConfig(data); err == nil {
			c.PinSetFor(host).ValidPins()
		}
	})
}

func ExampleCheckAndroidConfig() {
	config := `<network-security-config>
    <domain-config>
        <domain includeSubdomains="true">example.test</domain>
        <pin-set expiration="2020-01-01">
            <pin digest="SHA-256">sha256/NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg=</pin>
        </pin-set>
    </domain-config>
</network-security-config>`
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range CheckAndroidConfig([]byte(config), "api.example.test", now) {
		fmt.Printf("%s %s: %s\n", l.Severity, l.Code, l.Message)
	}
	// Output:
	// warning pins-expired: line 4: the pin-set expired on 2020-01-01: Android skips these pins and applies normal trust only
	// error invalid-pin: line 5: "sha256/NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg=" carries a prefix: Android wants the bare base64 value NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg=: Android refuses the file
	// warning missing-backup-pin: line 4: Android Lint (MissingBackupPin): a <pin-set> should hold at least two pins, one of them a backup key, or a key change is an outage
}
