package sim

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// Result is one simulated connection: its outcome, why, and every step of
// the decision.
type Result struct {
	Case
	Outcome  Outcome `json:"outcome"`
	Reason   string  `json:"reason"`           // one short sentence: why this outcome
	Verdict  string  `json:"verdict"`          // one sentence for the page: the outcome, then why
	Attacker bool    `json:"attacker"`         // someone other than the real server presented the chain
	SoftFail bool    `json:"soft-fail"`        // the client soft-fails here: soft mode, and a client that has it
	Report   *Report `json:"report,omitempty"` // the report sent, if any: on a soft-fail, or by TrustKit in either mode
	Trace    []Step  `json:"trace"`
}

// Step statuses.
const (
	StatusInfo = "info"
	StatusPass = "pass"
	StatusFail = "fail"
)

// Step titles, in the order a trace uses them.
const (
	StepScenario  = "Scenario"
	StepLookalike = "Look-alike certificates"
	StepPresented = "Chain presented"
	StepBuilt     = "Chain built"
	StepHostname  = "Hostname"
	StepValidity  = "Validity"
	StepPins      = "Pins"
	StepRule      = "Rule"
	StepResult    = "Result"
)

// Step is one annotated step of the handshake and the decision.
type Step struct {
	Title  string     `json:"title"`
	Detail string     `json:"detail"`
	Status string     `json:"status"` // "info", "pass" or "fail"
	Pins   []PinCheck `json:"pins,omitempty"`
}

// PinCheck is one pin compared with one certificate.
type PinCheck struct {
	Pin         string `json:"pin"`         // the pinned hash, base64
	Label       string `json:"label"`       // what the pin was taken from: "leaf \"api.example.test\"", "backup key"
	Certificate string `json:"certificate"` // the compared certificate's CN
	SPKI        string `json:"spki"`        // its SPKI SHA-256, base64 (its whole-certificate SHA-256 when Kind is "certificate")
	Kind        string `json:"kind"`        // "spki" or "certificate"
	Match       bool   `json:"match"`
}

// connection is the state of one Run while it is decided.
type connection struct {
	w      *World
	cl     *client
	sc     *scenario
	c      Case
	r      *Result
	chain  []*x509.Certificate // the chain verification built, anchor last
	store  string              // the anchor's store
	trust  error               // verification's error
	pins   []pin
	soft   bool // the client soft-fails: soft mode, and it has a soft-fail mode
	report bool // a report goes out
}

// Run simulates one case. The error is only for unknown IDs.
func (w *World) Run(c Case) (Result, error) {
	c, err := ParseCase(c.Client, c.Scenario, c.Policy, string(c.Mode))
	if err != nil {
		return Result{}, err
	}
	cl, sc := clients[c.Client], w.scenarios[c.Scenario]
	// A client with no soft-fail mode blocks in soft mode as in hard mode.
	soft := c.Mode == Soft && cl.softFail != ""
	r := Result{Case: c, Attacker: sc.attacker, SoftFail: soft}
	k := &connection{w: w, cl: cl, sc: sc, c: c, r: &r, soft: soft}
	k.decide()
	return r, nil
}

func (k *connection) step(title, status, detail string, checks ...PinCheck) {
	k.r.Trace = append(k.r.Trace, Step{Title: title, Detail: detail, Status: status, Pins: checks})
}

