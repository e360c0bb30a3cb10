package platform

import (
	"fmt"
	"strings"
)

// ReactNative writes the options of react-native-ssl-public-key-pinning
// (frw/react-native-ssl-public-key-pinning, src/types.ts): bare base64 SPKI
// hashes, includeSubdomains, expirationDate "yyyy-MM-dd". It runs OkHttp's
// CertificatePinner on Android and TrustKit on iOS, so it inherits
// TrustKit's rule of at least two pins per domain.
type ReactNative struct{}

func (ReactNative) ID() string   { return "react-native" }
func (ReactNative) Name() string { return "React Native (react-native-ssl-public-key-pinning)" }

func (ReactNative) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true})
	if !ok {
		return nil, lints
	}
	include := q.IncludeSubdomains || q.wildcard
	lints = append(lints, wildcardLint(q, fmt.Sprintf("wrote %s with includeSubdomains (any depth on both Android and iOS)", q.host))...)
	if len(q.pins) < 2 {
		lints = append(lints, warn("react-native-needs-two-pins", "react-native-ssl-public-key-pinning needs at least two hashes per domain (TrustKit on iOS refuses one)"))
	}
	if q.SoftFail || q.ReportURI != "" {
		lints = append(lints, info("react-native-error-listener", "to learn about failures, use addSslPinningErrorListener; it reports but still blocks"))
	}
	var b strings.Builder
	b.WriteString("import { initializeSslPinning } from 'react-native-ssl-public-key-pinning';\n\n")
	// Not a top-level await, which React Native's bundler does not take in
	// an app module: the call sits in a function the app awaits at start-up.
	b.WriteString("// Call once at start-up, before any request: await setUpSslPinning();\n")
	b.WriteString("export async function setUpSslPinning() {\n")
	b.WriteString("  await initializeSslPinning({\n")
	fmt.Fprintf(&b, "    '%s': {\n", q.host)
	fmt.Fprintf(&b, "      includeSubdomains: %t,\n", include)
	b.WriteString("      publicKeyHashes: [\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "        '%s', // %s\n", b64(pin.SPKISHA256), pinComment(pin))
	}
	b.WriteString("      ],\n")
	if !q.Expires.IsZero() {
		fmt.Fprintf(&b, "      // Pins stop being checked on %s.\n", day(q.Expires))
		fmt.Fprintf(&b, "      expirationDate: '%s',\n", day(q.Expires))
	}
	b.WriteString("    },\n  });\n}\n")
	return withReadme("react-native-ssl-public-key-pinning", []string{
		"npm install react-native-ssl-public-key-pinning (and pod install for iOS).",
		"Call `await setUpSslPinning()` once at start-up, before any request (in an async function: the call is not a top-level await).",
	}, []File{{Name: "sslPinning.js", Content: []byte(b.String()), Primary: true}}, lints)
}
