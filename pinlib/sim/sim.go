// Package sim is pinlab's man-in-the-middle and rotation simulator. It
// builds real certificates, runs real chain verification with explicit
// root pools at a simulated clock, then applies each client's own pin
// rule, and explains every step. Outcomes are computed, never looked up.
package sim

// Client, scenario and policy IDs are public: lessons, links, the CLI and
// outside checks use them (docs/ARCHITECTURE.md, "Simulator IDs").
var (
	Clients   = clientIDs() // clientTable's, in its order
	Scenarios = []string{"baseline", "proxy-user-ca", "rogue-public-ca", "compromised-issuing-ca", "self-signed",
		"wrong-host", "pinned-cert-appended", "runtime-hook", "leaf-renewed-same-key", "leaf-renewed-new-key",
		"leaf-renewed-backup-key", "intermediate-rotated", "ca-switch", "pins-expired-rogue-ca"}
	Policies = []string{"none", "leaf-cert", "leaf-spki", "intermediate-spki", "root-spki", "leaf-spki+backup"}
)

// Outcome is what happened on one connection.
type Outcome string

const (
	Secure              Outcome = "secure"               // real server, no alarm
	Intercepted         Outcome = "intercepted"          // attacker reads traffic, unnoticed
	Blocked             Outcome = "blocked"              // attack refused
	Outage              Outcome = "outage"               // real server refused: self-inflicted
	InterceptedReported Outcome = "intercepted-reported" // soft-fail: attacker reads traffic, a report went out
	SecureReported      Outcome = "secure-reported"      // soft-fail: real server with a pin mismatch, allowed, false alarm
	NotApplicable       Outcome = "n/a"                  // the client cannot express that policy
)

// Mode is hard-fail (block on a pin mismatch) or soft-fail (allow, report).
type Mode string

const (
	Hard Mode = "hard"
	Soft Mode = "soft"
)

// Case is one cell: a client, what the network presents, a pin policy, a mode.
type Case struct {
	Client   string `json:"client"`
	Scenario string `json:"scenario"`
	Policy   string `json:"policy"`
	Mode     Mode   `json:"mode"`
}

func clientIDs() []string {
	ids := make([]string, len(clientTable))
	for i, cl := range clientTable {
		ids[i] = cl.id
	}
	return ids
}
