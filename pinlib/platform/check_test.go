package platform

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
)

// exported is the primary file pinlab writes for a selection: most configs
// checked here are pinlab's own exports, so pins are computed, not typed.
func exported(t *testing.T, id string, s Selection) string {
	t.Helper()
	if s.Host == "" {
		s.Host = "leaf.pinlab.test"
	}
	return primary(t, id, mustChoose(t, s))
}

// iosBoth is an Info.plist with the leaf and CA identity lists given; an
// empty leaf pin leaves the leaf list out.
func iosBoth(leaf, ca string) string {
	id := func(pin string) string {
		return "<dict><key>SPKI-SHA256-BASE64</key><string>" + pin + "</string></dict>"
	}
	s := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>
<key>leaf.pinlab.test</key><dict>`
	if leaf != "" {
		s += "<key>NSPinnedLeafIdentities</key><array>" + id(leaf) + "</array>"
	}
	return s + "<key>NSPinnedCAIdentities</key><array>" + id(ca) + "</array></dict></dict></dict></dict></plist>\n"
}

// iosDomains is an Info.plist whose NSPinnedDomains holds the entries
// given: a key, whether it includes subdomains, and each identity list as
// a list of pins (nil: the list is absent; empty: present and empty).
type iosEntry struct {
	key       string
	sub       bool
	leaf, cas []string
}

func iosDomains(entries ...iosEntry) string {
	list := func(name string, pins []string) string {
		if pins == nil {
			return ""
		}
		s := "<key>" + name + "</key><array>"
		for _, p := range pins {
			s += "<dict><key>SPKI-SHA256-BASE64</key><string>" + p + "</string></dict>"
		}
		return s + "</array>"
	}
	s := "<key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>"
	for _, e := range entries {
		s += "<key>" + e.key + "</key><dict>"
		if e.sub {
			s += "<key>NSIncludesSubdomains</key><true/>"
		}
		s += list("NSPinnedLeafIdentities", e.leaf) + list("NSPinnedCAIdentities", e.cas) + "</dict>"
	}
	return s + "</dict></dict>"
}

// android is a network_security_config.xml pinning domain.
func android(domain string, sub bool, expiration string, pins ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<network-security-config>\n  <domain-config>\n")
	b.WriteString("    <domain includeSubdomains=\"" + map[bool]string{true: "true", false: "false"}[sub] + "\">" + domain + "</domain>\n")
	b.WriteString("    <pin-set")
	if expiration != "" {
		b.WriteString(` expiration="` + expiration + `"`)
	}
	b.WriteString(">\n")
	for _, p := range pins {
		b.WriteString(`      <pin digest="SHA-256">` + p + "</pin>\n")
	}
	b.WriteString("    </pin-set>\n  </domain-config>\n</network-security-config>\n")
	return b.String()
}

func TestCheckConfig(t *testing.T) {
	chain := testChain(t)
	noRoot := pinlib.ReadAt(testNow, pinlib.Input{Name: "two", Data: append(pemOf(chain.Certificates[0]), pemOf(chain.Certificates[1])...)})
	sha1Inter := "sha1/" + chain.Certificates[1].Pins.SPKISHA1Base64()
	cases := []struct {
		name    string
		config  string
		host    string
		b       *pinlib.Bundle
		format  string
		verdict CheckVerdict
		matched string // a fragment of the first matched pin's certificate; "" for none
		note    string // a fragment of the reason or of a note, if any
	}{
		{"android export, intermediate", exported(t, "android", Selection{BackupPins: []string{backupPin}}), "", chain, "android", CheckAccepted, "intermediate: pinlab Test Intermediate", ""},
		{"android, backup only", android("leaf.pinlab.test", false, "", backupPin), "", chain, "android", CheckRejected, "", ""},
		{"android, root pin on any certificate", android("leaf.pinlab.test", false, "", rootPin), "", chain, "android", CheckAccepted, "root: pinlab Test Root", ""},
		{"android, root pin, root not in the input", android("leaf.pinlab.test", false, "", rootPin), "", noRoot, "android", CheckRejected, "", "Add those certificates to the input"},
		{"android, expired pin-set", android("leaf.pinlab.test", false, "2020-01-01", backupPin), "", chain, "android", CheckPinsExpired, "", "expired"},
		{"android, subdomains of the parent", android("pinlab.test", true, "", leafPin), "", chain, "android", CheckAccepted, "leaf: leaf.pinlab.test", ""},
		{"android, parent without subdomains", android("pinlab.test", false, "", backupPin), "", chain, "android", CheckNotPinned, "", ""},
		{"android, leaf not for the host: untrusted", android("other.test", false, "", leafPin), "other.test", chain, "android", CheckUntrusted, "leaf: leaf.pinlab.test", "is not valid for other.test"},
		{"android, empty pin-set", android("leaf.pinlab.test", false, ""), "", chain, "android", CheckNotPinned, "", ""},
		{"android, a nested empty pin-set hides its parent's", `<network-security-config><domain-config><domain includeSubdomains="true">pinlab.test</domain><pin-set><pin digest="SHA-256">` + backupPin + `</pin></pin-set>
<domain-config><domain>leaf.pinlab.test</domain><pin-set/></domain-config></domain-config></network-security-config>`, "", chain, "android", CheckNotPinned, "", ""},
		{"android, a domain with a trailing dot never matches", android("leaf.pinlab.test.", false, "", backupPin), "", chain, "android", CheckNotPinned, "", ""},
		{"android, bad pin", android("leaf.pinlab.test", false, "", "AAAA", intermediatePin), "", chain, "android", CheckRejected, "intermediate", "Android refuses this file (line 6"},

		{"ios export, leaf and CA both match", exported(t, "ios", Selection{Pick: []string{"leaf", "intermediate"}}), "", chain, "ios", CheckAccepted, "leaf: leaf.pinlab.test", ""},
		{"ios, CA matches, the leaf list does not: both are required", iosBoth(backupPin, intermediatePin), "", chain, "ios", CheckRejected, "intermediate", ""},
		{"ios, a leaf key in the CA list never matches", iosBoth("", leafPin), "", chain, "ios", CheckRejected, "", ""},
		{"ios export with subdomains, one label down", exported(t, "ios", Selection{Host: "pinlab.test", IncludeSubdomains: true, Pick: []string{"intermediate"}}), "", chain, "ios", CheckAccepted, "intermediate", ""},
		{"ios, exact and parent keys merge", iosDomains(iosEntry{key: "leaf.pinlab.test", cas: []string{backupPin}}, iosEntry{key: "pinlab.test", sub: true, cas: []string{intermediatePin}}), "", chain, "ios", CheckAccepted, "intermediate", ""},
		{"ios, a parent's leaf list must match too", iosDomains(iosEntry{key: "leaf.pinlab.test", cas: []string{intermediatePin}}, iosEntry{key: "pinlab.test", sub: true, leaf: []string{backupPin}}), "", chain, "ios", CheckRejected, "intermediate", "No leaf identity matches"},
		{"ios, an empty leaf list matches nothing", iosDomains(iosEntry{key: "leaf.pinlab.test", leaf: []string{}, cas: []string{intermediatePin}}), "", chain, "ios", CheckRejected, "intermediate", "empty"},
		{"ios, a key with a trailing dot never applies", iosDomains(iosEntry{key: "leaf.pinlab.test.", cas: []string{backupPin}}), "", chain, "ios", CheckNotPinned, "", ""},
		{"ios, a prefixed pin is not an identity", iosDomains(iosEntry{key: "leaf.pinlab.test", cas: []string{"sha256/" + intermediatePin}}), "", chain, "ios", CheckRejected, "", "not standard base64"},
		{"ios export, other host", exported(t, "ios", Selection{Host: "other.test"}), "", chain, "ios", CheckNotPinned, "", ""},

		{"okhttp export, one-label wildcard", exported(t, "okhttp", Selection{Host: "*.pinlab.test", Pick: []string{"root"}}), "", chain, "okhttp", CheckAccepted, "root", ""},
		{"okhttp-java export, backup only", exported(t, "okhttp-java", Selection{Pick: []string{"leaf"}}), "", noRoot, "okhttp", CheckAccepted, "leaf", ""},
		{"okhttp, ** covers any depth", `CertificatePinner.Builder().add("**.test", "sha256/` + backupPin + `").build()`, "", chain, "okhttp", CheckRejected, "", ""},
		{"okhttp, * is one label", `CertificatePinner.Builder().add("*.test", "sha256/` + backupPin + `").build()`, "", chain, "okhttp", CheckNotPinned, "", ""},
		{"okhttp, sha1 pin", `CertificatePinner.Builder().add("leaf.pinlab.test", "` + sha1Inter + `").build()`, "", chain, "okhttp", CheckAccepted, "intermediate", ""},
		{"okhttp, no prefix", `CertificatePinner.Builder().add("leaf.pinlab.test", "` + leafPin + `").build()`, "", chain, "okhttp", CheckRejected, "", "IllegalArgumentException"},

		{"okhttp, a doubled prefix never matches", `CertificatePinner.Builder().add("leaf.pinlab.test", "sha256/sha256/` + leafPin + `").build()`, "", chain, "okhttp", CheckRejected, "", ""},
		{"okhttp, a bad pin beside a good one throws", `CertificatePinner.Builder().add("leaf.pinlab.test", "sha256/` + leafPin + `", "` + leafPin + `").build()`, "", chain, "okhttp", CheckRejected, "leaf", "never builds its client"},
		{"okhttp, a star inside the pattern throws", `CertificatePinner.Builder().add("leaf.*.test", "sha256/` + backupPin + `").add("leaf.pinlab.test", "sha256/` + leafPin + `").build()`, "", chain, "okhttp", CheckRejected, "leaf", "unexpected pattern"},
		{"okhttp, unpadded base64 is fine", `CertificatePinner.Builder().add("leaf.pinlab.test", "sha256/` + strings.TrimSuffix(leafPin, "=") + `").build()`, "", chain, "okhttp", CheckAccepted, "leaf", ""},
		{"curl export, leaf", exported(t, "curl", Selection{Pick: []string{"leaf"}}), "", chain, "curl", CheckAccepted, "leaf", ""},
		{"curl, intermediate never matches", exported(t, "curl", Selection{Pick: []string{"intermediate"}}), "", chain, "curl", CheckRejected, "", ""},

		{"curl, splits on ;sha256// only", `curl --pinnedpubkey "sha256//` + backupPin + `; sha256//` + leafPin + `" https://leaf.pinlab.test/`, "", chain, "curl", CheckRejected, "", ""},
		{"curl, compares the text: padding counts", `curl --pinnedpubkey 'sha256//` + strings.TrimSuffix(leafPin, "=") + `' https://leaf.pinlab.test/`, "", chain, "curl", CheckRejected, "", "not standard base64"},
		{"curl, second hash", `curl --pinnedpubkey=sha256//` + backupPin + `;sha256//` + leafPin + ` https://leaf.pinlab.test/`, "", chain, "curl", CheckAccepted, "leaf", ""},
		{"hpkp, no backup pin: not noted", `Public-Key-Pins: pin-sha256="` + leafPin + `"; max-age=600`, "", chain, "hpkp", CheckNotPinned, "leaf", "RFC 7469 section 2.5"},
		{"hpkp, a huge max-age is capped, not refused", `Public-Key-Pins: pin-sha256="` + leafPin + `"; pin-sha256="` + backupPin + `"; max-age=99999999999999999999999`, "", chain, "hpkp", CheckAccepted, "leaf", ""},
		{"hpkp report-only without max-age or report-uri", `Public-Key-Pins-Report-Only: pin-sha256="` + backupPin + `"`, "", chain, "hpkp", CheckReported, "", "nobody hears of it"},
		{"hpkp export, soft-fail with a backup", exported(t, "hpkp", Selection{Pick: []string{"leaf"}, BackupPins: []string{backupPin}, SoftFail: true, ReportURI: "https://r.pinlab.test/"}), "", chain, "hpkp", CheckAccepted, "leaf", ""},
		{"hpkp report-only, no match: reported", `Public-Key-Pins-Report-Only: pin-sha256="` + backupPin + `"; max-age=600`, "", chain, "hpkp", CheckReported, "", ""},
		{"hpkp, max-age=0", `Public-Key-Pins: pin-sha256="` + backupPin + `"; max-age=0`, "", chain, "hpkp", CheckNotPinned, "", "removes the pins"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			host := c.host
			if host == "" {
				host = "leaf.pinlab.test"
			}
			r, err := CheckConfig([]byte(c.config), host, c.b, testNow)
			if err != nil {
				t.Fatalf("CheckConfig: %v\n%s", err, c.config)
			}
			if r.Format != c.format || r.Verdict != c.verdict {
				t.Errorf("format %s verdict %s (%s), want %s %s\n%s", r.Format, r.Verdict, r.Reason, c.format, c.verdict, c.config)
			}
			matched := ""
			for _, p := range r.Pins {
				if p.Matched != "" {
					matched = p.Matched
					break
				}
			}
			if c.matched == "" && matched != "" && c.verdict != CheckRejected || c.matched != "" && !strings.Contains(matched, c.matched) {
				t.Errorf("matched %q, want %q (pins %+v)", matched, c.matched, r.Pins)
			}
			if c.note != "" && !strings.Contains(strings.Join(append(r.Notes, r.Reason), "\n"), c.note) {
				t.Errorf("notes %q reason %q, want %q in one", r.Notes, r.Reason, c.note)
			}
			if r.Reason == "" || r.Rule == "" || r.Scope == "" {
				t.Errorf("empty reason, rule or scope: %+v", r)
			}
		})
	}
}

