package sim

import (
	"crypto/ecdsa"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"pinlab/pinlib"
)

// Host is the name the generated real server answers for.
const Host = "api.example.test"

// World is one simulated device, network and server: the device's system CA
// store (several public roots) and user CA store, the real server's chain
// for the host, and the attacker's material. Every scenario's chain is made
// once, here; Run only verifies and compares pins, so a whole matrix is fast.
// A World is read-only after construction and safe for concurrent Runs.
type World struct {
	ServerName string    // the host the client connects to: Host, or the pasted leaf's name
	Clock      time.Time // the simulated time every verification runs at
	Own        bool      // the real chain is the person's own (NewWorldFromChain)
	Notes      []string  // how the world was set up, for the page (clock moved, look-alikes)

	system, user          []*x509.Certificate // the stores' contents
	systemPool, userPool  *x509.CertPool
	bothPool              *x509.CertPool
	store                 map[string]string // certificate DER -> "system" or "user"
	real, twin            *chainSet
	backup                *x509.Certificate // a certificate carrying the backup key, as AFNetworking would bundle it
	backupKey             *ecdsa.PrivateKey
	scenarios             map[string]*scenario
	pinExpiry, pinExpired time.Time // the pin-set expiration, in force and passed

	verifyMu sync.Mutex
	verified map[verifyKey]verified // see verifyOnce

	keeper // the names and the material made and kept (setup.go)
}

// chainSet is a server chain as the pins were taken from it, before any
// rotation.
type chainSet struct {
	leaf, inter, root *x509.Certificate
	cas               []*x509.Certificate // what the server sends after the leaf
	leafKey           *ecdsa.PrivateKey   // nil when the key is not here (a pasted chain)
	interSigner       *signer             // nil when the key is not here (a pasted chain)
	rootSigner        *signer
	lookalike         bool // same names as the pasted chain, new keys
}

// sent is the chain as the server sends it.
func (c *chainSet) sent() []*x509.Certificate {
	return append([]*x509.Certificate{c.leaf}, c.cas...)
}

// sendsRoot reports whether the server sends its root too.
func (c *chainSet) sendsRoot() bool {
	for _, x := range c.cas {
		if x == c.root {
			return true
		}
	}
	return false
}

// NewWorld makes a world whose real server has a generated chain: a public
// root, an issuing intermediate and a leaf for Host, all ECDSA P-256.
func NewWorld(now time.Time) (*World, error) {
	return NewWorldWith(now, Setup{})
}

// generate makes the real server's chain, then builds the rest.
func (w *World) generate() error {
	root, err := w.issue("root A", certSpec{cn: "Public Root CA A", org: "Simulated Public CA A", ca: true, life: 20 * 365 * 24 * time.Hour}, nil)
	if err != nil {
		return err
	}
	inter, err := w.issue("issuing CA A1", certSpec{cn: "Issuing CA A1", org: "Simulated Public CA A", ca: true, life: 5 * 365 * 24 * time.Hour}, root)
	if err != nil {
		return err
	}
	dns, ips := w.sans()
	leaf, err := w.issue("leaf", certSpec{cn: w.ServerName, dns: dns, ips: ips}, inter)
	if err != nil {
		return err
	}
	// A well-configured server sends its leaf and intermediate, not the
	// root (RFC 8446 4.4.2 lets it omit the trust anchor).
	w.real = &chainSet{leaf: leaf.cert, inter: inter.cert, root: root.cert, cas: []*x509.Certificate{inter.cert}, leafKey: leaf.key, interSigner: inter, rootSigner: root}
	w.twin = w.real
	return w.build()
}

