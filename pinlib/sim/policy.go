package sim

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"

	"pinlab/pinlib/platform"
)

// pin is one configured pin.
type pin struct {
	hash  []byte            // SHA-256 of an SPKI, or of a whole certificate when cert
	cert  bool              // a whole-certificate pin (leaf-cert)
	label string            // for traces: "leaf api.example.test", "backup key"
	ca    bool              // an identity of a CA certificate (iOS NSPinnedCAIdentities)
	of    *x509.Certificate // the certificate it was taken from
}

func (p pin) base64() string { return base64.StdEncoding.EncodeToString(p.hash) }

// key is the pin as its platform's rule compares it. An identity of a CA
// goes in iOS's CA list; a leaf's, and the backup key standing in for it,
// in the leaf list (as platform.IOS writes them).
func (p pin) key() platform.Key {
	list := platform.MatchLeaf
	if p.ca {
		list = platform.MatchCA
	}
	return platform.Key{Hash: p.hash, Certificate: p.cert, List: list}
}

func spkiHash(c *x509.Certificate) []byte {
	h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return h[:]
}

func certHash(c *x509.Certificate) []byte {
	h := sha256.Sum256(c.Raw)
	return h[:]
}

func spkiPin(c *x509.Certificate, role string, ca bool) pin {
	return pin{hash: spkiHash(c), label: fmt.Sprintf("%s %q", role, cn(c)), ca: ca, of: c}
}

// pinsFor takes the policy's pins from base, the real chain as it was
// before any rotation. The reason is set, and the pins nil, when the
// client cannot express the policy.
func (w *World) pinsFor(cl *client, policy string, base *chainSet, mode Mode) ([]pin, string) {
	var pins []pin
	switch policy {
	case "none":
		return nil, ""
	case "leaf-cert":
		if !cl.certPins {
			return nil, cl.certNA
		}
		pins = []pin{{hash: certHash(base.leaf), cert: true, label: fmt.Sprintf("leaf certificate %q", cn(base.leaf)), of: base.leaf}}
	case "leaf-spki":
		pins = []pin{spkiPin(base.leaf, "leaf", false)}
	case "intermediate-spki":
		pins = []pin{spkiPin(base.inter, "intermediate", true)}
	case "root-spki":
		// iOS: a root's key goes in NSPinnedCAIdentities.
		pins = []pin{spkiPin(base.root, "root", true)}
	case "leaf-spki+backup":
		// The backup key sits with the leaf identities on iOS (as
		// platform.IOS writes it): it stands in for the leaf key.
		pins = []pin{spkiPin(base.leaf, "leaf", false), {hash: spkiHash(w.backup), label: "backup key", of: w.backup}}
	}
	// TrustKit: when enforcing, a domain needs at least two distinct pins
	// or initSharedInstance raises ("TrustKit was initialized with less
	// than two pins"), so such an app never connects: the policy cannot be
	// expressed. Reporting only, one pin is accepted.
	if cl.minEnforce > 0 && mode == Hard && len(pins) < cl.minEnforce {
		return nil, cl.fewPins
	}
	return pins, ""
}
