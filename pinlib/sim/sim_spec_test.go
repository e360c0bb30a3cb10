package sim

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The spec: what each client does in every scenario under every policy,
// hard-fail and soft-fail, written down from the platform rules of
// docs/ARCHITECTURE.md ("Pinning semantics") and checked against the engine, which
// computes its outcomes by verification and pin comparison.
//
// Columns, in Policies order: none, leaf-cert, leaf-spki, intermediate-spki,
// root-spki, leaf-spki+backup. Codes: s secure, i intercepted, b blocked,
// o outage, ir intercepted-reported, sr secure-reported, - n/a.
//
// Soft-fail exists only where the client has it (trustkit, naive): every
// other client's soft row is its hard row (docs/ARCHITECTURE.md, outcome rules).
//
// The generated real server sends its leaf and intermediate, not its root
// (RFC 8446 lets it omit the anchor): that matters to the naive client only.
type specRow struct{ scenario, hard, soft string }

// Android API 24+ (AOSP network security config): system store only; a
// pin matches any certificate of the validated chain, anchor included;
// <pin-set> holds SPKI digests only (leaf-cert n/a); after the
// expiration the pins are skipped. No soft-fail mode: soft is hard.
var androidSpec = []specRow{
	{"baseline", "s - s s s s", "s - s s s s"},                // the real chain carries every pinned key
	{"proxy-user-ca", "b - b b b b", "b - b b b b"},           // user CAs are not trusted on API 24+: a trust failure, in both modes
	{"rogue-public-ca", "i - b b b b", "i - b b b b"},         // trusted system root, but no pinned key in the rogue chain
	{"compromised-issuing-ca", "i - b i i b", "i - b i i b"},  // the pinned intermediate/root signed the rogue leaf: CA pins pass
	{"self-signed", "b - b b b b", "b - b b b b"},             // no trusted anchor
	{"wrong-host", "b - b b b b", "b - b b b b"},              // hostname mismatch is a trust failure
	{"pinned-cert-appended", "i - b b b b", "i - b b b b"},    // pins checked on the validated chain, appended certs ignored
	{"runtime-hook", "i - i i i i", "i - i i i i"},            // hooked checks always pass
	{"leaf-renewed-same-key", "s - s s s s", "s - s s s s"},   // SPKI pins survive a same-key renewal
	{"leaf-renewed-new-key", "s - o s s o", "s - o s s o"},    // the new leaf key is not pinned
	{"leaf-renewed-backup-key", "s - o s s s", "s - o s s s"}, // the backup pin carries the move
	{"intermediate-rotated", "s - s o s s", "s - s o s s"},    // the new intermediate's key is not pinned; root and leaf still are
	{"ca-switch", "s - s o o s", "s - s o o s"},               // new root and intermediate; leaf key kept
	{"pins-expired-rogue-ca", "i - i i i i", "i - i i i i"},   // expiration passed: pins skipped, normal trust lets the rogue CA in
}

// androidWith is android's spec with the rows for the given scenarios
// replaced: the other Android configurations differ from API 24+ only in
// how they treat user CAs.
func androidWith(changed ...specRow) []specRow {
	rows := slices.Clone(androidSpec)
	for _, c := range changed {
		i := slices.IndexFunc(rows, func(r specRow) bool { return r.scenario == c.scenario })
		if i < 0 {
			panic("sim spec: android has no row " + c.scenario)
		}
		rows[i] = c
	}
	return rows
}