// NewWorldFromChain makes a world whose real server presents the person's
// own chain, as given, and whose pins are taken from its real keys. Their
// private keys are not here, so what would need them (a renewal signed by
// their CA, an intermediate rotation, a leaf mis-issued by their CA) is made
// with look-alikes: the same names, new keys, the leaf's own public key kept.
// The clock moves inside the chain's validity if now is outside it.
func NewWorldFromChain(now time.Time, real *pinlib.Bundle) (*World, error) {
	if real == nil {
		return nil, errors.New("sim: no chain given")
	}
	leaf := real.Leaf()
	if leaf == nil {
		return nil, errors.New("sim: the chain has no leaf certificate: the real server needs one for the host")
	}
	var chain []*x509.Certificate
	for _, c := range real.Chain(leaf.Index) {
		chain = append(chain, c.Cert)
	}
	if len(chain) < 2 {
		return nil, fmt.Errorf("sim: the chain has only the leaf %q, without its issuer: add the intermediate (and root) so the simulated device can trust it", cn(leaf.Cert))
	}
	w := &World{Own: true, ServerName: serverName(leaf.Cert)}
	w.Clock, w.Notes = clockWithin(now.UTC().Truncate(time.Second), chain)
	top := chain[len(chain)-1]
	if !selfSigned(top) {
		w.Notes = append(w.Notes, fmt.Sprintf("The chain stops at %q, which is not a root: the simulated device trusts it as its anchor.", cn(top)))
	}
	if len(chain) == 2 && selfSigned(top) {
		w.Notes = append(w.Notes, fmt.Sprintf("The leaf is signed by the root %q directly, with no intermediate: the policy %q pins that root's key.", cn(top), PolicyName("intermediate-spki")))
	}
	w.real = &chainSet{leaf: chain[0], inter: chain[1], root: top, cas: chain[1:]}

	// Look-alikes of the CAs, so that the pasted chain's "own CA" can sign.
	twinRoot, err := issue(w.Clock, certSpec{cn: cn(top), rawSubject: top.RawSubject, ca: true, life: 20 * 365 * 24 * time.Hour}, nil)
	if err != nil {
		return nil, err
	}
	twinInter := twinRoot
	if chain[1] != top {
		if twinInter, err = issue(w.Clock, certSpec{cn: cn(chain[1]), rawSubject: chain[1].RawSubject, ca: true, life: 5 * 365 * 24 * time.Hour}, twinRoot); err != nil {
			return nil, err
		}
	}
	twinLeaf, err := issue(w.Clock, certSpec{cn: cn(chain[0]), rawSubject: chain[0].RawSubject, dns: chain[0].DNSNames, ips: chain[0].IPAddresses, pub: chain[0].PublicKey}, twinInter)
	if err != nil {
		// A key type Go cannot put in a certificate: a new key then.
		if twinLeaf, err = issue(w.Clock, certSpec{cn: cn(chain[0]), rawSubject: chain[0].RawSubject, dns: chain[0].DNSNames, ips: chain[0].IPAddresses}, twinInter); err != nil {
			return nil, err
		}
	}
	w.twin = &chainSet{leaf: twinLeaf.cert, leafKey: twinLeaf.key, inter: twinInter.cert, root: twinRoot.cert, interSigner: twinInter, rootSigner: twinRoot, lookalike: true}
	if twinInter != twinRoot {
		w.twin.cas = append(w.twin.cas, twinInter.cert)
	}
	if w.real.sendsRoot() || chain[1] == top {
		w.twin.cas = append(w.twin.cas, twinRoot.cert)
	}
	if err := w.build(); err != nil {
		return nil, err
	}
	return w, nil
}

// build makes the stores, the attacker's material and every scenario.
func (w *World) build() error {
	w.pinExpiry = w.Clock.AddDate(1, 0, 0)
	w.pinExpired = w.Clock.AddDate(0, 0, -30)
	m, err := newMaterial(w)
	if err != nil {
		return err
	}
	// Several public roots in the system store: the real server's, the CA
	// it may switch to, and one that mis-issues.
	w.system = []*x509.Certificate{w.real.root, m.other.root.cert, m.rogue.root.cert}
	if w.twin != w.real {
		w.system = append(w.system, w.twin.root)
	}
	w.user = []*x509.Certificate{m.proxy.cert}
	w.systemPool, w.userPool, w.bothPool = x509.NewCertPool(), x509.NewCertPool(), x509.NewCertPool()
	w.store = map[string]string{}
	for _, c := range w.system {
		w.systemPool.AddCert(c)
		w.bothPool.AddCert(c)
		w.store[string(c.Raw)] = "system"
	}
	for _, c := range w.user {
		w.userPool.AddCert(c)
		w.bothPool.AddCert(c)
		w.store[string(c.Raw)] = "user"
	}
	w.scenarios = m.scenarios
	return nil
}

// serverName is the name a client would connect to for this leaf: its first
// DNS name (a wildcard's "*" made "api"), else its first IP address, else
// its common name, which Go (like browsers) no longer matches.
func serverName(leaf *x509.Certificate) string {
	if len(leaf.DNSNames) > 0 {
		name := leaf.DNSNames[0]
		if strings.HasPrefix(name, "*.") {
			name = "api" + name[1:]
		}
		return name
	}
	if len(leaf.IPAddresses) > 0 {
		return leaf.IPAddresses[0].String()
	}
	return leaf.Subject.CommonName
}

// clockWithin keeps now when every certificate of the chain is valid then,
// and otherwise moves the clock inside their common validity, so that the
// simulation is about pins and not about an expired paste.
func clockWithin(now time.Time, chain []*x509.Certificate) (time.Time, []string) {
	from, to := chain[0].NotBefore, chain[0].NotAfter
	for _, c := range chain[1:] {
		if c.NotBefore.After(from) {
			from = c.NotBefore
		}
		if c.NotAfter.Before(to) {
			to = c.NotAfter
		}
	}
	if !now.Before(from) && !now.After(to) {
		return now, nil
	}
	if !to.After(from) {
		return now, []string{"The chain's certificates are never valid at the same time: the real server's chain fails verification at any clock."}
	}
	step := to.Sub(from) / 2
	if step > 7*24*time.Hour {
		step = 7 * 24 * time.Hour
	}
	clock := from.Add(step)
	if now.After(to) {
		clock = to.Add(-step)
	}
	clock = clock.UTC().Truncate(time.Second)
	return clock, []string{fmt.Sprintf("The chain is not valid on %s, so the simulated clock is set to %s, inside its validity.", now.Format("2006-01-02"), clock.Format("2006-01-02"))}
}

func selfSigned(c *x509.Certificate) bool {
	return string(c.RawSubject) == string(c.RawIssuer) && c.CheckSignatureFrom(c) == nil
}

// otherName is a name that is not the server's, for wrong-host.
func otherName(host string) string {
	if host == "www.other.test" {
		return "www.another.test"
	}
	return "www.other.test"
}
