package platform

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLints gives each lint a policy that raises it and one that does not.
func TestLints(t *testing.T) {
	const host = "leaf.pinlab.test"
	twoPins := Selection{Host: host, BackupPins: []string{backupPin}}
	onePin := Selection{Host: host}
	with := func(s Selection, f func(*Selection)) Selection { f(&s); return s }
	expires := func(y int) func(*Selection) {
		return func(s *Selection) { s.Expires = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	}
	wild := func(s *Selection) { s.Host = "*.pinlab.test" }
	subs := func(s *Selection) { s.IncludeSubdomains = true }
	soft := func(s *Selection) { s.SoftFail = true }
	report := func(s *Selection) { s.ReportURI = "https://r.pinlab.test/" }
	pick := func(p ...string) func(*Selection) { return func(s *Selection) { s.Pick = p } }
	later := func(s *Selection) { s.Now = time.Date(2123, 1, 1, 0, 0, 0, 0, time.UTC) }

	cases := []struct {
		platform, code string
		bad, good      Selection
		policy         func(*Policy) // applied to bad only, for policies Choose would refuse
	}{
		// shared
		{"android", "single-pin", onePin, twoPins, nil},
		{"okhttp", "no-backup", with(onePin, pick("leaf", "intermediate")), twoPins, nil},
		{"android", "pinned-cert-expired", with(twoPins, func(s *Selection) { later(s); pick("leaf")(s) }), with(twoPins, pick("leaf")), nil},
		{"okhttp", "no-expiration-support", with(twoPins, expires(2027)), twoPins, nil},
		{"android", "expiration-past", with(twoPins, expires(2026)), with(twoPins, expires(2027)), nil},
		{"trustkit", "expiration-after-cert", with(twoPins, func(s *Selection) { expires(2123)(s); pick("leaf")(s) }), with(twoPins, func(s *Selection) { expires(2027)(s); pick("leaf")(s) }), nil},
		{"android", "expiration-before-cert", with(twoPins, expires(2027)), twoPins, nil},
		{"ios", "no-soft-fail", with(twoPins, soft), twoPins, nil},
		{"okhttp", "no-report-uri", with(twoPins, report), twoPins, nil},
		{"android", "no-certificate-mode", with(twoPins, func(s *Selection) { s.CertificateMode = true }), twoPins, nil},
		{"android", "wildcard-host", with(twoPins, wild), twoPins, nil},
		{"curl", "duplicate-pin", with(twoPins, pick("1", "intermediate")), twoPins, nil},
		{"ios", "backup-in-chain", with(onePin, func(s *Selection) { s.BackupPins = []string{rootPin} }), twoPins, nil},
		{"hpkp", "invalid-report-uri", twoPins, twoPins, func(p *Policy) { p.ReportURI = `https://x.test/"><x` }},
		{"go", "invalid-pin", twoPins, twoPins, func(p *Policy) { p.Pins = append(p.Pins, Pin{SPKISHA256: []byte{1, 2}}) }},
		{"dotnet", "invalid-host", twoPins, twoPins, func(p *Policy) { p.Host = "</domain>" }},
		{"trustkit", "no-pins", twoPins, twoPins, func(p *Policy) { p.Pins = nil }},
		// android
		{"android", "missing-backup-pin", onePin, twoPins, nil},
		{"android", "no-expiration", twoPins, with(twoPins, expires(2027)), nil},
		{"android", "expiration-not-soft-fail", with(twoPins, soft), twoPins, nil},
		{"android", "include-subdomains-any-depth", with(twoPins, subs), twoPins, nil},
		// okhttp
		{"okhttp", "okhttp-double-star", with(twoPins, subs), twoPins, nil},
		{"okhttp-java", "okhttp-wildcard-widened", with(twoPins, func(s *Selection) { wild(s); subs(s) }), with(twoPins, wild), nil},
		{"okhttp-java", "okhttp-one-label", with(twoPins, wild), twoPins, nil},
		{"okhttp", "okhttp-single-pin", onePin, twoPins, nil},
		{"okhttp", "okhttp3-one-label", with(twoPins, func(s *Selection) { subs(s); s.OkHttpVersion = OkHttp3 }), with(twoPins, subs), nil},
		{"okhttp-java", "okhttp-double-star", with(twoPins, subs), with(twoPins, func(s *Selection) { subs(s); s.OkHttpVersion = OkHttp3 }), nil},
		{"okhttp", "okhttp-version", twoPins, twoPins, func(p *Policy) { p.OkHttpVersion = "4.3" }},
		// ios
		{"ios", "ios-one-label", with(twoPins, subs), twoPins, nil},
		{"ios", "ios-leaf-and-ca", with(twoPins, pick("leaf", "intermediate")), with(twoPins, pick("leaf")), nil},
		{"ios", "ios-backup-as-ca", twoPins, with(twoPins, pick("leaf")), nil},
		// trustkit
		{"trustkit", "trustkit-needs-two-pins", onePin, twoPins, nil},
		{"trustkit", "trustkit-needs-two-pins", onePin, with(onePin, soft), nil},
		{"trustkit", "soft-fail-no-report", with(twoPins, soft), with(twoPins, func(s *Selection) { soft(s); report(s) }), nil},
		// alamofire, afnetworking
		{"alamofire", "alamofire-exact-host", with(twoPins, subs), twoPins, nil},
		{"alamofire", "pin-without-certificate", twoPins, with(onePin, pick("intermediate", "root")), nil},
		{"afnetworking", "pin-without-certificate", twoPins, with(onePin, pick("intermediate", "root")), nil},
		{"afnetworking", "no-certificate-files", twoPins, twoPins, func(p *Policy) { p.Pins = p.Pins[1:] }},
		// react-native
		{"react-native", "react-native-needs-two-pins", onePin, twoPins, nil},
		{"react-native", "react-native-error-listener", with(twoPins, soft), twoPins, nil},
		// curl
		{"curl", "curl-one-url", with(twoPins, subs), twoPins, nil},
		{"curl", "curl-leaf-only", twoPins, with(twoPins, pick("leaf")), nil},
		{"curl", "curl-no-leaf-pin", twoPins, with(twoPins, pick("leaf")), nil},
		// hpkp
		{"hpkp", "hpkp-needs-backup", with(onePin, pick("leaf", "intermediate")), twoPins, nil},
		{"hpkp", "hpkp-report-only-no-uri", with(twoPins, soft), with(twoPins, func(s *Selection) { soft(s); report(s) }), nil},
		// go, dotnet
		{"go", "go-wildcard-one-label", with(twoPins, wild), twoPins, nil},
		{"dotnet", "dotnet-wildcard-one-label", with(twoPins, wild), twoPins, nil},
	}
	for _, c := range cases {
		t.Run(c.platform+"/"+c.code, func(t *testing.T) {
			pf, ok := ByID(c.platform)
			if !ok {
				t.Fatalf("no platform %s", c.platform)
			}
			bad := mustChoose(t, c.bad)
			if c.policy != nil {
				c.policy(&bad)
			}
			if _, lints := pf.Config(bad); !hasLint(lints, c.code) {
				t.Errorf("no %s lint; got %v", c.code, lints)
			}
			if _, lints := pf.Config(mustChoose(t, c.good)); hasLint(lints, c.code) {
				t.Errorf("%s lint on the good policy: %v", c.code, lints)
			}
		})
	}
}

// TestAlwaysLints are notes every export of a platform carries.
func TestAlwaysLints(t *testing.T) {
	p := mustChoose(t, Selection{Host: "leaf.pinlab.test", BackupPins: []string{backupPin}})
	for id, code := range map[string]string{"ios": "ios-14", "hpkp": "hpkp-historical", "afnetworking": "afnetworking-per-manager", "dotnet": "dotnet-chain"} {
		pf, _ := ByID(id)
		if _, lints := pf.Config(p); !hasLint(lints, code) {
			t.Errorf("%s: no %s lint", id, code)
		}
	}
}

// TestExpiryWording: the expiration date is the first unpinned day (Android
// from 00:00 device time, TrustKit from 00:00 UTC), so every lint about it
// says pins stop being checked ON the date, never "after" it.
func TestExpiryWording(t *testing.T) {
	const host = "leaf.pinlab.test"
	on := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		platform, code string
		sel            Selection
		date           string // the date the message must name
	}{
		{"android", "no-expiration", Selection{Host: host}, ""},
		{"android", "expiration-not-soft-fail", Selection{Host: host, SoftFail: true}, ""},
		{"trustkit", "expiration-past", Selection{Host: host, Expires: on(2026, 11, 27)}, "2026-11-27"}, // testNow is that day, 12:00
		{"android", "expiration-after-cert", Selection{Host: host, Pick: []string{"leaf"}, Expires: on(2123, 1, 1)}, "2123-01-01"},
		{"go", "expiration-before-cert", Selection{Host: host, Expires: on(2027, 6, 1)}, "2027-06-01"},
	}
	for _, c := range cases {
		t.Run(c.platform+"/"+c.code, func(t *testing.T) {
			c.sel.BackupPins = []string{backupPin}
			pf, _ := ByID(c.platform)
			_, lints := pf.Config(mustChoose(t, c.sel))
			i := slices.IndexFunc(lints, func(l Lint) bool { return l.Code == c.code })
			if i < 0 {
				t.Fatalf("no %s lint in %v", c.code, lints)
			}
			msg := lints[i].Message
			if !strings.Contains(msg, "pins stop being checked on "+c.date) || strings.Contains(msg, "after it") || strings.Contains(msg, "after the expiration") {
				t.Errorf("%s: %q does not say pins stop being checked on %q", c.code, msg, c.date)
			}
		})
	}
}