func TestCheckConfigErrors(t *testing.T) {
	chain := testChain(t)
	onlyCAs := pinlib.ReadAt(testNow, pinlib.Input{Name: "cas", Data: pemOf(chain.Certificates[1])})
	cases := []struct {
		name, config, host string
		b                  *pinlib.Bundle
		is                 error
		msg                string
	}{
		{"not a config", "hello", "a.test", chain, ErrConfigFormat, "expected one of android, ios"},
		{"broken XML", "<network-security-config>\n<domain-config>\n</network-security-config>", "a.test", chain, ErrConfig, "line 3"},
		{"plist without NSPinnedDomains", "<key>NSPinnedDomainz</key><dict/><key>NSPinnedDomains</key><string>x</string>", "a.test", chain, ErrConfig, "no NSPinnedDomains dictionary"},
		{"broken plist", "<key>NSPinnedDomains</key><dict>", "a.test", chain, ErrConfig, "not a property list"},
		{"okhttp without add()", "val p = CertificatePinner.Builder().build()", "a.test", chain, ErrConfig, "no CertificatePinner"},
		{"curl key file", `curl --pinnedpubkey key.pem;sha256//` + backupPin + ` https://a.test/`, "a.test", chain, ErrConfig, "names a key file"},
		{"hpkp max-age not a number", `Public-Key-Pins: pin-sha256="` + backupPin + `"; max-age=soon`, "a.test", chain, ErrConfig, "max-age"},
		{"no leaf", `Public-Key-Pins: pin-sha256="` + backupPin + `"; max-age=60`, "a.test", onlyCAs, ErrCheckNoLeaf, "no leaf"},
		{"a pattern for a host", `Public-Key-Pins: pin-sha256="` + backupPin + `"; max-age=60`, "*.pinlab.test", chain, nil, "not a pattern"},
		{"bad host", `Public-Key-Pins: pin-sha256="` + backupPin + `"; max-age=60`, "a..test", chain, nil, "empty label"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := CheckConfig([]byte(c.config), c.host, c.b, testNow)
			if err == nil || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "platform: ") {
				t.Errorf("err = %v, want %v with %q", err, c.is, c.msg)
			}
		})
	}
}

