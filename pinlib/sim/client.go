package sim

import (
	"strings"

	"pinlab/pinlib/platform"
)

// client is one simulated client: its trust stores and switches, and the
// pin rule of its platform (pinlib/platform's registry, which `pinlab
// check` applies too). Each field is set from the client's documented
// behaviour (docs/ARCHITECTURE.md, "Pinning semantics"). clientTable is the one list
// of clients: the public IDs, the page's menu and every sentence that
// names a client come from it.
type client struct {
	id, name   string
	short      string // how a sentence names it: "Android", "TrustKit"; "this client" when it has no name of its own
	platform   string // the platform.Registry ID whose pin rule it applies
	sent       bool   // applies that rule to the chain as the server sent it, not the verified one (CVE-2016-2402)
	says       string // the rule as the trace states it, when it says more than the platform's sentence
	system     bool   // trusts the system CA store
	user       bool   // trusts the user CA store
	userSkips  bool   // a chain anchored at a user CA skips the pins (overridePins)
	expiry     bool   // honours a pin-set expiration date
	certPins   bool   // can pin a whole certificate (leaf-cert)
	minEnforce int    // fewest pins accepted when enforcing; fewer is refused at init
	fewPins    string // why fewer than minEnforce pins cannot be expressed
	softFail   string // how the client allows and reports a pin failure; "" when it has no soft-fail mode
	// reportsAll: it reports every failed pin validation, enforced or not,
	// invalid chains too, as reports says (TrustKit); enforcing says what
	// enforcement on means for it.
	reportsAll bool
	reports    string
	enforcing  string
	pinner     string // its pinning feature, for "X has no soft-fail mode"
	stores     string
	expiryRule string
	certNA     string // why leaf-cert cannot be expressed
	report     string // the report's app-platform: "ANDROID" or "IOS"

	rule platform.Rule // the platform's rule, from the registry (init)
}

// What the three Android clients share.
const (
	androidExpiry = "from 00:00 device time on the <pin-set> expiration date Android skips the pins; normal trust still applies"
	androidCertNA = "Android's <pin-set> holds SPKI SHA-256 digests only: it cannot pin a whole certificate."
	androidPinner = "Android's network security config"
)