// decide runs the connection: trust first, then the pins, as every client
// here does (pins are checked after the handshake's trust evaluation).
func (k *connection) decide() {
	w, cl, sc := k.w, k.cl, k.sc
	k.step(StepScenario, StatusInfo, sc.story)
	if sc.base.lookalike {
		k.step(StepLookalike, StatusInfo, k.lookalikeDetail())
	}
	k.step(StepPresented, StatusInfo, fmt.Sprintf("%s presents %s.", upperFirst(sc.who), describeChain(sc.presented, sc.base)))

	enforce := Hard
	if k.soft {
		enforce = Soft
	}
	pins, na := w.pinsFor(cl, k.c.Policy, sc.base, enforce)
	if na != "" {
		k.step(StepRule, StatusInfo, na)
		k.finishNA(na)
		return
	}
	k.pins = pins

	// Trust: x509 verification with the client's own stores as the only
	// roots (x509.SystemCertPool is empty in the browser, and a device's
	// stores are the point here).
	roots, stores := w.rootsOf(cl)
	k.chain, k.trust = w.verifyOnce(cl.user, roots, sc)
	if k.trust == nil {
		k.store = w.store[string(k.chain[len(k.chain)-1].Raw)]
		k.step(StepBuilt, StatusPass, fmt.Sprintf("Verified with %s as roots: %s. The anchor %q comes from the %s store.", stores, arrows(k.chain), cn(k.chain[len(k.chain)-1]), k.store))
	} else {
		detail := fmt.Sprintf("Verified with %s as roots: %s.", stores, k.trustReason())
		if sc.hooked {
			detail += " The hook makes the check report success anyway."
		}
		k.step(StepBuilt, StatusFail, detail)
	}
	k.hostnameStep()
	k.validityStep()

	proceeds, matched := k.pinStep()
	k.ruleStep()
	k.finish(proceeds, matched)
}

// rootsOf is the pool a client verifies against and how to name it.
func (w *World) rootsOf(cl *client) (*x509.CertPool, string) {
	if cl.user {
		return w.bothPool, "the system and user stores"
	}
	return w.systemPool, "the system store"
}

// verifyKey names one verification: which stores, which presented chain.
type verifyKey struct {
	user bool
	sc   *scenario
}

type verified struct {
	chain []*x509.Certificate
	err   error
}

// verifyOnce verifies each presented chain against each pool once per
// world: the result does not depend on the pin policy, so a matrix row of
// six policies shares one verification (signature checks dominate the
// cost, several times more so in wasm). Callers must not modify the chain.
func (w *World) verifyOnce(user bool, roots *x509.CertPool, sc *scenario) ([]*x509.Certificate, error) {
	key := verifyKey{user, sc}
	w.verifyMu.Lock()
	defer w.verifyMu.Unlock()
	if v, ok := w.verified[key]; ok {
		return v.chain, v.err
	}
	chain, err := w.verify(roots, sc)
	if w.verified == nil {
		w.verified = map[verifyKey]verified{}
	}
	w.verified[key] = verified{chain, err}
	return chain, err
}

