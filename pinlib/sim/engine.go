package sim

import (
	"crypto/x509"
	"fmt"

	"pinlab/pinlib/platform"
)

// The engine: one connection decided as the client decides it, trust
// first (x509 verification against the client's stores, at the simulated
// clock), then the client's pin rule, then soft-fail and reporting. It
// records each step; wording.go says them, results.go holds what comes out.

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
	checks, matched, where := k.judge()
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

// rule is the pin rule the client applies to this connection's pins, and
// how the trace states it.
func (k *connection) rule() (platform.Rule, string) {
	return k.cl.ruleFor(len(k.pins) > 0 && k.pins[0].cert)
}

// judge applies the client's pin rule (platform.Rule.Judge, as `pinlab
// check` does) to the chain the client judges: the verified chain (the
// chain as sent when hooked past a trust failure), or the chain as sent
// for a client that pins that, or, under a rule whose pinned certificates
// are the only anchors, the chain evaluation builds to them, which must
// exist. It records every comparison, and where the client looked.
func (k *connection) judge() (checks []PinCheck, matched bool, where string) {
	rule, _ := k.rule()
	chain := k.chain
	if chain == nil { // hooked past a trust failure: the chain as sent is all there is
		chain = k.sc.presented
	}
	var anchored error
	switch {
	case rule.Anchors:
		pinned := x509.NewCertPool()
		for _, p := range k.pins {
			pinned.AddCert(p.of)
		}
		if chain, anchored = k.w.verify(pinned, k.sc); anchored != nil {
			chain = k.sc.presented
		}
	case k.cl.sent:
		chain = k.sc.presented
	}
	set := platform.PinSet{}
	for _, p := range k.pins {
		set.Keys = append(set.Keys, p.key())
	}
	j := rule.Judge(set, chain)
	for _, c := range j.Compared {
		p, cert := k.pins[c.Key], chain[c.Cert]
		kind := "spki"
		if p.cert {
			kind = "certificate"
		}
		checks = append(checks, PinCheck{Pin: p.base64(), Label: p.label, Certificate: cn(cert), SPKI: b64(c.Hash), Kind: kind, Match: c.Match})
	}
	return checks, j.Accepted && anchored == nil, k.judgedWhere(rule, j, anchored)
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