var spec = map[string][]specRow{
	"android": androidSpec,
	// Android, app targeting API 23 or lower: system and user stores; pins
	// still apply to user CAs (overridePins false outside debug-overrides).
	// Otherwise as android.
	"android-legacy": androidWith(
		specRow{"proxy-user-ca", "i - b b b b", "i - b b b b"}, // user CA trusted; the pins catch the proxy
	),
	// Android debuggable build, <debug-overrides> trusting user CAs: the
	// override anchors have overridePins=true by default (AOSP
	// XmlConfigSource), so a user-anchored chain skips the pins; a
	// system-anchored chain is checked as on android.
	"android-debug": androidWith(
		specRow{"proxy-user-ca", "i - i i i i", "i - i i i i"}, // user anchor from debug-overrides: pins skipped, nothing reported
	),
	// iOS ATS NSPinnedDomains: system store plus a fully trusted user root;
	// leaf identities on the leaf only, CA identities on any CA of the
	// chain; SPKI only (leaf-cert n/a); no expiry; no soft-fail mode.
	"ios": {
		{"baseline", "s - s s s s", "s - s s s s"},                // every identity present
		{"proxy-user-ca", "i - b b b b", "i - b b b b"},           // the fully trusted user root verifies; pins catch it
		{"rogue-public-ca", "i - b b b b", "i - b b b b"},         // no pinned identity in the rogue chain
		{"compromised-issuing-ca", "i - b i i b", "i - b i i b"},  // the pinned CA identity is in the rogue chain
		{"self-signed", "b - b b b b", "b - b b b b"},             // no trusted anchor
		{"wrong-host", "b - b b b b", "b - b b b b"},              // hostname mismatch
		{"pinned-cert-appended", "i - b b b b", "i - b b b b"},    // the evaluated chain ignores appended certs
		{"runtime-hook", "i - i i i i", "i - i i i i"},            // hooked
		{"leaf-renewed-same-key", "s - s s s s", "s - s s s s"},   // same leaf key
		{"leaf-renewed-new-key", "s - o s s o", "s - o s s o"},    // leaf identity gone
		{"leaf-renewed-backup-key", "s - o s s s", "s - o s s s"}, // the backup sits with the leaf identities
		{"intermediate-rotated", "s - s o s s", "s - s o s s"},    // CA identity of the old intermediate gone
		{"ca-switch", "s - s o o s", "s - s o o s"},               // CA identities gone; leaf key kept
		{"pins-expired-rogue-ca", "i - b b b b", "i - b b b b"},   // NSPinnedDomains has no expiry: the pins still block
	},
	// TrustKit on iOS: iOS trust, then any certificate of the evaluated
	// chain; when enforcing, fewer than two pins is refused at init (n/a);
	// kTSKEnforcePinning false is native soft-fail, where one pin is fine;
	// kTSKExpirationDate honoured; SPKI only (leaf-cert n/a).
	"trustkit": {
		{"baseline", "s - - - - s", "s - s s s s"},                 // single pins refused only when enforcing
		{"proxy-user-ca", "i - - - - b", "i - ir ir ir ir"},        // fully trusted user root; pins catch it
		{"rogue-public-ca", "i - - - - b", "i - ir ir ir ir"},      // no pinned key
		{"compromised-issuing-ca", "i - - - - b", "i - ir i i ir"}, // CA pins pass for the compromised CA
		{"self-signed", "b - - - - b", "b - b b b b"},              // no trusted anchor
		{"wrong-host", "b - - - - b", "b - b b b b"},               // hostname mismatch
		{"pinned-cert-appended", "i - - - - b", "i - ir ir ir ir"}, // evaluated chain only
		{"runtime-hook", "i - - - - i", "i - i i i i"},             // hooked
		{"leaf-renewed-same-key", "s - - - - s", "s - s s s s"},    // same leaf key
		{"leaf-renewed-new-key", "s - - - - o", "s - sr s s sr"},   // new leaf key not pinned
		{"leaf-renewed-backup-key", "s - - - - s", "s - sr s s s"}, // the backup pin carries the move
		{"intermediate-rotated", "s - - - - s", "s - s sr s s"},    // leaf key kept
		{"ca-switch", "s - - - - s", "s - s sr sr s"},              // leaf key kept
		{"pins-expired-rogue-ca", "i - - - - i", "i - i i i i"},    // kTSKExpirationDate passed: not pinned any more
	},
	// OkHttp CertificatePinner in an Android API 24+ app: system store;
	// any certificate of the cleaned, verified chain; no expiry; SPKI only;
	// no soft-fail mode.
	"okhttp": {
		{"baseline", "s - s s s s", "s - s s s s"},                // every pinned key in the chain
		{"proxy-user-ca", "b - b b b b", "b - b b b b"},           // user CAs not trusted: trust failure
		{"rogue-public-ca", "i - b b b b", "i - b b b b"},         // no pinned key
		{"compromised-issuing-ca", "i - b i i b", "i - b i i b"},  // CA pins pass
		{"self-signed", "b - b b b b", "b - b b b b"},             // no trusted anchor
		{"wrong-host", "b - b b b b", "b - b b b b"},              // hostname mismatch
		{"pinned-cert-appended", "i - b b b b", "i - b b b b"},    // cleaned chain: appended certs dropped (fixed in 3.1.2)
		{"runtime-hook", "i - i i i i", "i - i i i i"},            // hooked
		{"leaf-renewed-same-key", "s - s s s s", "s - s s s s"},   // same leaf key
		{"leaf-renewed-new-key", "s - o s s o", "s - o s s o"},    // new leaf key not pinned
		{"leaf-renewed-backup-key", "s - o s s s", "s - o s s s"}, // the backup pin carries the move
		{"intermediate-rotated", "s - s o s s", "s - s o s s"},    // new intermediate key not pinned
		{"ca-switch", "s - s o o s", "s - s o o s"},               // new CA keys not pinned
		{"pins-expired-rogue-ca", "i - b b b b", "i - b b b b"},   // no expiry in OkHttp: still blocked (unlike android)
	},
	// AFNetworking AFSecurityPolicy: iOS trust first; PublicKey mode for
	// SPKI policies (any key of the evaluated chain); Certificate mode for
	// leaf-cert (pinned certificates as the only anchors, which a renewed
	// leaf is not); no expiry; no soft-fail mode.
	"afnetworking": {
		{"baseline", "s s s s s s", "s s s s s s"},                // the pinned certificate and keys are all there
		{"proxy-user-ca", "i b b b b b", "i b b b b b"},           // fully trusted user root verifies; pins catch it
		{"rogue-public-ca", "i b b b b b", "i b b b b b"},         // no pinned key or certificate
		{"compromised-issuing-ca", "i b b i i b", "i b b i i b"},  // CA keys pass; the pinned leaf certificate does not
		{"self-signed", "b b b b b b", "b b b b b b"},             // no trusted anchor
		{"wrong-host", "b b b b b b", "b b b b b b"},              // validatesDomainName: hostname mismatch
		{"pinned-cert-appended", "i b b b b b", "i b b b b b"},    // evaluated chain only
		{"runtime-hook", "i i i i i i", "i i i i i i"},            // hooked
		{"leaf-renewed-same-key", "s o s s s s", "s o s s s s"},   // a renewed certificate is a different certificate
		{"leaf-renewed-new-key", "s o o s s o", "s o o s s o"},    // new leaf key not pinned
		{"leaf-renewed-backup-key", "s o o s s s", "s o o s s s"}, // the bundled backup .cer carries the key
		{"intermediate-rotated", "s o s o s s", "s o s o s s"},    // re-issued leaf certificate; new intermediate key
		{"ca-switch", "s o s o o s", "s o s o o s"},               // new CA keys; re-issued leaf certificate
		{"pins-expired-rogue-ca", "i b b b b b", "i b b b b b"},   // no expiry
	},
	// Naive pinner (OkHttp before 3.1.2, CVE-2016-2402): system store; the
	// pins are compared with the chain as sent, which the attacker controls
	// and the real server sends without its root; no expiry. Custom code,
	// so it can soft-fail: allow and report a pin failure.
	"naive": {
		{"baseline", "s s s s o s", "s s s s sr s"},                  // the root is not sent, so a root pin never matches
		{"proxy-user-ca", "b b b b b b", "b b b b b b"},              // user CAs not trusted
		{"rogue-public-ca", "i b b b b b", "i ir ir ir ir ir"},       // no pinned certificate sent
		{"compromised-issuing-ca", "i b b i b b", "i ir ir i ir ir"}, // the real intermediate is sent, the root not
		{"self-signed", "b b b b b b", "b b b b b b"},                // no trusted anchor
		{"wrong-host", "b b b b b b", "b b b b b b"},                 // hostname mismatch
		{"pinned-cert-appended", "i i i i i i", "i i i i i i"},       // CVE-2016-2402: the appended real certificates match
		{"runtime-hook", "i i i i i i", "i i i i i i"},               // hooked
		{"leaf-renewed-same-key", "s o s s o s", "s sr s s sr s"},    // same key; new certificate; root not sent
		{"leaf-renewed-new-key", "s o o s o o", "s sr sr s sr sr"},   // new leaf key; root not sent
		{"leaf-renewed-backup-key", "s o o s o s", "s sr sr s sr s"}, // backup key sent; root not sent
		{"intermediate-rotated", "s o s o o s", "s sr s sr sr s"},    // new intermediate; root not sent
		{"ca-switch", "s o s o o s", "s sr s sr sr s"},               // new CA
		{"pins-expired-rogue-ca", "i b b b b b", "i ir ir ir ir ir"}, // no expiry
	},
}

