package sim

import (
	"crypto/x509"
)

// Wire is what one case puts on the wire and what the client made of it,
// for pictures: who presents which chain, what the real server sends, the
// chain verification built and its anchor's store, and the pins. It is
// read from the world; nothing is decided here that Run does not decide.
type Wire struct {
	Presenter   string              // who presents the chain to the app: "the real server", "an interception proxy (mitmproxy)"
	Attacker    bool                // someone other than the real server presents it
	Hooked      bool                // the app's checks are hooked to pass
	Presented   []*x509.Certificate // the chain as presented to the app
	ServerSends []*x509.Certificate // the real server's chain (to the attacker, when there is one)
	Built       []*x509.Certificate // the chain verification built, anchor last; nil when trust failed
	Store       string              // the anchor's store: "system" or "user"; "" when trust failed
	Stores      string              // the stores the client trusts: "the system store", "the system and user stores"
	Pins        []PinnedKey         // the policy's pins; none for "none", or when the client cannot express it
}

// PinnedKey is one configured pin.
type PinnedKey struct {
	Hash        string            // base64 SHA-256 of an SPKI, or of a whole certificate when Certificate
	Certificate bool              // a whole-certificate pin (leaf-cert)
	Label       string            // what it was taken from: "intermediate \"Issuing CA A1\"", "backup key"
	Of          *x509.Certificate // the certificate it was taken from (for the backup key, one carrying it)
}

// Wire returns the wire of one case. The certificates are shared and must
// not be changed. The error is only for unknown IDs.
func (w *World) Wire(c Case) (Wire, error) {
	c, err := ParseCase(c.Client, c.Scenario, c.Policy, string(c.Mode))
	if err != nil {
		return Wire{}, err
	}
	cl, sc := clients[c.Client], w.scenarios[c.Scenario]
	roots, stores := w.rootsOf(cl)
	chain, verr := w.verifyOnce(cl.user, roots, sc)
	out := Wire{
		Presenter:   sc.who,
		Attacker:    sc.attacker,
		Hooked:      sc.hooked,
		Presented:   append([]*x509.Certificate(nil), sc.presented...),
		ServerSends: append([]*x509.Certificate(nil), sc.presented...),
		Stores:      stores,
	}
	if sc.attacker {
		out.ServerSends = w.real.sent()
	}
	if verr == nil {
		out.Built = append([]*x509.Certificate(nil), chain...)
		out.Store = w.store[string(chain[len(chain)-1].Raw)]
	}
	mode := Hard
	if c.Mode == Soft && cl.softFail != "" {
		mode = Soft
	}
	pins, _ := w.pinsFor(cl, c.Policy, sc.base, mode)
	for _, p := range pins {
		out.Pins = append(out.Pins, PinnedKey{Hash: p.base64(), Certificate: p.cert, Label: p.label, Of: p.of})
	}
	return out, nil
}
