package sim

import (
	"crypto/ecdsa"
	"crypto/x509"
	"fmt"
	"strings"
	"time"
)

// scenario is what the network presents in one scenario, made once per
// World.
type scenario struct {
	id          string
	attacker    bool      // someone other than the real server presents the chain
	base        *chainSet // the real chain the pins were taken from
	presented   []*x509.Certificate
	key         *ecdsa.PrivateKey // proves the presented leaf, for real servers (Scene); nil when not here
	who         string            // who presents it
	story       string            // what happens, one sentence
	anchor      string            // how a reason names the anchor: "the proxy's root"
	pinsExpired bool              // the pin-set expiration has passed
	hooked      bool              // trust and pin checks are hooked to pass
}

// ca is a public CA: a root in the system store and its issuing CA.
type ca struct{ root, inter *signer }

// material is everything beyond the real chain: other CAs, the proxy, the
// attacker's leaves, and the scenarios made from them.
type material struct {
	other, rogue ca
	proxy        *signer
	scenarios    map[string]*scenario
}

func newCA(w *World, letter string) (ca, error) {
	org := "Simulated Public CA " + letter
	root, err := w.issue("root "+letter, certSpec{cn: "Public Root CA " + letter, org: org, ca: true, life: 20 * 365 * 24 * time.Hour}, nil)
	if err != nil {
		return ca{}, err
	}
	inter, err := w.issue("issuing CA "+letter+"1", certSpec{cn: "Issuing CA " + letter + "1", org: org, ca: true, life: 5 * 365 * 24 * time.Hour}, root)
	return ca{root, inter}, err
}

// withRoot appends the root when the real server sends its root too, so
// that rotations keep the server's habit.
func withRoot(base *chainSet, certs ...*x509.Certificate) []*x509.Certificate {
	if base.sendsRoot() {
		return append(certs, base.root)
	}
	return certs
}

