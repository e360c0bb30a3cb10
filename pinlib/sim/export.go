package sim

import (
	"crypto"
	"crypto/x509"
	"time"
)

// Scene is what one scenario puts on the wire, so that real clients can
// meet the very certificates the simulator verifies: a TLS server presents
// Presented and proves it with Key; the pins are taken from Leaf,
// Intermediate and Root, the real chain as it was before any rotation.
type Scene struct {
	Presented                []*x509.Certificate
	Key                      crypto.Signer // nil when the world does not hold it (a pasted chain's own key)
	Leaf, Intermediate, Root *x509.Certificate
	Attacker                 bool // someone other than the real server presents the chain
	PinsExpired              bool // the pin-set expiration has passed (PinExpiry's second date applies)
	Hooked                   bool // the app is hooked at run time: no real client can replay that
}

// Scene returns one scenario's certificates. The slice is a copy; the
// certificates are shared and must not be changed.
func (w *World) Scene(id string) (Scene, error) {
	sc := w.scenarios[id]
	if sc == nil {
		return Scene{}, known("scenario", id, Scenarios)
	}
	s := Scene{
		Presented:    append([]*x509.Certificate(nil), sc.presented...),
		Leaf:         sc.base.leaf,
		Intermediate: sc.base.inter,
		Root:         sc.base.root,
		Attacker:     sc.attacker,
		PinsExpired:  sc.pinsExpired,
		Hooked:       sc.hooked,
	}
	if sc.key != nil { // a nil *ecdsa.PrivateKey must stay a nil interface
		s.Key = sc.key
	}
	return s, nil
}

// Roots is the trust store a client verifies against: the system store,
// plus the user store for clients that trust it.
func (w *World) Roots(client string) ([]*x509.Certificate, error) {
	cl := clients[client]
	if cl == nil {
		return nil, known("client", client, Clients)
	}
	roots := append([]*x509.Certificate(nil), w.system...)
	if cl.user {
		roots = append(roots, w.user...)
	}
	return roots, nil
}

// Backup is the certificate that carries the backup key of the
// leaf-spki+backup policy.
func (w *World) Backup() *x509.Certificate { return w.backup }

// PinExpiry is the pin-set expiration of every scenario but the expired
// ones, and the one that has passed in those (Scene.PinsExpired).
func (w *World) PinExpiry() (inForce, passed time.Time) { return w.pinExpiry, w.pinExpired }