var specCodes = map[string]Outcome{
	"s": Secure, "i": Intercepted, "b": Blocked, "o": Outage,
	"ir": InterceptedReported, "sr": SecureReported, "-": NotApplicable,
}

// testWorld is shared by the tests: worlds take a few milliseconds to make.
var testWorld = func() func(t testing.TB) *World {
	var w *World
	return func(t testing.TB) *World {
		t.Helper()
		if w == nil {
			var err error
			if w, err = NewWorld(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		return w
	}
}()

func TestSpec(t *testing.T) {
	w := testWorld(t)
	for _, client := range Clients {
		rows := spec[client]
		if len(rows) != len(Scenarios) {
			t.Fatalf("spec for %s has %d rows, want %d", client, len(rows), len(Scenarios))
		}
		for i, row := range rows {
			if row.scenario != Scenarios[i] {
				t.Fatalf("spec for %s: row %d is %s, want %s", client, i, row.scenario, Scenarios[i])
			}
			for _, mode := range []Mode{Hard, Soft} {
				want := row.hard
				if mode == Soft {
					want = row.soft
				}
				codes := strings.Fields(want)
				if len(codes) != len(Policies) {
					t.Fatalf("spec for %s/%s/%s: %d codes", client, row.scenario, mode, len(codes))
				}
				for j, policy := range Policies {
					r, err := w.Run(Case{Client: client, Scenario: row.scenario, Policy: policy, Mode: mode})
					if err != nil {
						t.Fatal(err)
					}
					if want := specCodes[codes[j]]; r.Outcome != want {
						t.Errorf("%s %s %s %s: got %s, want %s (%s)", client, row.scenario, policy, mode, r.Outcome, want, r.Reason)
					}
				}
			}
		}
	}
}