func newMaterial(w *World) (*material, error) {
	m := &material{scenarios: map[string]*scenario{}}
	var err error
	if m.other, err = newCA(w, "B"); err != nil {
		return nil, err
	}
	if m.rogue, err = newCA(w, "C"); err != nil {
		return nil, err
	}
	// mitmproxy's own CA is named "mitmproxy" (O=mitmproxy): what people
	// install into the user store to inspect an app's traffic.
	if m.proxy, err = w.issue("proxy root", certSpec{cn: "mitmproxy", org: "mitmproxy", ca: true, life: 10 * 365 * 24 * time.Hour}, nil); err != nil {
		return nil, err
	}
	host := w.ServerName
	forHost := func(s certSpec) certSpec {
		if s.cn == "" {
			s.cn = host
		}
		s.dns, s.ips = w.sans()
		return s
	}
	// base is the chain whose CA must sign: the real one when its keys are
	// here (generated), else the look-alikes.
	base := w.twin
	real := w.real

	backup, err := w.issue("backup", certSpec{cn: "backup key for " + host, life: 5 * 365 * 24 * time.Hour}, nil)
	if err != nil {
		return nil, err
	}
	w.backup, w.backupKey = backup.cert, backup.key

	proxyLeaf, err := w.issue("proxy leaf", forHost(certSpec{life: 365 * 24 * time.Hour}), m.proxy)
	if err != nil {
		return nil, err
	}
	rogueLeaf, err := w.issue("rogue leaf", forHost(certSpec{}), m.rogue.inter)
	if err != nil {
		return nil, err
	}
	misIssued, err := w.issue("mis-issued leaf", forHost(certSpec{}), base.interSigner)
	if err != nil {
		return nil, err
	}
	selfLeaf, err := w.issue("self-signed leaf", forHost(certSpec{}), nil)
	if err != nil {
		return nil, err
	}
	other := otherName(host)
	wrongLeaf, err := w.issue("wrong-host leaf", certSpec{cn: other, dns: []string{other}}, m.other.inter)
	if err != nil {
		return nil, err
	}
	sameKey, err := w.issue("same-key leaf", forHost(certSpec{pub: base.leaf.PublicKey}), base.interSigner)
	if err != nil {
		return nil, err
	}
	newKey, err := w.issue("new-key leaf", forHost(certSpec{}), base.interSigner)
	if err != nil {
		return nil, err
	}
	backupLeaf, err := w.issue("backup-key leaf", forHost(certSpec{pub: &backup.key.PublicKey}), base.interSigner)
	if err != nil {
		return nil, err
	}
	rotatedInter, err := w.issue("issuing CA A2", certSpec{cn: rotatedName(cn(base.inter)), org: firstOrg(base.inter), ca: true, life: 5 * 365 * 24 * time.Hour}, base.rootSigner)
	if err != nil {
		return nil, err
	}
	rotatedLeaf, err := w.issue("rotated leaf", forHost(certSpec{pub: base.leaf.PublicKey}), rotatedInter)
	if err != nil {
		return nil, err
	}
	switchedLeaf, err := w.issue("switched leaf", forHost(certSpec{pub: real.leaf.PublicKey}), m.other.inter)
	switchedKey := real.leafKey
	if err != nil {
		switchedLeaf, err = w.issue("switched new-key leaf", forHost(certSpec{}), m.other.inter)
		if err != nil {
			return nil, err
		}
		switchedKey = switchedLeaf.key
	}

	rogueChain := []*x509.Certificate{rogueLeaf.cert, m.rogue.inter.cert}
	// CVE-2016-2402: the attacker appends the real server's public
	// certificates (anyone can fetch them), whichever of them is pinned.
	appended := append(append([]*x509.Certificate{}, rogueChain...), real.leaf)
	appended = append(appended, real.cas...)
	if !real.sendsRoot() {
		appended = append(appended, real.root)
	}
	proxyChain := []*x509.Certificate{proxyLeaf.cert}
	switched := []*x509.Certificate{switchedLeaf.cert, m.other.inter.cert}
	if real.sendsRoot() {
		switched = append(switched, m.other.root.cert)
	}

	const realServer = "the real server"
	add := func(s *scenario) { m.scenarios[s.id] = s }
	add(&scenario{id: "baseline", key: real.leafKey, base: real, presented: real.sent(), who: realServer, anchor: "its root",
		story: "No attacker: the real server presents its own chain."})
	add(&scenario{id: "proxy-user-ca", key: proxyLeaf.key, attacker: true, base: real, presented: proxyChain, who: "an interception proxy (mitmproxy)", anchor: "the proxy's root",
		story: fmt.Sprintf("An interception proxy whose root the user installed in the user CA store presents a leaf for %s that it signed on the fly.", host)})
	add(&scenario{id: "rogue-public-ca", key: rogueLeaf.key, attacker: true, base: real, presented: rogueChain, who: "an attacker with a mis-issued certificate", anchor: "the rogue CA's root",
		story: fmt.Sprintf("%q, a public CA the device trusts, mis-issues a leaf for %s to an attacker.", cn(m.rogue.inter.cert), host)})
	add(&scenario{id: "compromised-issuing-ca", key: misIssued.key, attacker: true, base: base, presented: append([]*x509.Certificate{misIssued.cert}, base.cas...), who: "an attacker with a leaf from the real issuing CA", anchor: "the real root",
		story: fmt.Sprintf("%q, the very CA that issued the real certificate, issues a second leaf for %s with the attacker's key.", cn(base.inter), host)})
	add(&scenario{id: "self-signed", key: selfLeaf.key, attacker: true, base: real, presented: []*x509.Certificate{selfLeaf.cert}, who: "an attacker with a self-signed certificate", anchor: "its own certificate",
		story: fmt.Sprintf("The attacker presents a self-signed leaf for %s.", host)})
	add(&scenario{id: "wrong-host", key: wrongLeaf.key, attacker: true, base: real, presented: []*x509.Certificate{wrongLeaf.cert, m.other.inter.cert}, who: "an attacker with a valid certificate for another name", anchor: "its root",
		story: fmt.Sprintf("The attacker presents a valid, publicly trusted certificate for %s, not %s.", other, host)})
	add(&scenario{id: "pinned-cert-appended", key: rogueLeaf.key, attacker: true, base: real, presented: appended, who: "an attacker with a mis-issued certificate and the real chain appended", anchor: "the rogue CA's root",
		story: "The rogue public CA's chain, with the real server's leaf, intermediate and root appended to it (CVE-2016-2402)."})
	add(&scenario{id: "runtime-hook", key: proxyLeaf.key, attacker: true, base: real, presented: proxyChain, who: "an interception proxy (mitmproxy), with the app hooked", anchor: "the proxy's root", hooked: true,
		story: "The device owner hooks the app at run time (Frida, objection) so trust and pin checks always pass, with the interception proxy in the middle."})
	add(&scenario{id: "leaf-renewed-same-key", key: base.leafKey, base: base, presented: append([]*x509.Certificate{sameKey.cert}, base.cas...), who: realServer, anchor: "its root",
		story: fmt.Sprintf("The real server renews its leaf with the same key, from %q.", cn(base.inter))})
	add(&scenario{id: "leaf-renewed-new-key", key: newKey.key, base: base, presented: append([]*x509.Certificate{newKey.cert}, base.cas...), who: realServer, anchor: "its root",
		story: fmt.Sprintf("The real server renews its leaf with a new key, from %q.", cn(base.inter))})
	add(&scenario{id: "leaf-renewed-backup-key", key: w.backupKey, base: base, presented: append([]*x509.Certificate{backupLeaf.cert}, base.cas...), who: realServer, anchor: "its root",
		story: fmt.Sprintf("The real server renews its leaf onto the backup key, from %q.", cn(base.inter))})
	add(&scenario{id: "intermediate-rotated", key: base.leafKey, base: base, presented: withRoot(base, rotatedLeaf.cert, rotatedInter.cert), who: realServer, anchor: "its root",
		story: fmt.Sprintf("The CA rotates its issuing CA: %q under the same root re-issues the leaf with the same key.", cn(rotatedInter.cert))})
	add(&scenario{id: "ca-switch", key: switchedKey, base: real, presented: switched, who: realServer, anchor: "the new CA's root",
		story: fmt.Sprintf("The real server moves to another public CA (%q under %q), keeping its leaf key.", cn(m.other.inter.cert), cn(m.other.root.cert))})
	add(&scenario{id: "pins-expired-rogue-ca", key: rogueLeaf.key, attacker: true, base: real, presented: rogueChain, who: "an attacker with a mis-issued certificate", anchor: "the rogue CA's root", pinsExpired: true,
		story: fmt.Sprintf("The pin set's expiration (%s) has passed; then %q mis-issues a leaf for %s.", w.pinExpired.Format("2006-01-02"), cn(m.rogue.inter.cert), host)})
	for _, id := range Scenarios {
		if m.scenarios[id] == nil {
			return nil, fmt.Errorf("sim: scenario %q is not built", id)
		}
	}
	return m, nil
}

// rotatedName names the issuing CA that replaces name: "Issuing CA A1"
// becomes "Issuing CA A2".
func rotatedName(name string) string {
	if strings.HasSuffix(name, "1") {
		return strings.TrimSuffix(name, "1") + "2"
	}
	return name + " (rotated)"
}

// firstOrg is a certificate's first organization, or "".
func firstOrg(c *x509.Certificate) string {
	if len(c.Subject.Organization) > 0 {
		return c.Subject.Organization[0]
	}
	return ""
}
