package platform

import (
	"fmt"
	"strings"
)

// Alamofire writes an Alamofire 5 ServerTrustManager. Per Alamofire's
// "Advanced Usage" guide: PublicKeysTrustEvaluator passes when any pinned key
// is in the server's chain, PinnedCertificatesTrustEvaluator when any pinned
// certificate is; both read the keys or certificates from the DER files
// (.cer, .crt, .der) in the app bundle, and the evaluators are looked up by
// exact host name. ServerTrustManager(evaluators:) defaults to
// allHostsMustBeEvaluated: true (ServerTrustEvaluation.swift): a request on
// the session to a host with no evaluator fails with
// AFError.serverTrustEvaluationFailed(.noRequiredEvaluator), so the export writes the flag out and says so.
type Alamofire struct{}

func (Alamofire) ID() string   { return "alamofire" }
func (Alamofire) Name() string { return "Alamofire 5 ServerTrustManager (Swift)" }

func (Alamofire) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{certMode: true})
	if !ok {
		return nil, lints
	}
	lints = append(lints, wildcardLint(q, fmt.Sprintf("the evaluator is registered for %s only", q.host))...)
	if q.IncludeSubdomains {
		lints = append(lints, warn("alamofire-exact-host", "ServerTrustManager looks evaluators up by exact host: on this session a request to a subdomain has no evaluator and fails (allHostsMustBeEvaluated: true); subclass it and override serverTrustEvaluator(forHost:) to cover them"))
	}
	files, names, fl := certFiles(q, ".der", "Alamofire reads pins from certificate files in the bundle")
	lints = append(lints, fl...)
	if len(files) == 0 {
		return nil, append(lints, warn("no-certificate-files", "no pin has a certificate to bundle: nothing to write"))
	}

	var b strings.Builder
	b.WriteString("import Alamofire\n\n")
	b.WriteString("// Add these DER files to the app target (Copy Bundle Resources):\n")
	for _, n := range names {
		fmt.Fprintf(&b, "//   %s.der\n", n)
	}
	b.WriteString("let evaluators: [String: ServerTrustEvaluating] = [\n")
	if q.CertificateMode {
		fmt.Fprintf(&b, "    \"%s\": PinnedCertificatesTrustEvaluator(\n", q.host)
		b.WriteString("        certificates: Bundle.main.af.certificates,\n")
		b.WriteString("        acceptSelfSignedCertificates: false,\n")
	} else {
		fmt.Fprintf(&b, "    \"%s\": PublicKeysTrustEvaluator(\n", q.host)
		b.WriteString("        keys: Bundle.main.af.publicKeys,\n")
	}
	b.WriteString("        performDefaultValidation: true,\n")
	b.WriteString("        validateHost: true\n")
	b.WriteString("    ),\n]\n\n")
	b.WriteString("// allHostsMustBeEvaluated: true is Alamofire's default, written out: a request on this\n")
	b.WriteString("// session to any host without an evaluator above fails (.noRequiredEvaluator).\n")
	fmt.Fprintf(&b, "// Only %s may be reached with it; use another Session for other hosts, or\n", q.host)
	b.WriteString("// set false to let them use the system's default evaluation, unpinned.\n")
	b.WriteString("let session = Session(serverTrustManager: ServerTrustManager(allHostsMustBeEvaluated: true, evaluators: evaluators))\n")
	out := []File{{Name: "ServerTrust.swift", Content: []byte(b.String()), Primary: true}}
	return withReadme("Alamofire 5 ServerTrustManager", []string{
		"Add the DER files to the app target (Copy Bundle Resources).",
		"Create the Session with this ServerTrustManager and keep it alive for the app's requests.",
		"allHostsMustBeEvaluated is true (Alamofire's default): a request on this Session to a host with no evaluator fails, so use it only for the pinned host, or set the flag to false to let other hosts through unpinned.",
	}, append(out, files...), lints)
}
