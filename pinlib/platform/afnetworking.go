package platform

import (
	"fmt"
	"strings"
)

// AFNetworking writes an AFSecurityPolicy, as in AFNetworking's README: the
// pinning mode is PublicKey or Certificate and the pins are the .cer (DER)
// files in the app bundle, which certificatesInBundle: loads. A match on any
// certificate of the server's chain passes.
type AFNetworking struct{}

// AFNetworkingRule is AFSSLPinningModePublicKey: after server trust
// evaluation (AFServerTrustIsValid), any key of the evaluated chain may
// match a bundled .cer's key.
var AFNetworkingRule = Rule{where: MatchAnywhere, ForCertificates: &AFNetworkingCertificateRule,
	Sentence: "AFNetworking (AFSSLPinningModePublicKey): after server trust evaluation, a pin matches the key of any certificate of the evaluated chain; a backup key is bundled as a .cer carrying it."}

// AFNetworkingCertificateRule is AFSSLPinningModeCertificate: the pinned
// certificates become the only anchors (SecTrustSetAnchorCertificates),
// trust is evaluated again, and a pinned certificate must be in the chain
// it yields (AFSecurityPolicy evaluateServerTrust:forDomain:).
var AFNetworkingCertificateRule = Rule{where: MatchAnywhere, Anchors: true,
	Sentence: "AFNetworking (AFSSLPinningModeCertificate): the pinned certificates are the only anchors, and one of them must be in the evaluated chain."}

func (AFNetworking) ID() string   { return "afnetworking" }
func (AFNetworking) Name() string { return "AFNetworking AFSecurityPolicy (Objective-C)" }

func (AFNetworking) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{certMode: true})
	if !ok {
		return nil, lints
	}
	lints = append(lints, info("afnetworking-per-manager", "an AFSecurityPolicy applies to every request of its session manager, whatever the host: the host only sets the base URL"))
	lints = append(lints, wildcardLint(q, fmt.Sprintf("the base URL is https://%s/", q.host))...)
	files, names, fl := certFiles(q, ".cer", "AFNetworking reads pins from .cer files in the bundle")
	lints = append(lints, fl...)
	if len(files) == 0 {
		return nil, append(lints, warn("no-certificate-files", "no pin has a certificate to bundle: nothing to write"))
	}
	mode := "AFSSLPinningModePublicKey"
	if q.CertificateMode {
		mode = "AFSSLPinningModeCertificate"
	}
	var b strings.Builder
	b.WriteString("// Add these DER certificates to the app target (Copy Bundle Resources):\n")
	for _, n := range names {
		fmt.Fprintf(&b, "//   %s.cer\n", n)
	}
	fmt.Fprintf(&b, "AFSecurityPolicy *policy = [AFSecurityPolicy policyWithPinningMode:%s];\n", mode)
	b.WriteString("policy.pinnedCertificates = [AFSecurityPolicy certificatesInBundle:[NSBundle mainBundle]];\n")
	b.WriteString("policy.allowInvalidCertificates = NO;\n")
	b.WriteString("policy.validatesDomainName = YES;\n\n")
	fmt.Fprintf(&b, "AFHTTPSessionManager *manager = [[AFHTTPSessionManager alloc] initWithBaseURL:[NSURL URLWithString:@\"https://%s/\"]];\n", q.host)
	b.WriteString("manager.securityPolicy = policy;\n")
	out := []File{{Name: "AFSecurityPolicy.m", Content: []byte(b.String()), Primary: true}}
	return withReadme("AFNetworking AFSecurityPolicy", []string{
		"Add the .cer files to the app target (Copy Bundle Resources); certificatesInBundle: loads every .cer of the bundle.",
		"Set the policy on the session manager that makes the requests.",
	}, append(out, files...), lints)
}
