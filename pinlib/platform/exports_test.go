package platform

import (
	"regexp"
	"strings"
	"testing"
)

// TestExportFacts pins what each export must say and must not say about
// how its client really behaves, in every option combination: facts read
// in each library's source or reference, which a golden file alone would
// let drift.
func TestExportFacts(t *testing.T) {
	cases := []struct {
		platform string
		why      string
		want     []string         // in the printed code
		wantRe   []*regexp.Regexp // in the printed code
		absent   []string         // nowhere in the code or README
		readme   []string         // in the README
	}{
		{
			platform: "trustkit",
			why:      "TrustKit also reports to Data Theorem's server unless kTSKDisableDefaultReportUri is true (TrustKit.m)",
			want:     []string{"            kTSKDisableDefaultReportUri: true,\n", "Data Theorem's\n            // server: the app's bundle id and vendor id, the host and its certificate chain."},
			readme:   []string{"kTSKDisableDefaultReportUri is true: otherwise TrustKit sends every failure report to Data Theorem's server"},
		},
		{
			platform: "trustkit",
			why:      "enforcement and reporting are two switches: TrustKit reports a mismatch or an invalid chain whether it enforces or not",
			want:     []string{"Enforcement and reporting are separate switches", "TrustKit reports a pin mismatch or an invalid chain, enforcing or not."},
			wantRe:   []*regexp.Regexp{regexp.MustCompile(`enforcing or not\.\n\s+kTSKEnforcePinning: (true|false),\n`)},
		},
		{
			platform: "trustkit",
			why:      "handle(_:completionHandler:) returns false, without calling the handler, for challenges that are not server trust",
			wantRe:   []*regexp.Regexp{regexp.MustCompile(`if !TrustKit\.sharedInstance\(\)\.pinningValidator\.handle\(challenge, completionHandler: completionHandler\) \{\n//\s+//[^\n]*\n//\s+completionHandler\(\.performDefaultHandling, nil\)\n//\s+\}`)},
			absent:   []string{"// TrustKit.sharedInstance().pinningValidator.handle(challenge, completionHandler: completionHandler)\n"},
		},
		{
			platform: "alamofire",
			why:      "ServerTrustManager(evaluators:) defaults to allHostsMustBeEvaluated: true, so unlisted hosts fail",
			want:     []string{"ServerTrustManager(allHostsMustBeEvaluated: true, evaluators: evaluators)", "session to any host without an evaluator above fails"},
			readme:   []string{"allHostsMustBeEvaluated is true (Alamofire's default): a request on this Session to a host with no evaluator fails"},
		},
		{
			platform: "dotnet",
			why:      "PublicKey.ExportSubjectPublicKeyInfo() exists from .NET 6",
			want:     []string{"(.NET 6 or later: PublicKey.ExportSubjectPublicKeyInfo)"},
			absent:   []string{".NET 5"},
			readme:   []string{"for .NET 6 or later"},
		},
		{
			platform: "go",
			why:      "VerifyPeerCertificate is not called on resumed connections, VerifyConnection is; no more than that",
			want:     []string{"crypto/tls does not\n\t\t// call VerifyPeerCertificate on resumed connections, and calls\n\t\t// VerifyConnection on every handshake, resumptions included."},
			absent:   []string{"would then skip the pins"},
		},
		{
			platform: "go",
			why:      "the expiration is the first unpinned day: pins are skipped from 00:00 UTC on it",
			want:     []string{"!expires.IsZero() && !time.Now().Before(expires)", "(00:00 UTC on that day)"},
		},
		{
			platform: "dotnet",
			why:      "the expiration is the first unpinned day: pins are skipped from 00:00 UTC on it",
			want:     []string{"DateTimeOffset.UtcNow >= Expires.Value"},
		},
		{
			platform: "react-native",
			why:      "no top-level await: the call sits in an async function",
			want:     []string{"export async function setUpSslPinning() {\n  await initializeSslPinning({\n"},
			wantRe:   []*regexp.Regexp{regexp.MustCompile(`\n  \}\);\n\}\n$`)},
			absent:   []string{"\nawait "},
		},
		{
			platform: "hpkp",
			why:      "Firefox 72 turned HPKP off behind a preference; Chrome 72 removed it",
			want:     []string{"removed from Chrome and off by default in Firefox"},
			absent:   []string{"removed from Chrome and Firefox"},
		},
	}
	for _, c := range cases {
		for _, g := range goldenCases {
			if g.only != nil {
				continue
			}
			t.Run(c.platform+"/"+g.name, func(t *testing.T) {
				pf, _ := ByID(c.platform)
				files, lints := pf.Config(mustChoose(t, g.sel))
				out := primary(t, c.platform, mustChoose(t, g.sel))
				all := render(files, lints)
				for _, w := range c.want {
					if !strings.Contains(out, w) {
						t.Errorf("%s: the code lacks %q:\n%s", c.why, w, out)
					}
				}
				for _, re := range c.wantRe {
					if !re.MatchString(out) {
						t.Errorf("%s: the code does not match %s:\n%s", c.why, re, out)
					}
				}
				for _, a := range c.absent {
					if strings.Contains(all, a) {
						t.Errorf("%s: the export says %q:\n%s", c.why, a, all)
					}
				}
				for _, w := range c.readme {
					if !strings.Contains(all, w) {
						t.Errorf("%s: the README lacks %q:\n%s", c.why, w, all)
					}
				}
			})
		}
	}
}
