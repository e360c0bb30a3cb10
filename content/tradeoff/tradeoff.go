// Package tradeoff is the Pin page's words on pinning each certificate of
// a chain: what a pin on it stops, what breaks it and how often, with the
// certificate's real dates (pinlib's facts), and links to the simulator
// cells that show each claim, which the tests hold to the simulator's
// outcomes.
package tradeoff

import (
	"fmt"
	"net/url"
	"time"

	"pinlab/pinlib"
)

// TradeOff is the honest cost and benefit of pinning one certificate of the
// chain, with its real dates, and the simulator cells that show each claim.
type TradeOff struct {
	Protects string // what the pin stops
	Breaks   string // what makes it fail against the real server
	When     string // how often that happens, with this certificate's dates
	Shows    []SimLink
}

// SimLink names a simulator cell that demonstrates a claim.
type SimLink struct {
	Label, Scenario, Policy string
}

// Href is the /simulate URL of the cell (docs/ARCHITECTURE.md simulator IDs).
func (l SimLink) Href(client string) string {
	q := url.Values{"client": {client}, "scenario": {l.Scenario}, "policy": {l.Policy}, "mode": {"hard"}}
	return "/simulate?" + q.Encode()
}

// Of describes pinning c, judged at now.
func Of(c *pinlib.Certificate, now time.Time) TradeOff {
	w := wordsFor(c.Role)
	expires := c.Cert.NotAfter.UTC().Format("2006-01-02")
	left := fmt.Sprintf("this one expires on %s (%s)", expires, daysText(c.LifetimeAt(now).DaysLeft))
	return TradeOff{Protects: w.protects, Breaks: w.breaks, When: w.when + left + "." + w.whenAfter, Shows: w.shows}
}

// words is what Of says for one role; When is when, then the certificate's
// own dates, then whenAfter. Built per call, so no caller shares Shows.
type words struct {
	protects, breaks, when, whenAfter string
	shows                             []SimLink
}

func wordsFor(r pinlib.Role) words {
	switch r {
	case pinlib.RoleLeaf:
		return words{
			protects: "Blocks every certificate but your own key: proxies with a user-installed root, rogue or compromised CAs, even a second certificate from your own CA.",
			breaks:   "Any renewal that generates a new key, unless the new key's pin shipped in the app beforehand (a backup pin).",
			when:     "At every renewal that changes the key: public leaves live 90 to 398 days; ",
			shows: []SimLink{
				{"stops your own CA mis-issuing", "compromised-issuing-ca", "leaf-spki"},
				{"outage on a new key", "leaf-renewed-new-key", "leaf-spki"},
				{"survives with a backup", "leaf-renewed-backup-key", "leaf-spki+backup"},
			},
		}
	case pinlib.RoleIntermediate:
		return words{
			protects: "Blocks certificates from every other CA, and interception proxies; leaf renewals from the same intermediate keep working.",
			breaks:   "Your CA issuing from a different intermediate, or a move to another CA.",
			when:     "When the CA rotates intermediates (every few years, sometimes at short notice) or you switch CA; ",
			shows: []SimLink{
				{"leaf renewals keep working", "leaf-renewed-new-key", "intermediate-spki"},
				{"still open to the same CA", "compromised-issuing-ca", "intermediate-spki"},
				{"outage on a new intermediate", "intermediate-rotated", "intermediate-spki"},
			},
		}
	case pinlib.RoleRoot:
		return words{
			protects:  "Blocks CAs under other roots and interception proxies; survives leaf and intermediate changes under the same root.",
			breaks:    "A move to a CA under another root.",
			when:      "Rarely: roots live 20 to 25 years; ",
			whenAfter: " It still trusts everything that root's CA signs for anyone.",
			shows: []SimLink{
				{"blocks a rogue public CA", "rogue-public-ca", "root-spki"},
				{"survives an intermediate rotation", "intermediate-rotated", "root-spki"},
				{"outage on a CA switch", "ca-switch", "root-spki"},
			},
		}
	}
	return words{
		protects: "Pins a key that is not part of this chain as presented.",
		breaks:   "Nothing on its own, but it matches nothing the server sends today.",
	}
}

func daysText(d int) string {
	switch {
	case d == -1:
		return "expired 1 day ago"
	case d < 0:
		return fmt.Sprintf("expired %d days ago", -d)
	case d == 1:
		return "in 1 day"
	default:
		return fmt.Sprintf("in %d days", d)
	}
}
