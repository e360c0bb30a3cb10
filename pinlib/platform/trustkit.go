package platform

import (
	"fmt"
	"strings"
)

// TrustKit is datatheorem/TrustKit's Swift init dictionary, per its README
// and Getting Started guide: bare base64 SPKI hashes; when enforcing it
// raises at start-up unless a domain has at least two distinct pins;
// kTSKEnforcePinning false reports without blocking; kTSKIncludeSubdomains
// covers any depth; kTSKExpirationDate is "yyyy-MM-dd" in UTC.
type TrustKit struct{}

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
	b.WriteString("// Without swizzling, hand challenges to TrustKit in your URLSession delegate:\n")
	b.WriteString("// TrustKit.sharedInstance().pinningValidator.handle(challenge, completionHandler: completionHandler)\n")
	b.WriteString("let trustKitConfig: [String: Any] = [\n")
	b.WriteString("    kTSKSwizzleNetworkDelegates: false,\n")
	b.WriteString("    kTSKPinnedDomains: [\n")
	fmt.Fprintf(&b, "        \"%s\": [\n", q.host)
	fmt.Fprintf(&b, "            kTSKEnforcePinning: %t,\n", !q.SoftFail)
	fmt.Fprintf(&b, "            kTSKIncludeSubdomains: %t,\n", include)
	if !q.Expires.IsZero() {
		fmt.Fprintf(&b, "            kTSKExpirationDate: \"%s\",\n", day(q.Expires))
	}
	b.WriteString("            kTSKPublicKeyHashes: [\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "                \"%s\", // %s\n", b64(pin.SPKISHA256), pinComment(pin))
	}
	b.WriteString("            ],\n")
	if q.ReportURI != "" {
		fmt.Fprintf(&b, "            kTSKReportUris: [\"%s\"],\n", q.ReportURI)
	}
	b.WriteString("        ],\n    ],\n]\n")
	b.WriteString("TrustKit.initSharedInstance(withConfiguration: trustKitConfig)\n")
	return withReadme("TrustKit", []string{
		"Add TrustKit (Swift Package Manager, CocoaPods or Carthage).",
		"Call the code once at launch, before any connection.",
		"Hand authentication challenges to TrustKit's pinning validator in your URLSession delegate.",
	}, []File{{Name: "TrustKitConfig.swift", Content: []byte(b.String()), Primary: true}}, lints)
}
