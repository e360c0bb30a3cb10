package platform

import (
	"fmt"
	"strings"
)

// OkHttp writes a CertificatePinner in Kotlin; OkHttpJava the same in Java.
// Rules from square/okhttp CertificatePinner.kt: pins are "sha256/" +
// base64; the pattern "*.example.com" matches exactly one label,
// "**.example.com" any depth including example.com itself; pins are
// checked after the handshake against the cleaned, verified chain.
//
// "**." arrived in OkHttp 4.3.0 (CHANGELOG, 2019-12-31). OkHttp 3.x's
// CertificatePinner.Pin takes "**.example.com" as a literal host name that
// no real host equals, so the pins apply to no host and every connection
// passes: the export names the version it is written for (Policy.
// OkHttpVersion) and, for 3.x, spells include-subdomains as the host plus
// "*.host", with a note that deeper names are not pinned.
type OkHttp struct{}

// OkHttpRule: CertificatePinner.check looks for a pin among every
// certificate of the cleaned, verified chain (before 3.1.2, the chain as
// sent: CVE-2016-2402, the simulator's naive client).
var OkHttpRule = Rule{where: MatchAnywhere, Sentence: okhttpSentence("")}

// okhttpSentence states OkHttpRule, with how the code was read when that
// matters (", read as OkHttp 3.x").
func okhttpSentence(read string) string {
	return "OkHttp CertificatePinner" + read + ": every pattern matching the host adds its pins; one of them on any certificate of the verified chain passes."
}

func (OkHttp) ID() string   { return "okhttp" }
func (OkHttp) Name() string { return "OkHttp CertificatePinner (Kotlin)" }
func (OkHttp) Config(p Policy) ([]File, []Lint) {
	return okhttpConfig(p, false)
}

// OkHttpJava is OkHttp's CertificatePinner written in Java.
type OkHttpJava struct{}

func (OkHttpJava) ID() string   { return "okhttp-java" }
func (OkHttpJava) Name() string { return "OkHttp CertificatePinner (Java)" }
func (OkHttpJava) Config(p Policy) ([]File, []Lint) {
	return okhttpConfig(p, true)
}

// OkHttpTarget is the OkHttp version an okhttp or okhttp-java export is
// written for. The zero value means OkHttp4.
type OkHttpTarget string

const (
	OkHttp4 OkHttpTarget = "4" // OkHttp 4.3.0 or later: "**." patterns
	OkHttp3 OkHttpTarget = "3" // OkHttp 3.x, 3.1.2 or later: no "**."
)

// ParseOkHttpTarget reads "4" or "3" (as typed on the command line or
// chosen on the page); "" is the default, OkHttp4.
func ParseOkHttpTarget(s string) (OkHttpTarget, error) {
	switch OkHttpTarget(s) {
	case "", OkHttp4:
		return OkHttp4, nil
	case OkHttp3:
		return OkHttp3, nil
	}
	return "", fmt.Errorf("%w: want 4 (OkHttp 4.3.0 or later) or 3 (OkHttp 3.x)", ErrBadOkHttp)
}

// Versions says which OkHttp releases an export for this target runs on,
// in the words its README and comments use.
func (t OkHttpTarget) Versions() string {
	if t == OkHttp3 {
		return "OkHttp 3.x (3.1.2 or later)"
	}
	return "OkHttp 4.3.0 or later"
}

// okhttpPatterns turns host and includeSubdomains into CertificatePinner
// patterns for the target version.
func okhttpPatterns(q prepared, t OkHttpTarget) []string {
	switch {
	case q.IncludeSubdomains && t == OkHttp3:
		return []string{q.host, "*." + q.host}
	case q.IncludeSubdomains:
		return []string{"**." + q.host}
	case q.wildcard:
		return []string{"*." + q.host}
	}
	return []string{q.host}
}