// FuzzCheckConfig: no config text panics the readers.
func FuzzCheckConfig(f *testing.F) {
	for _, s := range []string{"<network-security-config><domain-config><domain>a.test</domain><pin-set><pin digest=\"SHA-256\">x</pin></pin-set></domain-config></network-security-config>",
		"<key>NSPinnedDomains</key><dict><key>a.test</key><dict/></dict>", `.add("*.a.test", "sha1/x")`, "--pinnedpubkey 'sha256//x;y'", "Public-Key-Pins: max-age=1; pin-sha256"} {
		f.Add([]byte(s))
	}
	chain := testChain(f)
	f.Fuzz(func(t *testing.T, config []byte) {
		r, err := CheckConfig(config, "leaf.pinlab.test", chain, time.Now())
		if err == nil && r.Verdict == "" {
			t.Errorf("no verdict and no error for %q", config)
		}
	})
}

// BenchmarkCheckConfig: one check per keystroke on the Check page, for each
// format pinlab reads.
func BenchmarkCheckConfig(b *testing.B) {
	chain := testChain(b)
	for _, id := range CheckFormats() {
		pf, _ := ByID(id)
		p, err := Choose(chain, Selection{Host: "leaf.pinlab.test", Pick: []string{"leaf", "intermediate"}, BackupPins: []string{backupPin}, Now: testNow})
		if err != nil {
			b.Fatal(err)
		}
		files, _ := pf.Config(p)
		f, _ := Primary(files)
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if r, err := CheckConfig(f.Content, "leaf.pinlab.test", chain, testNow); err != nil || r.Verdict != CheckAccepted {
					b.Fatalf("%s: %v %v", id, r.Verdict, err)
				}
			}
		})
	}
}

