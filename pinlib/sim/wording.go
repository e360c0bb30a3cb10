package sim

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// The words of a result: each step's sentence, the rule as stated, the
// reason and verdict. What happened is decided in engine.go; here it is
// said.

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

// ruleStep states the rule the client applied: its stores, its pin rule,
// the expiry and switches that came into play.
func (k *connection) ruleStep() {
	cl, sc := k.cl, k.sc
	_, rule := k.rule()
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

// judgedWhere names the certificates the rule looked at, for the pins
// step: "validated chain, anchor included", "chain as sent", iOS's lists.
func (k *connection) judgedWhere(rule platform.Rule, j platform.Judgement, anchored error) string {
	switch {
	case rule.Anchors && anchored != nil:
		return "chain evaluated with the pinned certificates as the only anchors (no such chain: " + k.trustReasonOf(anchored) + ")"
	case rule.Anchors:
		return "chain evaluated with the pinned certificates as the only anchors"
	case k.cl.sent:
		return "chain as sent"
	case len(j.Lists) == 2:
		return "leaf and of the chain's CA certificates (both lists must match)"
	case len(j.Lists) == 1 && j.Lists[0] == platform.MatchCA:
		return "chain's CA certificates (NSPinnedCAIdentities)"
	case len(j.Lists) == 1:
		return "leaf (NSPinnedLeafIdentities)"
	}
	return "validated chain, anchor included"
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
	// A report with no soft-fail behind it comes from a client that
	// reports every failure (reportsAll).
	if !trusted {
		switch {
		case k.report && k.soft:
			return k.trustReason() + "; a trust failure blocks even with enforcement off, and " + cl.short + " reports the invalid chain"
		case k.report:
			return k.trustReason() + "; " + cl.short + " reports the invalid chain too"
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
		return fmt.Sprintf("the pin set expired on %s, so %s skips the pins, and %s %q is in the %s store", k.w.pinExpired.Format("2006-01-02"), cl.short, sc.anchor, cn(anchor), k.store)
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
		miss = fmt.Sprintf("%s has no pin expiry, so the pins still apply and %s", cl.short, miss)
	}
	switch {
	case k.soft && sc.attacker:
		return miss + ", but soft-fail (" + cl.softFail + ") lets the connection through and sends a report"
	case k.soft:
		return miss + ", but soft-fail (" + cl.softFail + ") lets the connection through and sends a report anyway"
	case !sc.attacker && k.report:
		return miss + ": the app refuses its own server, and " + cl.short + " sends a report"
	case !sc.attacker:
		return miss + ": the app refuses its own server"
	case k.report:
		return miss + ": " + cl.short + " blocks the connection and sends a report, as it does whether or not it enforces"
	}
	return miss
}

// appendedMatch is the certificate a pin matched in the chain as sent but
// which verification did not use: the CVE-2016-2402 padding.
func (k *connection) appendedMatch() *x509.Certificate {
	if !k.cl.sent {
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
	return bytes.Equal(p.key().HashOf(c), p.hash)
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
	return pinlib.JoinAnd(names)
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
	return pinlib.JoinAnd(names)
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