func okhttpConfig(p Policy, java bool) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{wildcard: true})
	if !ok {
		return nil, lints
	}
	target, err := ParseOkHttpTarget(string(p.OkHttpVersion))
	if err != nil {
		lints = append(lints, warn("okhttp-version", "%s; wrote it for %s", err, OkHttp4.Versions()))
		target = OkHttp4
	}
	patterns := okhttpPatterns(q, target)
	switch {
	case q.IncludeSubdomains && target == OkHttp3:
		lints = append(lints, warn("okhttp3-one-label", "OkHttp 3.x has no \"**.\" pattern (it accepts one and then pins no host): wrote %q and %q, which pin %s and the names one label below it; deeper names such as a.b.%s are NOT pinned (OkHttp 4.3.0 or later has \"**.\")", patterns[0], patterns[1], q.host, q.host))
		if q.wildcard {
			lints = append(lints, info("okhttp-wildcard-widened", "includeSubdomains widened %q to %q and %q, which also covers %s itself", q.Host, patterns[0], patterns[1], q.host))
		}
	case q.IncludeSubdomains:
		lints = append(lints, warn("okhttp-double-star", "%q matches %s and its subdomains at any depth on OkHttp 4.3.0 or later; OkHttp 3.x accepts the pattern and then pins no host at all: for 3.x, export for OkHttp 3.x", patterns[0], q.host))
		if q.wildcard {
			lints = append(lints, info("okhttp-wildcard-widened", "includeSubdomains widened %q to %q, which also covers %s itself and deeper names", q.Host, patterns[0], q.host))
		}
	case q.wildcard:
		lints = append(lints, info("okhttp-one-label", "%q matches exactly one label (a.%s, not %s or a.b.%s); use includeSubdomains for any depth", patterns[0], q.host, q.host, q.host))
	}
	if len(q.pins) == 1 {
		lints = append(lints, warn("okhttp-single-pin", "OkHttp accepts a single pin, but with no backup a key change locks the app out until it is updated"))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "// OkHttp CertificatePinner for %s: checked against the verified chain; any pinned key in it passes.\n", target.Versions())
	switch {
	case q.IncludeSubdomains && target == OkHttp3:
		fmt.Fprintf(&b, "// OkHttp 3.x has no \"**.\" pattern: these pins cover %s and the names one label below it\n", q.host)
		fmt.Fprintf(&b, "// (a.%s); deeper names (a.b.%s) are NOT pinned: add a pattern for each you use.\n", q.host, q.host)
	case q.IncludeSubdomains:
		fmt.Fprintf(&b, "// \"**.\" needs OkHttp 4.3.0: OkHttp 3.x accepts it and then pins no host at all.\n")
	}
	if java {
		b.WriteString("import okhttp3.CertificatePinner;\nimport okhttp3.OkHttpClient;\n\n")
		b.WriteString("CertificatePinner certificatePinner = new CertificatePinner.Builder()\n")
	} else {
		b.WriteString("import okhttp3.CertificatePinner\nimport okhttp3.OkHttpClient\n\n")
		b.WriteString("val certificatePinner = CertificatePinner.Builder()\n")
	}
	for _, pattern := range patterns {
		for _, pin := range q.pins {
			fmt.Fprintf(&b, "    // %s\n", pinComment(pin))
			fmt.Fprintf(&b, "    .add(\"%s\", \"sha256/%s\")\n", pattern, b64(pin.SPKISHA256))
		}
	}
	if java {
		b.WriteString("    .build();\n\n")
		b.WriteString("OkHttpClient client = new OkHttpClient.Builder()\n    .certificatePinner(certificatePinner)\n    .build();\n")
	} else {
		b.WriteString("    .build()\n\n")
		b.WriteString("val client = OkHttpClient.Builder()\n    .certificatePinner(certificatePinner)\n    .build()\n")
	}
	name := "CertificatePinner.kt"
	if java {
		name = "CertificatePinner.java"
	}
	return withReadme("OkHttp CertificatePinner", append(okhttpSteps(q, target),
		"Build the OkHttpClient with this CertificatePinner and share that one client.",
		"A mismatch fails with an SSLPeerUnverifiedException that lists the server's pins.",
	), []File{{Name: name, Content: []byte(b.String()), Primary: true}}, lints)
}

// okhttpSteps are the README's first steps: which OkHttp it is written
// for, and what that version cannot express.
func okhttpSteps(q prepared, t OkHttpTarget) []string {
	if t == OkHttp3 {
		steps := []string{"Written for OkHttp 3.x, 3.1.2 or later: older versions checked the chain as sent (CVE-2016-2402)."}
		if q.IncludeSubdomains {
			steps = append(steps, fmt.Sprintf("OkHttp 3.x has no `**.` pattern: `%s` and `*.%s` pin %s and the names one label below it; deeper names such as a.b.%s are not pinned. On OkHttp 4.3.0 or later, `**.%s` pins every depth: export for that version instead.", q.host, q.host, q.host, q.host, q.host))
		}
		return steps
	}
	if q.IncludeSubdomains {
		return []string{"Written for OkHttp 4.3.0 or later: `**.` patterns need 4.3.0, and OkHttp 3.x accepts them and then pins no host at all. For OkHttp 3.x, export for OkHttp 3.x instead."}
	}
	return []string{"Written for OkHttp 4.3.0 or later. It uses no `**.` pattern, so it also works on OkHttp 3.x from 3.1.2 (older versions checked the chain as sent: CVE-2016-2402)."}
}
