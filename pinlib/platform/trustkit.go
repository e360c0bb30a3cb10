package platform

import (
	"fmt"
	"strings"
)

// TrustKit is datatheorem/TrustKit's Swift init dictionary, per its README,
// Getting Started guide and source: bare base64 SPKI hashes; when enforcing
// it raises at start-up unless a domain has at least two distinct pins;
// kTSKIncludeSubdomains covers any depth; kTSKExpirationDate is
// "yyyy-MM-dd" read as 00:00 UTC, the first instant pins are skipped.
//
// Enforcement and reporting are two switches (TSKPinningValidator.m,
// TrustKit.m): kTSKEnforcePinning false lets a pin mismatch through, while
// an invalid chain is still blocked; a report goes out on every failed
// validation of a pinned domain, a mismatch or an invalid chain, enforcing
// or not. Reports go to kTSKReportUris and, unless
// kTSKDisableDefaultReportUri is true, also to Data Theorem's own server
// (bundle id, vendor id, host name, certificate chain): the export turns
// that off, so reports go only where the developer says.
type TrustKit struct{}

// TrustKitRule: TSKPinningValidator evaluates trust as iOS does, then
// looks for a pin among the SPKI hashes of the evaluated chain.
var TrustKitRule = Rule{where: MatchAnywhere,
	Sentence: "TrustKit: after iOS trust evaluation, a pin matches any certificate of the evaluated chain."}

func (TrustKit) ID() string   { return "trustkit" }
func (TrustKit) Name() string { return "TrustKit (Swift)" }

func (TrustKit) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true, softFail: true, reportURI: true})
	if !ok {
		return nil, lints
	}
	include := q.IncludeSubdomains || q.wildcard
	lints = append(lints, wildcardLint(q, fmt.Sprintf("wrote %s with kTSKIncludeSubdomains, which covers subdomains at any depth", q.host))...)
	if len(q.pins) < 2 && !q.SoftFail {
		lints = append(lints, warn("trustkit-needs-two-pins", "TrustKit refuses this configuration: when enforcing, a domain needs at least two distinct pins (a backup), or initSharedInstance raises"))
	}
	if q.SoftFail && q.ReportURI == "" {
		lints = append(lints, info("soft-fail-no-report", "soft-fail without a report URI: failures are allowed and only logged"))
	}

	var b strings.Builder
	b.WriteString("import TrustKit\n\n")
	b.WriteString("// Call once at launch, e.g. in application(_:didFinishLaunchingWithOptions:).\n")
	b.WriteString("let trustKitConfig: [String: Any] = [\n")
	b.WriteString("    kTSKSwizzleNetworkDelegates: false,\n")
	b.WriteString("    kTSKPinnedDomains: [\n")
	fmt.Fprintf(&b, "        \"%s\": [\n", q.host)
	b.WriteString("            // Enforcement and reporting are separate switches. This one decides whether a\n")
	b.WriteString("            // pin mismatch blocks the connection (false lets it through; a chain the\n")
	b.WriteString("            // system does not trust is blocked either way). Reporting does not depend on\n")
	b.WriteString("            // it: TrustKit reports a pin mismatch or an invalid chain, enforcing or not.\n")
	fmt.Fprintf(&b, "            kTSKEnforcePinning: %t,\n", !q.SoftFail)
	fmt.Fprintf(&b, "            kTSKIncludeSubdomains: %t,\n", include)
	if !q.Expires.IsZero() {
		fmt.Fprintf(&b, "            // Pins stop being checked on %s, from 00:00 UTC.\n", day(q.Expires))
		fmt.Fprintf(&b, "            kTSKExpirationDate: \"%s\",\n", day(q.Expires))
	}
	b.WriteString("            kTSKPublicKeyHashes: [\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "                \"%s\", // %s\n", b64(pin.SPKISHA256), pinComment(pin))
	}
	b.WriteString("            ],\n")
	b.WriteString("            // Without this, TrustKit also sends every failure report to Data Theorem's\n")
	b.WriteString("            // server: the app's bundle id and vendor id, the host and its certificate chain.\n")
	b.WriteString("            kTSKDisableDefaultReportUri: true,\n")
	if q.ReportURI != "" {
		fmt.Fprintf(&b, "            kTSKReportUris: [\"%s\"],\n", q.ReportURI)
	} else {
		b.WriteString("            // No kTSKReportUris: failures are logged, and reported nowhere.\n")
	}
	b.WriteString("        ],\n    ],\n]\n")
	b.WriteString("TrustKit.initSharedInstance(withConfiguration: trustKitConfig)\n")
	b.WriteString(trustKitDelegate)
	return withReadme("TrustKit", []string{
		"Add TrustKit (Swift Package Manager, CocoaPods or Carthage).",
		"Call the code once at launch, before any connection.",
		"Hand authentication challenges to TrustKit's pinning validator in your URLSession delegate, and complete the challenges it does not handle with the default handling (the commented delegate method shows how).",
		"kTSKDisableDefaultReportUri is true: otherwise TrustKit sends every failure report to Data Theorem's server as well as to kTSKReportUris.",
	}, []File{{Name: "TrustKitConfig.swift", Content: []byte(b.String()), Primary: true}}, lints)
}

// trustKitDelegate is the URLSession delegate method from TrustKit's README
// in Swift: handle(_:completionHandler:) returns false for a challenge that
// is not server trust, and then has not called the completion handler, so
// the delegate must, or the task hangs.
const trustKitDelegate = `
// Without swizzling, hand challenges to TrustKit in your URLSession delegate:
//
// func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
//                 completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
//     if !TrustKit.sharedInstance().pinningValidator.handle(challenge, completionHandler: completionHandler) {
//         // Not a server trust challenge: TrustKit did not call the handler, so do it here.
//         completionHandler(.performDefaultHandling, nil)
//     }
// }
`
