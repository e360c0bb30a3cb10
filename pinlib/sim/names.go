package sim

import "crypto/x509"

// Display names: what a person reads on the page, in lessons and on slides.
// The IDs stay the public contract (URLs, JSON, the CLI); these words stand
// beside them and may be reworded freely.

var scenarioNames = map[string]string{
	"baseline":                "Real server, no attacker",
	"proxy-user-ca":           "Proxy with a user-installed root",
	"rogue-public-ca":         "Rogue public CA",
	"compromised-issuing-ca":  "Your own CA compromised",
	"self-signed":             "Self-signed certificate",
	"wrong-host":              "Valid certificate for another host",
	"pinned-cert-appended":    "Pinned certificate appended (CVE-2016-2402)",
	"runtime-hook":            "Runtime hook (Frida, objection)",
	"leaf-renewed-same-key":   "Leaf renewed, same key",
	"leaf-renewed-new-key":    "Leaf renewed, new key",
	"leaf-renewed-backup-key": "Leaf renewed onto the backup key",
	"intermediate-rotated":    "CA rotates its intermediate",
	"ca-switch":               "Server moves to another CA",
	"pins-expired-rogue-ca":   "Pins expired, then a rogue CA",
}

var policyNames = map[string]string{
	"none":              "No pins",
	"leaf-cert":         "Leaf certificate",
	"leaf-spki":         "Leaf key (SPKI)",
	"intermediate-spki": "Intermediate key (SPKI)",
	"root-spki":         "Root key (SPKI)",
	"leaf-spki+backup":  "Leaf key + backup key (SPKI)",
}

// outcomeWords are an outcome's name, glyph and meaning. Each outcome has a
// glyph of its own, so a matrix reads in greyscale and from the back of a
// room: colour is never the only signal.
var outcomeWords = map[Outcome]struct{ name, glyph, meaning string }{
	Secure:              {"Secure", "✓", "the real server, and no alarm"},
	Intercepted:         {"Intercepted", "✗", "the attacker reads the traffic, unnoticed"},
	Blocked:             {"Blocked", "⊘", "the attack is refused"},
	Outage:              {"Outage", "⚠", "the app refuses its own server"},
	InterceptedReported: {"Intercepted, reported", "✗⚑", "the attacker reads the traffic; a report goes out"},
	SecureReported:      {"Secure, false alarm", "✓⚑", "the real server is allowed; a needless report goes out"},
	NotApplicable:       {"Not applicable", "–", "the client cannot express this policy"},
}

// Outcomes lists every outcome, in the order a legend shows them.
var Outcomes = []Outcome{Secure, Blocked, Intercepted, Outage, InterceptedReported, SecureReported, NotApplicable}

// ClientName is a client's display name: "Android (API 24+)". An unknown ID
// is returned as it is.
func ClientName(id string) string {
	if cl, ok := clients[id]; ok {
		return cl.name
	}
	return id
}

// ScenarioName is a scenario's display name: "Proxy with a user-installed
// root". An unknown ID is returned as it is.
func ScenarioName(id string) string { return nameOr(scenarioNames, id) }

// PolicyName is a pin policy's display name: "Intermediate key (SPKI)". An
// unknown ID is returned as it is.
func PolicyName(id string) string { return nameOr(policyNames, id) }

// ModeName is a mode's display name.
func ModeName(m Mode) string {
	if m == Soft {
		return "Soft-fail"
	}
	return "Hard-fail"
}

func nameOr(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// Name is the outcome's display name: "Intercepted, reported".
func (o Outcome) Name() string {
	if w, ok := outcomeWords[o]; ok {
		return w.name
	}
	return string(o)
}

// Glyph is the outcome's symbol, the same wherever it is shown.
func (o Outcome) Glyph() string {
	if w, ok := outcomeWords[o]; ok {
		return w.glyph
	}
	return "?"
}

// Meaning says in a few words what the outcome means for the user.
func (o Outcome) Meaning() string { return outcomeWords[o].meaning }

// Class is the outcome as a CSS class suffix (outcome-<class>): its ID, with
// "n/a" as "na".
func (o Outcome) Class() string {
	if o == NotApplicable {
		return "na"
	}
	return string(o)
}

// CertName is the name traces give a certificate: its common name, else its
// first DNS name, else its subject.
func CertName(c *x509.Certificate) string { return cn(c) }
