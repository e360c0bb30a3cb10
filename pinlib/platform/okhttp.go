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
type OkHttp struct{}

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

// okhttpPattern turns host and includeSubdomains into a CertificatePinner
// pattern.
func okhttpPattern(q prepared) string {
	switch {
	case q.IncludeSubdomains:
		return "**." + q.host
	case q.wildcard:
		return "*." + q.host
	}
	return q.host
}

func okhttpConfig(p Policy, java bool) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{wildcard: true})
	if !ok {
		return nil, lints
	}
	pattern := okhttpPattern(q)
	switch {
	case q.IncludeSubdomains:
		lints = append(lints, info("okhttp-double-star", "%q matches %s and its subdomains at any depth", pattern, q.host))
		if q.wildcard {
			lints = append(lints, info("okhttp-wildcard-widened", "includeSubdomains widened %q to %q, which also covers %s itself and deeper names", q.Host, pattern, q.host))
		}
	case q.wildcard:
		lints = append(lints, info("okhttp-one-label", "%q matches exactly one label (a.%s, not %s or a.b.%s); use includeSubdomains for any depth", pattern, q.host, q.host, q.host))
	}
	if len(q.pins) == 1 {
		lints = append(lints, warn("okhttp-single-pin", "OkHttp accepts a single pin, but with no backup a key change locks the app out until it is updated"))
	}

	var b strings.Builder
	if java {
		b.WriteString("// OkHttp CertificatePinner: checked against the verified chain; any pinned key in it passes.\n")
		b.WriteString("import okhttp3.CertificatePinner;\nimport okhttp3.OkHttpClient;\n\n")
		b.WriteString("CertificatePinner certificatePinner = new CertificatePinner.Builder()\n")
	} else {
		b.WriteString("// OkHttp CertificatePinner: checked against the verified chain; any pinned key in it passes.\n")
		b.WriteString("import okhttp3.CertificatePinner\nimport okhttp3.OkHttpClient\n\n")
		b.WriteString("val certificatePinner = CertificatePinner.Builder()\n")
	}
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "    // %s\n", pinComment(pin))
		fmt.Fprintf(&b, "    .add(\"%s\", \"sha256/%s\")\n", pattern, b64(pin.SPKISHA256))
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
	return withReadme("OkHttp CertificatePinner", []string{
		"Build the OkHttpClient with this CertificatePinner and share that one client.",
		"Use OkHttp 3.1.2 or later: older versions checked the chain as sent (CVE-2016-2402).",
		"A mismatch fails with an SSLPeerUnverifiedException that lists the server's pins.",
	}, []File{{Name: name, Content: []byte(b.String()), Primary: true}}, lints)
}
