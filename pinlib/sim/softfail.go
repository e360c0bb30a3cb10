package sim

import (
	"fmt"
	"strings"

	"pinlab/pinlib"
)

// Soft-fail and reporting are two switches (docs/ARCHITECTURE.md, outcome rules).
// Soft-fail (allow a pin failure, report it) exists only where the client
// really has it: TrustKit with kTSKEnforcePinning false, and custom code.
// A client without it gives its hard-fail outcome in soft mode. Reporting
// is separate: TrustKit reports whether it enforces or not.

// HasSoftFail says whether client has a soft-fail mode of its own.
func HasSoftFail(client string) bool {
	cl, ok := clients[client]
	return ok && cl.softFail != ""
}

// SoftFailClients are the clients that have a soft-fail mode, in Clients
// order.
func SoftFailClients() []string {
	var out []string
	for _, id := range Clients {
		if HasSoftFail(id) {
			out = append(out, id)
		}
	}
	return out
}

// softFailList names the soft-fail clients with how each soft-fails:
// "trustkit (kTSKEnforcePinning false) and naive (custom code)".
func softFailList() string {
	var names []string
	for _, id := range SoftFailClients() {
		names = append(names, fmt.Sprintf("%s (%s)", id, clients[id].softFail))
	}
	return pinlib.JoinAnd(names)
}

// ModeNote is one paragraph on what mode means for client's matrix, for
// the page, the CLI table and the Markdown export; "" when there is
// nothing to add to the outcomes (hard-fail on a client that reports
// nothing).
func ModeNote(client string, mode Mode) string {
	cl, ok := clients[client]
	if !ok {
		return ""
	}
	switch {
	case mode == Soft && cl.softFail == "":
		return fmt.Sprintf("%s has no soft-fail mode: %s blocks a pin failure in soft mode exactly as in hard mode, so every cell here is its hard-fail outcome. Only %s allow a pin failure and report it.", client, cl.pinner, softFailList())
	case mode == Soft && cl.reportsAll:
		return fmt.Sprintf("%s with %s: a pin failure is allowed and reported; a trust failure still blocks, and is reported too.", client, cl.softFail)
	case mode == Soft:
		return fmt.Sprintf("%s is %s: in soft mode it allows a pin failure and reports it; a trust failure still blocks.", client, cl.softFail)
	case cl.reportsAll:
		return fmt.Sprintf("%s reports whether or not it enforces: every pin failure and every invalid chain of a pinned domain sends a report, blocked or not. Enforcement and reporting are two switches.", client)
	}
	return ""
}

// noSoftFail is the sentence a cell's reason ends with when soft mode was
// asked of a client that has no soft-fail mode.
func noSoftFail(cl *client) string {
	return upperFirst(cl.pinner) + " has no soft-fail mode, so soft mode changes nothing: this is its hard-fail outcome."
}

// switchesRule is the rule step's part on enforcement and reporting.
func (k *connection) switchesRule() string {
	cl := k.cl
	var b strings.Builder
	switch {
	case k.c.Mode == Soft && cl.softFail == "":
		fmt.Fprintf(&b, " No soft-fail mode: %s cannot allow and report a pin failure, so soft mode blocks exactly as hard mode does. Only %s soft-fail.", cl.pinner, softFailList())
	case k.soft && cl.reportsAll:
		fmt.Fprintf(&b, " Enforcement is off (%s): a pin failure is allowed; a trust failure still blocks.", cl.softFail)
	case k.soft:
		fmt.Fprintf(&b, " Soft-fail (%s): a pin failure is allowed and reported; a trust failure still blocks.", cl.softFail)
	case cl.reportsAll:
		b.WriteString(" " + cl.enforcing)
	}
	if cl.reportsAll {
		b.WriteString(" " + cl.reports)
	}
	return b.String()
}
