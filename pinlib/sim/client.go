package sim

// scope is where a client looks for a pin match.
type scope int

const (
	inVerifiedChain scope = iota // any certificate of the chain that verification built, anchor included
	inLeafOrCA                   // iOS: leaf identities on the leaf only, CA identities on any CA of the built chain
	inSentChain                  // the chain as the server sent it (the CVE-2016-2402 mistake)
)

// client is one client platform's trust and pin rules, each field set from
// the platform's documented behaviour (DESIGN.md, "Pinning semantics").
type client struct {
	id, name   string
	system     bool // trusts the system CA store
	user       bool // trusts the user CA store
	userSkips  bool // a chain anchored at a user CA skips the pins (overridePins)
	expiry     bool // honours a pin-set expiration date
	certPins   bool // can pin a whole certificate (leaf-cert)
	scope      scope
	minEnforce int    // fewest pins accepted when enforcing; more is refused at init
	softFail   string // how the client allows and reports a pin failure; "" when it has no soft-fail mode
	reportsAll bool   // reports every failed pin validation, enforced or not, invalid chains too (TrustKit)
	pinner     string // its pinning feature, for "X has no soft-fail mode"
	stores     string
	pinRule    string
	expiryRule string
	certNA     string // why leaf-cert cannot be expressed
	platform   string // for reports: "ANDROID" or "IOS"
}

