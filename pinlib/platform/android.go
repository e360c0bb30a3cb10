package platform

import (
	"fmt"
	"strings"
)

// Android is the Network Security Config (API 24+), as documented at
// developer.android.com/privacy-and-security/security-config and
// implemented in AOSP core/java/android/security/net/config/.
type Android struct{}

// AndroidRule: NetworkSecurityTrustManager.checkPins looks for a pin among
// the SPKI digests of every certificate of the validated chain, the trust
// anchor included.
var AndroidRule = Rule{where: MatchAnywhere,
	Sentence: "Android: a pin matches any certificate of the validated chain, the trust anchor too (NetworkSecurityTrustManager.checkPins)."}

func (Android) ID() string   { return "android" }
func (Android) Name() string { return "Android Network Security Config" }

func (Android) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true})
	if !ok {
		return nil, lints
	}
	// <domain> takes no wildcard; includeSubdomains covers any depth and the
	// domain itself, the nearest a "*." pattern can get.
	include := q.IncludeSubdomains || q.wildcard
	lints = append(lints, wildcardLint(q, fmt.Sprintf("wrote %s with includeSubdomains=\"true\", which covers %s itself and subdomains at any depth", q.host, q.host))...)
	if len(q.pins) < 2 {
		// Android Lint's MissingBackupPin check.
		lints = append(lints, warn("missing-backup-pin", "Android Lint (MissingBackupPin): a <pin-set> should hold at least two pins, one of them a backup"))
	}
	if q.Expires.IsZero() {
		lints = append(lints, info("no-expiration", "no expiration: set one so users who never update are not locked out after a key change; pins stop being checked on that date, from 00:00 device time, and normal trust applies"))
	}
	if q.SoftFail {
		lints = append(lints, info("expiration-not-soft-fail", "the nearest Android has to soft-fail is expiration: pins stop being checked on that date, but nothing is reported"))
	}
	if include {
		lints = append(lints, info("include-subdomains-any-depth", "includeSubdomains covers %s and every subdomain at any depth; a more specific <domain-config> wins", q.host))
	}

	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
	b.WriteString("<!-- res/xml/network_security_config.xml: Android 7.0 (API 24) and later.\n")
	b.WriteString("     A pin matches any certificate of the verified chain, the trust anchor too. -->\n")
	b.WriteString("<network-security-config>\n")
	b.WriteString("    <domain-config>\n")
	fmt.Fprintf(&b, "        <domain includeSubdomains=\"%t\">%s</domain>\n", include, q.host)
	if q.Expires.IsZero() {
		b.WriteString("        <pin-set>\n")
	} else {
		// AOSP PinSet: the date is the first unpinned day, from 00:00 device time.
		fmt.Fprintf(&b, "        <!-- Pins stop being checked on %s, from 00:00 device time. -->\n", day(q.Expires))
		fmt.Fprintf(&b, "        <pin-set expiration=\"%s\">\n", day(q.Expires))
	}
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "            <!-- %s -->\n", pinComment(pin))
		fmt.Fprintf(&b, "            <pin digest=\"SHA-256\">%s</pin>\n", b64(pin.SPKISHA256))
	}
	b.WriteString("        </pin-set>\n")
	b.WriteString("    </domain-config>\n")
	b.WriteString("</network-security-config>\n")

	manifest := `<!-- AndroidManifest.xml: point the <application> element at the config. -->
<application
    android:networkSecurityConfig="@xml/network_security_config">
</application>
`
	return withReadme("Android Network Security Config", []string{
		"Save `res/xml/network_security_config.xml` in the app module.",
		"Add `android:networkSecurityConfig=\"@xml/network_security_config\"` to the `<application>` element of AndroidManifest.xml.",
		"Build for API 24 or later and check a connection to the host; a mismatch fails with an SSLHandshakeException.",
	}, []File{
		{Name: "res/xml/network_security_config.xml", Content: []byte(b.String()), Primary: true},
		{Name: "AndroidManifest-snippet.xml", Content: []byte(manifest)},
	}, lints)
}