// TestCheckConfigDropsPrivateKeys: a key pasted into the config box is cut
// out before any reader sees it, said in a note, and quoted nowhere.
func TestCheckConfigDropsPrivateKeys(t *testing.T) {
	chain := testChain(t)
	const body = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET"
	key := "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n"
	curl := "curl --pinnedpubkey 'sha256//" + chain.Certificates[0].Pins.SPKISHA256Base64() + "' https://leaf.pinlab.test/\n"
	for _, c := range []struct {
		name, config string
		ok           bool
	}{
		{"key before the config", key + curl, true},
		{"key alone", key, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := CheckConfig([]byte(c.config), "leaf.pinlab.test", chain, testNow)
			all := fmt.Sprintf("%+v %v", r, err)
			if strings.Contains(all, "SECRET") {
				t.Fatalf("the key is quoted: %s", all)
			}
			if !c.ok {
				if !errors.Is(err, ErrConfigFormat) {
					t.Fatalf("err = %v, want ErrConfigFormat", err)
				}
				return
			}
			if err != nil || r.Verdict != CheckAccepted || !strings.Contains(strings.Join(r.Notes, " "), "private key") {
				t.Fatalf("verdict %v, notes %q, err %v", r.Verdict, r.Notes, err)
			}
		})
	}
}