// verify builds a chain from the presented certificates to one of roots,
// for the server name at the simulated clock, like the platform's own
// verifier: the presented chain minus its leaf are the intermediates.
func (w *World) verify(roots *x509.CertPool, sc *scenario) ([]*x509.Certificate, error) {
	inter := x509.NewCertPool()
	for _, c := range sc.presented[1:] {
		inter.AddCert(c)
	}
	chains, err := sc.presented[0].Verify(x509.VerifyOptions{
		DNSName:       w.ServerName,
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   w.Clock,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		return nil, err
	}
	return chains[0], nil
}

func (k *connection) hostnameStep() {
	leaf := k.sc.presented[0]
	names := strings.Join(append(append([]string{}, leaf.DNSNames...), ipStrings(leaf)...), ", ")
	if err := leaf.VerifyHostname(k.w.ServerName); err != nil {
		k.step(StepHostname, StatusFail, fmt.Sprintf("The leaf is for %s, not %s.", orNone(names), k.w.ServerName))
		return
	}
	k.step(StepHostname, StatusPass, fmt.Sprintf("The leaf covers %s (its names: %s).", k.w.ServerName, names))
}

func (k *connection) validityStep() {
	certs := k.chain
	if certs == nil {
		certs = k.sc.presented
	}
	var bad []string
	for _, c := range certs {
		if k.w.Clock.Before(c.NotBefore) || k.w.Clock.After(c.NotAfter) {
			bad = append(bad, fmt.Sprintf("%q (%s to %s)", cn(c), c.NotBefore.Format("2006-01-02"), c.NotAfter.Format("2006-01-02")))
		}
	}
	at := k.w.Clock.Format("2006-01-02 15:04 UTC")
	if len(bad) > 0 {
		k.step(StepValidity, StatusFail, fmt.Sprintf("At the simulated time %s, outside its validity: %s.", at, strings.Join(bad, ", ")))
		return
	}
	k.step(StepValidity, StatusPass, fmt.Sprintf("At the simulated time %s, every certificate is within its validity.", at))
}

// pinStep applies the client's pin rule. proceeds is false when the pins
// refuse the connection (before soft-fail); matched says a pin matched.
func (k *connection) pinStep() (proceeds, matched bool) {
	cl, sc := k.cl, k.sc
	if k.trust != nil && !sc.hooked {
		k.step(StepPins, StatusInfo, "Not reached: the connection already failed trust evaluation.")
		return false, false
	}
	if len(k.pins) == 0 {
		k.step(StepPins, StatusInfo, "No pin is set: trust alone decides.")
		return true, false
	}
	// Android <pin-set expiration>, TrustKit kTSKExpirationDate: after the
	// date the pins are skipped. OkHttp, iOS, AFNetworking have no expiry.
	if sc.pinsExpired && cl.expiry {
		k.step(StepPins, StatusInfo, fmt.Sprintf("Skipped: the pin set expired on %s, and %s.", k.w.pinExpired.Format("2006-01-02"), cl.expiryRule))
		return true, false
	}
	// AOSP: overridePins defaults to true inside <debug-overrides>.
	if cl.userSkips && k.store == "user" {
		k.step(StepPins, StatusInfo, fmt.Sprintf("Skipped: the anchor %q is a user CA trusted by <debug-overrides>, where overridePins defaults to true.", cn(k.chain[len(k.chain)-1])))
		return true, false
	}
	var checks []PinCheck
	var where string
	if k.c.Policy == "leaf-cert" && k.cl.id == "afnetworking" {
		checks, matched, where = k.certificateMode()
	} else {
		checks, matched, where = k.matchPins()
	}
	prefix := ""
	if sc.pinsExpired {
		prefix = fmt.Sprintf("The pin set's expiration (%s) has passed, but %s has no pin expiry: the pins still apply. ", k.w.pinExpired.Format("2006-01-02"), cl.name)
	}
	if matched {
		k.step(StepPins, StatusPass, prefix+fmt.Sprintf("A pin matches a certificate of the %s.", where), checks...)
		return true, true
	}
	k.step(StepPins, StatusFail, prefix+fmt.Sprintf("No pin matches any certificate of the %s.", where), checks...)
	return false, false
}

// matchPins compares every pin with every certificate where the client
// looks for a match.
func (k *connection) matchPins() ([]PinCheck, bool, string) {
	var checks []PinCheck
	compare := func(p pin, certs []*x509.Certificate) bool {
		hit := false
		for _, c := range certs {
			ok := k.compare(p, c, &checks)
			hit = hit || ok
		}
		return hit
	}
	chain := k.chain
	if chain == nil { // hooked past a trust failure: the chain as sent is all there is
		chain = k.sc.presented
	}
	switch k.cl.scope {
	case inSentChain:
		hit := false
		for _, p := range k.pins {
			hit = compare(p, k.sc.presented) || hit
		}
		return checks, hit, "chain as sent"
	case inLeafOrCA:
		// Apple: leaf identities match the leaf only, CA identities any CA
		// certificate of the chain; when both lists are set, both must match.
		var leafHit, caHit, hasLeaf, hasCA bool
		for _, p := range k.pins {
			if p.ca {
				hasCA = true
				caHit = compare(p, chain[1:]) || caHit
			} else {
				hasLeaf = true
				leafHit = compare(p, chain[:1]) || leafHit
			}
		}
		where := "leaf (NSPinnedLeafIdentities)"
		switch {
		case hasLeaf && hasCA:
			where = "leaf and of the chain's CA certificates (both lists must match)"
		case hasCA:
			where = "chain's CA certificates (NSPinnedCAIdentities)"
		}
		return checks, (!hasLeaf || leafHit) && (!hasCA || caHit), where
	}
	hit := false
	for _, p := range k.pins {
		hit = compare(p, chain) || hit
	}
	return checks, hit, "validated chain, anchor included"
}

// compare records one pin against one certificate.
func (k *connection) compare(p pin, c *x509.Certificate, checks *[]PinCheck) bool {
	h, kind := spkiHash(c), "spki"
	if p.cert {
		h, kind = certHash(c), "certificate"
	}
	ok := bytes.Equal(h, p.hash)
	*checks = append(*checks, PinCheck{Pin: p.base64(), Label: p.label, Certificate: cn(c), SPKI: b64(h), Kind: kind, Match: ok})
	return ok
}

// certificateMode is AFNetworking's AFSSLPinningModeCertificate: the pinned
// certificates become the only anchors (SecTrustSetAnchorCertificates), the
// trust is evaluated again, and a pinned certificate must be in the chain
// it yields (AFSecurityPolicy evaluateServerTrust:forDomain:).
func (k *connection) certificateMode() ([]PinCheck, bool, string) {
	pinned := x509.NewCertPool()
	for _, p := range k.pins {
		pinned.AddCert(p.of)
	}
	chain, err := k.w.verify(pinned, k.sc)
	where := "chain evaluated with the pinned certificates as the only anchors"
	if err != nil {
		chain = k.sc.presented
		where += " (no such chain: " + k.trustReasonOf(err) + ")"
	}
	var checks []PinCheck
	hit := false
	for _, p := range k.pins {
		for _, c := range chain {
			hit = k.compare(p, c, &checks) || hit
		}
	}
	return checks, hit && err == nil, where
}

func (k *connection) ruleStep() {
	cl, sc := k.cl, k.sc
	rule := cl.pinRule
	if k.c.Policy == "leaf-cert" && cl.id == "afnetworking" {
		rule = "AFNetworking (AFSSLPinningModeCertificate): the pinned certificates are the only anchors, and one of them must be in the evaluated chain."
	}
	rule = fmt.Sprintf("Trusts %s. %s", cl.stores, rule)
	if sc.pinsExpired && cl.expiry {
		rule += " Expiry: " + cl.expiryRule + "."
	}
	rule += k.switchesRule()
	if sc.hooked {
		rule += " Runtime hook: the device owner replaced the app's trust and pin checks with ones that always pass; pinning cannot protect a device the attacker controls."
	}
	k.step(StepRule, StatusInfo, rule)
}

// finish turns what verification and the pins said into the outcome.
func (k *connection) finish(pinsPass, matched bool) {
	sc := k.sc
	trusted := k.trust == nil || sc.hooked
	proceeds := trusted && (pinsPass || sc.hooked || k.soft)
	// A hook replaces the checks, so nothing fails and nothing reports.
	pinFailed := trusted && !pinsPass && !sc.hooked
	invalid := !trusted && k.pinning()
	k.report = pinFailed && k.soft || k.cl.reportsAll && (pinFailed || invalid)
	k.r.Outcome = outcomeOf(sc.attacker, proceeds, k.report)
	reason := k.reason(trusted, pinsPass, matched)
	k.r.Reason = upperFirst(reason) + "." + k.noSoftFailNote()
	k.r.Verdict = label(sc.attacker, proceeds, k.report) + ": " + reason + "." + k.noSoftFailNote()
	if k.report {
		k.r.Report = k.buildReport(invalid)
	}
	status := StatusPass
	switch {
	case sc.attacker == proceeds:
		status = StatusFail // intercepted, or the real server refused
	case proceeds && k.report:
		status = StatusInfo // a false alarm
	}
	k.step(StepResult, status, k.r.Verdict)
}

// pinning says whether pins are in force for this connection: set, not
// expired on a client that honours expiry. A pinned domain is what
// TrustKit validates, and reports on.
func (k *connection) pinning() bool {
	return len(k.pins) > 0 && !(k.sc.pinsExpired && k.cl.expiry)
}

// noSoftFailNote ends a reason when soft mode was asked of a client that
// has no soft-fail mode.
func (k *connection) noSoftFailNote() string {
	if k.c.Mode == Soft && k.cl.softFail == "" {
		return " " + noSoftFail(k.cl)
	}
	return ""
}

func (k *connection) finishNA(reason string) {
	k.r.Outcome = NotApplicable
	k.r.Reason = reason + k.noSoftFailNote()
	k.r.Verdict = "Not applicable: " + lowerFirstWord(reason) + k.noSoftFailNote()
	k.step(StepResult, StatusInfo, k.r.Verdict)
}

// outcomeOf is the DESIGN.md outcome of who presented the chain, whether
// the connection went through, and whether a report went out.
func outcomeOf(attacker, proceeds, reported bool) Outcome {
	switch {
	case attacker && proceeds && reported:
		return InterceptedReported
	case attacker && proceeds:
		return Intercepted
	case attacker:
		return Blocked
	case proceeds && reported:
		return SecureReported
	case proceeds:
		return Secure
	}
	return Outage
}

func label(attacker, proceeds, reported bool) string {
	switch {
	case attacker && proceeds && reported:
		return "Intercepted, but reported"
	case attacker && proceeds:
		return "Intercepted"
	case attacker:
		return "Blocked"
	case proceeds && reported:
		return "Secure, with a false alarm reported"
	case proceeds:
		return "Secure"
	}
	return "Outage"
}

// reason says in one clause why the outcome is what it is.
func (k *connection) reason(trusted, pinsPass, matched bool) string {
	cl, sc := k.cl, k.sc
	if sc.hooked {
		return "the device owner hooked the app, so trust and pin checks always pass and the proxy reads everything: pinning does not protect a device the attacker controls"
	}
	if !trusted {
		switch {
		case k.report && k.soft:
			return k.trustReason() + "; a trust failure blocks even with enforcement off, and TrustKit reports the invalid chain"
		case k.report:
			return k.trustReason() + "; TrustKit reports the invalid chain too"
		}
		return k.trustReason()
	}
	anchor := k.chain[len(k.chain)-1]
	switch {
	case len(k.pins) == 0 && sc.attacker:
		return fmt.Sprintf("%s %q is in the %s store and this client trusts it; no pin was set", sc.anchor, cn(anchor), k.store)
	case len(k.pins) == 0:
		return fmt.Sprintf("the chain verifies to %q in the %s store; no pin was set", cn(anchor), k.store)
	case sc.pinsExpired && cl.expiry:
		return fmt.Sprintf("the pin set expired on %s, so %s skips the pins, and %s %q is in the %s store", k.w.pinExpired.Format("2006-01-02"), shortName(cl), sc.anchor, cn(anchor), k.store)
	case cl.userSkips && k.store == "user":
		return fmt.Sprintf("%s %q is a user CA trusted by <debug-overrides>, where overridePins defaults to true, so the pins are skipped", sc.anchor, cn(anchor))
	case matched && sc.attacker:
		if c := k.appendedMatch(); c != nil {
			return fmt.Sprintf("the pinned %q was appended to the chain as sent, and this client compares pins with that chain, not the verified one (CVE-2016-2402)", cn(c))
		}
		return fmt.Sprintf("the attacker's chain runs through %s, so the pin passes", k.matchedNames())
	case matched:
		return fmt.Sprintf("a pin matches %s", k.matchedNames())
	}
	miss := fmt.Sprintf("no pin matches %s", k.checkedNames())
	if sc.pinsExpired && !cl.expiry {
		miss = fmt.Sprintf("%s has no pin expiry, so the pins still apply and %s", shortName(cl), miss)
	}
	switch {
	case k.soft && sc.attacker:
		return miss + ", but soft-fail (" + cl.softFail + ") lets the connection through and sends a report"
	case k.soft:
		return miss + ", but soft-fail (" + cl.softFail + ") lets the connection through and sends a report anyway"
	case !sc.attacker && k.report:
		return miss + ": the app refuses its own server, and TrustKit sends a report"
	case !sc.attacker:
		return miss + ": the app refuses its own server"
	case k.report:
		return miss + ": TrustKit blocks the connection and sends a report, as it does whether or not it enforces"
	}
	return miss
}

// appendedMatch is the certificate a pin matched in the chain as sent but
// which verification did not use: the CVE-2016-2402 padding.
func (k *connection) appendedMatch() *x509.Certificate {
	if k.cl.scope != inSentChain {
		return nil
	}
	for _, p := range k.pins {
		for _, c := range k.sc.presented {
			if k.hit(p, c) && !contains(k.chain, c) {
				return c
			}
		}
	}
	return nil
}

func (k *connection) hit(p pin, c *x509.Certificate) bool {
	if p.cert {
		return bytes.Equal(certHash(c), p.hash)
	}
	return bytes.Equal(spkiHash(c), p.hash)
}

func (k *connection) matchedNames() string {
	var names []string
	for _, s := range k.r.Trace {
		for _, pc := range s.Pins {
			if pc.Match {
				names = appendUnique(names, fmt.Sprintf("%q", pc.Certificate))
			}
		}
	}
	return joinNames(names)
}

func (k *connection) checkedNames() string {
	var names []string
	for _, s := range k.r.Trace {
		for _, pc := range s.Pins {
			names = appendUnique(names, fmt.Sprintf("%q", pc.Certificate))
		}
	}
	if len(names) == 0 {
		return "the chain"
	}
	return joinNames(names)
}

// trustReason says why verification failed.
func (k *connection) trustReason() string { return k.trustReasonOf(k.trust) }

func (k *connection) trustReasonOf(err error) string {
	var host x509.HostnameError
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &host):
		return fmt.Sprintf("the certificate is for %s, not %s", orNone(strings.Join(append(append([]string{}, host.Certificate.DNSNames...), ipStrings(host.Certificate)...), ", ")), k.w.ServerName)
	case errors.As(err, &unknown) && unknown.Cert != nil:
		c := unknown.Cert
		for _, u := range k.w.user {
			if bytes.Equal(u.RawSubject, c.RawIssuer) && !k.cl.user {
				return fmt.Sprintf("%s %q is in the user store, which this client does not trust", k.sc.anchor, issuerCN(c))
			}
		}
		if bytes.Equal(c.RawIssuer, c.RawSubject) {
			return fmt.Sprintf("%q signed itself and is in no store this client trusts", cn(c))
		}
		return fmt.Sprintf("%q, which signed %q, is in no store this client trusts", issuerCN(c), cn(c))
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return fmt.Sprintf("%q is outside its validity at the simulated time", cn(invalid.Cert))
	}
	return "verification failed: " + strings.TrimPrefix(err.Error(), "x509: ")
}

func (k *connection) lookalikeDetail() string {
	b := k.sc.base
	names := fmt.Sprintf("%q and %q", cn(b.root), cn(b.inter))
	if b.inter == b.root {
		names = fmt.Sprintf("%q", cn(b.root))
	}
	return fmt.Sprintf("Your chain's private keys are not here, so what must be signed by your CA in this scenario is signed by look-alikes: %s, with the same names and new ECDSA P-256 keys, trusted by the simulated device like your root. The leaf keeps your leaf's public key. The pins are taken from the look-alike chain as it was before the change, so they compare as they would with your real keys.", names)
}

func shortName(cl *client) string {
	switch cl.id {
	case "android", "android-legacy", "android-debug":
		return "Android"
	case "trustkit":
		return "TrustKit"
	case "okhttp":
		return "OkHttp"
	case "ios":
		return "iOS"
	case "afnetworking":
		return "AFNetworking"
	}
	return "this client"
}