var clients = map[string]*client{
	// AOSP network security config, API 24+: the default base-config trusts
	// system CAs only; <pin-set> holds SPKI digests, matched against every
	// certificate of the validated chain, anchor included
	// (NetworkSecurityTrustManager.checkPins); from the <pin-set expiration>
	// date on (00:00 device time, the first unpinned day)
	// the pins are skipped and normal trust applies.
	"android": {
		id: "android", name: "Android (API 24+)", system: true, expiry: true, scope: inVerifiedChain, platform: "ANDROID",
		stores:     "the system store only: API 24+ ignores user CAs unless the config adds <certificates src=\"user\"/>",
		pinRule:    "Android: a pin matches any certificate of the validated chain, the trust anchor too (NetworkSecurityTrustManager.checkPins).",
		expiryRule: "from 00:00 device time on the <pin-set> expiration date Android skips the pins; normal trust still applies",
		certNA:     "Android's <pin-set> holds SPKI SHA-256 digests only: it cannot pin a whole certificate.",
		pinner:     "Android's network security config",
	},
	// An app targeting API 23 or lower: its default base-config trusts the
	// system and the user stores; the pins of a <domain-config> still apply
	// to user CAs (overridePins is false outside debug-overrides).
	"android-legacy": {
		id: "android-legacy", name: "Android (app targeting API 23 or lower)", system: true, user: true, expiry: true, scope: inVerifiedChain, platform: "ANDROID",
		stores:     "the system and user stores: an app targeting API 23 or lower trusts user CAs by default",
		pinRule:    "Android: a pin matches any certificate of the validated chain, the trust anchor too; overridePins is false outside debug-overrides, so user CAs are pinned too.",
		expiryRule: "from 00:00 device time on the <pin-set> expiration date Android skips the pins; normal trust still applies",
		certNA:     "Android's <pin-set> holds SPKI SHA-256 digests only: it cannot pin a whole certificate.",
		pinner:     "Android's network security config",
	},
	// A debuggable build whose <debug-overrides> trusts <certificates
	// src="user"/>; AOSP XmlConfigSource sets overridePins' default to true
	// inside debug-overrides, so a chain anchored at a user CA skips pins.
	"android-debug": {
		id: "android-debug", name: "Android debuggable build (debug-overrides)", system: true, user: true, userSkips: true, expiry: true, scope: inVerifiedChain, platform: "ANDROID",
		stores:     "the system store, plus the user store from <debug-overrides> in a debuggable build",
		pinRule:    "Android: a pin matches any certificate of the validated chain; a trust anchor from <debug-overrides> has overridePins=\"true\" by default, so a chain anchored there skips the pins.",
		expiryRule: "from 00:00 device time on the <pin-set> expiration date Android skips the pins; normal trust still applies",
		certNA:     "Android's <pin-set> holds SPKI SHA-256 digests only: it cannot pin a whole certificate.",
		pinner:     "Android's network security config",
	},
	// Apple's NSPinnedDomains (iOS 14+): NSPinnedCAIdentities match any CA
	// of the chain, NSPinnedLeafIdentities the leaf only; no expiry and no
	// soft-fail or report mode. A user-installed root counts once the user enables full
	// trust for it (Settings > About > Certificate Trust Settings).
	"ios": {
		id: "ios", name: "iOS ATS NSPinnedDomains", system: true, user: true, scope: inLeafOrCA, platform: "IOS",
		stores:  "the system store and the user-installed root the user fully trusted",
		pinRule: "iOS NSPinnedDomains: NSPinnedLeafIdentities match the leaf only, NSPinnedCAIdentities any CA certificate of the evaluated chain; there is no pin expiry.",
		certNA:  "NSPinnedDomains pins SPKI-SHA256-BASE64 identities only: it cannot pin a whole certificate.",
		pinner:  "NSPinnedDomains",
	},
	// datatheorem/TrustKit: iOS trust evaluation first, then the SPKI hashes
	// against the evaluated chain; when enforcing a domain needs two
	// distinct pins or initSharedInstance raises; kTSKEnforcePinning false
	// allows a pin failure; kTSKExpirationDate ends pinning. Reporting is
	// a switch of its own: TSKPinningValidator hands every result but
	// success to the reporter, enforced or not, an invalid chain too.
	"trustkit": {
		id: "trustkit", name: "TrustKit (iOS)", system: true, user: true, expiry: true, scope: inVerifiedChain, minEnforce: 2, platform: "IOS",
		softFail: "kTSKEnforcePinning false", reportsAll: true, pinner: "TrustKit",
		stores:     "the system store and the user-installed root the user fully trusted (iOS trust evaluation)",
		pinRule:    "TrustKit: after iOS trust evaluation, a pin matches any certificate of the evaluated chain.",
		expiryRule: "after kTSKExpirationDate TrustKit stops pinning the domain",
		certNA:     "TrustKit pins SPKI hashes only (kTSKPublicKeyHashes): it cannot pin a whole certificate.",
	},
	// square/okhttp CertificatePinner in an Android app (API 24+): after the
	// handshake, the pins are checked against the cleaned, verified chain;
	// no expiry, no report-only mode.
	"okhttp": {
		id: "okhttp", name: "OkHttp CertificatePinner (Android API 24+)", system: true, scope: inVerifiedChain, platform: "ANDROID",
		stores:  "the system store only (an Android app on API 24+)",
		pinRule: "OkHttp: a pin matches any certificate of the cleaned, verified chain (CertificatePinner.check); there is no pin expiry.",
		certNA:  "CertificatePinner takes sha256/ or sha1/ SPKI hashes only: it cannot pin a whole certificate.",
		pinner:  "OkHttp's CertificatePinner",
	},
	// AFNetworking AFSecurityPolicy with validatesDomainName: server trust
	// is evaluated first (AFServerTrustIsValid), then in PublicKey mode any
	// key of the evaluated chain may match a bundled .cer's key; in
	// Certificate mode the pinned certificates become the only anchors
	// (SecTrustSetAnchorCertificates) and one must be in the chain.
	"afnetworking": {
		id: "afnetworking", name: "AFNetworking AFSecurityPolicy", system: true, user: true, certPins: true, scope: inVerifiedChain, platform: "IOS",
		stores:  "the system store and the user-installed root the user fully trusted (iOS trust evaluation)",
		pinRule: "AFNetworking (AFSSLPinningModePublicKey): after server trust evaluation, a pin matches the key of any certificate of the evaluated chain; a backup key is bundled as a .cer carrying it.",
		pinner:  "AFNetworking's AFSecurityPolicy",
	},
	// A hand-rolled pinner (and OkHttp before 3.1.2, CVE-2016-2402): the
	// chain is verified, but the pins are compared with the certificates as
	// the server sent them, which an attacker can pad with the real ones.
	// Being the app's own code, it can also log and report a mismatch
	// instead of refusing: its soft-fail mode.
	"naive": {
		id: "naive", name: "Naive pinner (pins the chain as sent)", system: true, certPins: true, scope: inSentChain, platform: "ANDROID",
		softFail: "custom code", pinner: "the naive pinner",
		stores:  "the system store only",
		pinRule: "Naive pinner: the pins are compared with the chain as the server sent it, not the verified chain (the mistake of CVE-2016-2402).",
	},
}