var clientTable = []*client{
	// AOSP network security config, API 24+: the default base-config trusts
	// system CAs only; <pin-set> holds SPKI digests, matched against every
	// certificate of the validated chain, anchor included
	// (NetworkSecurityTrustManager.checkPins); from the <pin-set expiration>
	// date on (00:00 device time, the first unpinned day)
	// the pins are skipped and normal trust applies.
	{
		id: "android", name: "Android (API 24+)", short: "Android", platform: "android", system: true, expiry: true, report: "ANDROID",
		stores:     "the system store only: API 24+ ignores user CAs unless the config adds <certificates src=\"user\"/>",
		expiryRule: androidExpiry, certNA: androidCertNA, pinner: androidPinner,
	},
	// An app targeting API 23 or lower: its default base-config trusts the
	// system and the user stores; the pins of a <domain-config> still apply
	// to user CAs (overridePins is false outside debug-overrides).
	{
		id: "android-legacy", name: "Android (app targeting API 23 or lower)", short: "Android", platform: "android", system: true, user: true, expiry: true, report: "ANDROID",
		stores:     "the system and user stores: an app targeting API 23 or lower trusts user CAs by default",
		says:       "Android: a pin matches any certificate of the validated chain, the trust anchor too; overridePins is false outside debug-overrides, so user CAs are pinned too.",
		expiryRule: androidExpiry, certNA: androidCertNA, pinner: androidPinner,
	},
	// A debuggable build whose <debug-overrides> trusts <certificates
	// src="user"/>; AOSP XmlConfigSource sets overridePins' default to true
	// inside debug-overrides, so a chain anchored at a user CA skips pins.
	{
		id: "android-debug", name: "Android debuggable build (debug-overrides)", short: "Android", platform: "android", system: true, user: true, userSkips: true, expiry: true, report: "ANDROID",
		stores:     "the system store, plus the user store from <debug-overrides> in a debuggable build",
		says:       "Android: a pin matches any certificate of the validated chain; a trust anchor from <debug-overrides> has overridePins=\"true\" by default, so a chain anchored there skips the pins.",
		expiryRule: androidExpiry, certNA: androidCertNA, pinner: androidPinner,
	},
	// Apple's NSPinnedDomains (iOS 14+): NSPinnedCAIdentities match any CA
	// of the chain, NSPinnedLeafIdentities the leaf only; no expiry and no
	// soft-fail or report mode. A user-installed root counts once the user enables full
	// trust for it (Settings > About > Certificate Trust Settings).
	{
		id: "ios", name: "iOS ATS NSPinnedDomains", short: "iOS", platform: "ios", system: true, user: true, report: "IOS",
		stores: "the system store and the user-installed root the user fully trusted",
		says:   "iOS NSPinnedDomains: NSPinnedLeafIdentities match the leaf only, NSPinnedCAIdentities any CA certificate of the evaluated chain; there is no pin expiry.",
		certNA: "NSPinnedDomains pins SPKI-SHA256-BASE64 identities only: it cannot pin a whole certificate.",
		pinner: "NSPinnedDomains",
	},
	// datatheorem/TrustKit: iOS trust evaluation first, then the SPKI hashes
	// against the evaluated chain; when enforcing a domain needs two
	// distinct pins or initSharedInstance raises; kTSKEnforcePinning false
	// allows a pin failure; kTSKExpirationDate ends pinning. Reporting is
	// a switch of its own: TSKPinningValidator hands every result but
	// success to the reporter, enforced or not, an invalid chain too.
	{
		id: "trustkit", name: "TrustKit (iOS)", short: "TrustKit", platform: "trustkit", system: true, user: true, expiry: true, report: "IOS",
		minEnforce: 2, fewPins: "TrustKit refuses a single pin when enforcing: initSharedInstance raises unless the domain has two distinct pins (a backup).",
		softFail: "kTSKEnforcePinning false", reportsAll: true, pinner: "TrustKit",
		enforcing:  "Enforcement is on (kTSKEnforcePinning true, the default): a pin failure blocks.",
		reports:    "Reporting is a separate switch: TrustKit reports every failed validation of a pinned domain, a pin mismatch or an invalid chain, enforced or not, to kTSKReportUris and, unless kTSKDisableDefaultReportUri is true, to Data Theorem's own server.",
		stores:     "the system store and the user-installed root the user fully trusted (iOS trust evaluation)",
		expiryRule: "after kTSKExpirationDate TrustKit stops pinning the domain",
		certNA:     "TrustKit pins SPKI hashes only (kTSKPublicKeyHashes): it cannot pin a whole certificate.",
	},
	// square/okhttp CertificatePinner in an Android app (API 24+): after the
	// handshake, the pins are checked against the cleaned, verified chain;
	// no expiry, no report-only mode.
	{
		id: "okhttp", name: "OkHttp CertificatePinner (Android API 24+)", short: "OkHttp", platform: "okhttp", system: true, report: "ANDROID",
		stores: "the system store only (an Android app on API 24+)",
		says:   "OkHttp: a pin matches any certificate of the cleaned, verified chain (CertificatePinner.check); there is no pin expiry.",
		certNA: "CertificatePinner takes sha256/ or sha1/ SPKI hashes only: it cannot pin a whole certificate.",
		pinner: "OkHttp's CertificatePinner",
	},
	// AFNetworking AFSecurityPolicy with validatesDomainName: server trust
	// is evaluated first (AFServerTrustIsValid), then in PublicKey mode any
	// key of the evaluated chain may match a bundled .cer's key; in
	// Certificate mode the pinned certificates become the only anchors
	// (SecTrustSetAnchorCertificates) and one must be in the chain.
	{
		id: "afnetworking", name: "AFNetworking AFSecurityPolicy", short: "AFNetworking", platform: "afnetworking", system: true, user: true, certPins: true, report: "IOS",
		stores: "the system store and the user-installed root the user fully trusted (iOS trust evaluation)",
		pinner: "AFNetworking's AFSecurityPolicy",
	},
	// A hand-rolled pinner (and OkHttp before 3.1.2, CVE-2016-2402): the
	// chain is verified, but OkHttp's rule is applied to the certificates
	// as the server sent them, which an attacker can pad with the real
	// ones. Being the app's own code, it can pin a whole certificate, and
	// log and report a mismatch instead of refusing: its soft-fail mode.
	{
		id: "naive", name: "Naive pinner (pins the chain as sent)", short: "this client", platform: "okhttp", sent: true, system: true, certPins: true, report: "ANDROID",
		softFail: "custom code", pinner: "the naive pinner",
		stores: "the system store only",
		says:   "Naive pinner: the pins are compared with the chain as the server sent it, not the verified chain (the mistake of CVE-2016-2402).",
	},
}

// clients finds a client by its ID; each has its platform's rule.
var clients = func() map[string]*client {
	m := make(map[string]*client, len(clientTable))
	for _, cl := range clientTable {
		if e, ok := platform.Lookup(cl.platform); ok && e.Rule != nil {
			cl.rule = *e.Rule
		}
		m[cl.id] = cl
	}
	return m
}()

// ruleFor is the rule the client applies to its pins: its platform's, or
// that rule's own for whole certificates (AFNetworking's Certificate
// mode), with how the trace states it.
func (cl *client) ruleFor(certificates bool) (platform.Rule, string) {
	if r := cl.rule.ForCertificates; certificates && r != nil {
		return *r, r.Sentence
	}
	if cl.says != "" {
		return cl.rule, cl.says
	}
	return cl.rule, cl.rule.Sentence
}

// named says whether word is how a sentence names a client ("Android",
// "Android's"), which keeps its capital in mid-sentence.
func named(word string) bool {
	word = strings.TrimSuffix(word, "'s")
	for _, cl := range clientTable {
		if cl.short == word {
			return true
		}
	}
	return false
}
