package content

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLessonFacts pins facts the lessons must state about real clients,
// each checked against the client's source or reference, and wordings
// they must not fall back to. lessons_gen.go is rendered from these files,
// and the generator's test keeps it in step.
func TestLessonFacts(t *testing.T) {
	cases := []struct {
		file   string
		why    string
		want   []string
		absent []string
	}{
		{"06-hard-vs-soft-fail.md", "TrustKit reports to Data Theorem unless kTSKDisableDefaultReportUri is true",
			[]string{"kTSKDisableDefaultReportUri: true,", "Unless `kTSKDisableDefaultReportUri` is `true`, every report also goes to Data Theorem's own report server"}, nil},
		{"06-hard-vs-soft-fail.md", "enforcement and reporting are two switches; TrustKit reports enforcing or not, invalid chains too",
			[]string{"a second, separate switch: **reporting**", "does not depend on enforcement", "a pin mismatch or an invalid chain, enforcing or not"},
			[]string{"**Soft-fail** lets it through and sends a report", "allowed, and a report goes out"}},
		{"06-hard-vs-soft-fail.md", "Firefox 72 turned HPKP off behind a preference",
			[]string{"Firefox 72 (2020) turned it off by default, leaving it behind the `security.cert_pinning.hpkp.enabled` preference"},
			[]string{"and Firefox in its own version 72"}},
		{"08-ios.md", "TrustKit's handle() leaves the completion handler to the caller for other challenges",
			[]string{"let validator = TrustKit.sharedInstance().pinningValidator\nif !validator.handle(challenge, completionHandler: completionHandler) {\n    completionHandler(.performDefaultHandling, nil)\n}"}, nil},
		{"08-ios.md", "AFNetworking's Certificate mode breaks on a same-key renewal because the leaf certificate itself was pinned",
			[]string{"one of the pinned certificates, byte for byte, must be in the evaluated chain", "Pin the leaf certificate and even a same-key renewal breaks it"},
			[]string{"makes the pinned certificates the only anchors, so even a same-key renewal breaks it"}},
		{"04-spki-vs-certificate.md", "the renewed leaf is another certificate",
			[]string{"The leaf certificate pinned:", "The renewed leaf is a new certificate"}, nil},
		{"08-ios.md", "Alamofire's allHostsMustBeEvaluated defaults to true",
			[]string{"defaults to `allHostsMustBeEvaluated: true`"}, nil},
		{"09-cross-platform.md", "OkHttp's \"**.\" exists from 4.3.0; 3.x pins no host with it",
			[]string{"**`**.` needs OkHttp 4.3.0.**", "pins nothing", "`pinlab config --okhttp-version 3`"}, nil},
		{"09-cross-platform.md", "VerifyPeerCertificate is not called on resumed connections, VerifyConnection is; no more than that",
			[]string{"crypto/tls does not call it on resumed connections, while it calls `VerifyConnection` on every handshake, resumptions included"},
			[]string{"so those would skip the pins"}},
		{"09-cross-platform.md", "PublicKey.ExportSubjectPublicKeyInfo exists from .NET 6",
			[]string{"`PublicKey.ExportSubjectPublicKeyInfo()` (.NET 6 and later)"}, []string{".NET 5"}},
		{"05-backup-and-rotation.md", "the expiration date is the first unpinned day",
			[]string{"pins stop being checked on that date, from 00:00 device time on Android and from 00:00 UTC in TrustKit"}, nil},
		{"07-android.md", "the expiration date is the first unpinned day",
			[]string{"Pins stop being checked on the `expiration` date, from 00:00 device time"}, nil},
	}
	for _, c := range cases {
		src := lesson(t, c.file)
		for _, w := range c.want {
			if !strings.Contains(src, w) {
				t.Errorf("%s: %s: lacks %q", c.file, c.why, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(src, a) {
				t.Errorf("%s: %s: still says %q", c.file, c.why, a)
			}
		}
	}
}

// TestLessonWording checks every lesson for wordings that are wrong
// wherever they appear: pins expire ON their date, not after it, and no
// JavaScript example awaits at the top level.
func TestLessonWording(t *testing.T) {
	afterExpiry := regexp.MustCompile(`(?i)\bafter (it\b|the pin set's expiration|` + "`expiration`" + `|expiration\b)|past their expiration`)
	topLevelAwait := regexp.MustCompile("(?m)^await ")
	names, err := filepath.Glob(filepath.Join("lessons", "*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no lessons: %v", err)
	}
	for _, name := range names {
		src := lesson(t, filepath.Base(name))
		for _, line := range strings.Split(src, "\n") {
			if strings.Contains(strings.ToLower(line), "expir") && afterExpiry.MatchString(line) {
				t.Errorf("%s: say pins stop being checked ON the expiration date: %q", name, line)
			}
		}
		if m := topLevelAwait.FindString(src); m != "" {
			t.Errorf("%s: a top-level await in an example", name)
		}
	}
}

func lesson(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("lessons", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