// TestAndroidAnchorsNote: when the <trust-anchors> that apply to the host
// leave out the system CAs, the check says that the app refuses any other
// CA and that its own trust verdict was not reached the app's way.
func TestAndroidAnchorsNote(t *testing.T) {
	chain := testChain(t)
	pinSet := `<pin-set><pin digest="SHA-256">` + intermediatePin + `</pin><pin digest="SHA-256">` + backupPin + `</pin></pin-set>`
	anchors := func(srcs ...string) string {
		s := "<trust-anchors>"
		for _, src := range srcs {
			s += `<certificates src="` + src + `"/>`
		}
		return s + "</trust-anchors>"
	}
	domain := func(inner string) string {
		return `<domain-config><domain includeSubdomains="true">leaf.pinlab.test</domain>` + inner + `</domain-config>`
	}
	config := func(body string) string { return "<network-security-config>" + body + "</network-security-config>" }
	for _, tc := range []struct {
		name, config string
		roots        bool   // check against the chain's root, as --roots would
		want         string // a fragment of the note; "" for no note
	}{
		{"no trust-anchors: the system CAs", config(domain(pinSet)), false, ""},
		{"system and a private CA", config(domain(anchors("system", "@raw/my_ca") + pinSet)), false, ""},
		{"a private CA only", config(domain(anchors("@raw/my_ca") + pinSet)), false, `line 1: for leaf.pinlab.test the app trusts only "@raw/my_ca", not the system CAs: it refuses a chain from any other CA, pins or not. This check assumed the chain trusted`},
		{"a private CA only, roots given", config(domain(anchors("@raw/my_ca") + pinSet)), true, "This check verified against the roots given"},
		{"the user's CAs and a private CA", config(domain(anchors("user", "@raw/a") + pinSet)), false, `trusts only the user-installed CAs and "@raw/a", not the system CAs`},
		{"an empty trust-anchors", config(domain(anchors() + pinSet)), false, "trusts no certificate at all (an empty <trust-anchors>)"},
		{"the base config's, for a host without its own", config(`<base-config>` + anchors("@raw/my_ca") + `</base-config>` + domain(pinSet)), false, `trusts only "@raw/my_ca"`},
		{"the base config's, for a host no domain-config covers", config(`<base-config>` + anchors("@raw/my_ca") + `</base-config>`), false, `trusts only "@raw/my_ca"`},
		{"an enclosing domain-config's", config(`<domain-config><domain includeSubdomains="true">pinlab.test</domain>` + anchors("@raw/my_ca") + domain(pinSet) + `</domain-config>`), false, `trusts only "@raw/my_ca"`},
		{"its own win over the base config's", config(`<base-config>` + anchors("@raw/my_ca") + `</base-config>` + domain(anchors("system")+pinSet)), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := CheckOptions{Now: testNow}
			if tc.roots {
				o.Roots = pool(chain.Certificates[len(chain.Certificates)-1])
			}
			r, err := CheckConfigWith([]byte(tc.config), "leaf.pinlab.test", chain, o)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, n := range r.Notes {
				if strings.Contains(n, "not the system CAs") || strings.Contains(n, "no certificate at all") {
					got = n
				}
			}
			switch {
			case tc.want == "" && got != "":
				t.Errorf("note %q, want none", got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("notes %q, want one with %q", r.Notes, tc.want)
			}
		})
	}
}
