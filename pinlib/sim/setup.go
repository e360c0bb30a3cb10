package sim

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
)

// A real lab (pinlab lab) serves a world's scenarios to real clients, which
// connect by the names and addresses of the machine, and a room keeps its
// keys from one session to the next: pins baked into an attendee's app must
// still be the lab's pins after a restart. Setup asks for both.

// Setup is how NewWorldWith makes a world beyond NewWorld's defaults.
type Setup struct {
	// Names are the DNS names and IP addresses that every leaf for the host
	// carries. The first is the host clients are pinned for (ServerName) and
	// must be a DNS name; none means Host alone.
	Names []string
	// Kept is what an earlier world made (World.Material). A certificate
	// is kept while it still fits (the same names and issuer, valid for a
	// week more); when it no longer does, a new one is made with the kept
	// key, so the pins stay.
	Kept []Material
}

// Material is one certificate a world made, with its private key, by the
// role it plays in the world ("root A", "leaf", "proxy root").
type Material struct {
	Role string
	Cert *x509.Certificate
	Key  *ecdsa.PrivateKey // nil when the certificate carries another's key (a same-key renewal)
}

// keepMargin is how long a kept certificate must stay valid to be kept.
const keepMargin = 7 * 24 * time.Hour

// keeper is a world's record of the material it made and was given.
type keeper struct {
	names []string // Setup.Names; none for NewWorldFromChain's worlds
	kept  map[string]Material
	made  []Material
}

// LabScenarios are the scenarios a real TLS server can replay, in the order
// pinlab lab gives them ports. runtime-hook happens inside the app, and
// pins-expired-rogue-ca differs from rogue-public-ca only in the app's
// pin-set expiration, which is the client's configuration, not the server's.
var LabScenarios = []string{"baseline", "proxy-user-ca", "rogue-public-ca", "compromised-issuing-ca", "self-signed",
	"wrong-host", "pinned-cert-appended", "leaf-renewed-same-key", "leaf-renewed-new-key", "leaf-renewed-backup-key",
	"intermediate-rotated", "ca-switch"}

// LabPort is the first port pinlab lab listens on by default.
const LabPort = 8443

// LabServer is where pinlab lab, on its default ports, plays a scenario's
// server side: the scenario's own port, or for pins-expired-rogue-ca
// rogue-public-ca's, whose chain on the wire is the same (the expired pins
// are the app's config); "" for runtime-hook, which happens in the app.
func LabServer(id string) (served string, port int) {
	if id == "pins-expired-rogue-ca" {
		id = "rogue-public-ca"
	}
	i := slices.Index(LabScenarios, id)
	if i < 0 {
		return "", 0
	}
	return id, LabPort + i
}

// NewWorldWith makes a generated world like NewWorld, for the names and
// with the material the setup gives.
func NewWorldWith(now time.Time, s Setup) (*World, error) {
	names, err := checkNames(s.Names)
	if err != nil {
		return nil, err
	}
	w := &World{ServerName: names[0], Clock: now.UTC().Truncate(time.Second)}
	w.names = names
	w.kept = map[string]Material{}
	for _, m := range s.Kept {
		if m.Cert == nil {
			return nil, fmt.Errorf("sim: kept %q has no certificate", m.Role)
		}
		w.kept[m.Role] = m
	}
	if err := w.generate(); err != nil {
		return nil, err
	}
	return w, nil
}

// checkNames defaults the names to Host and refuses what a certificate
// cannot name.
func checkNames(names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{Host}, nil
	}
	var out []string
	for _, n := range names {
		n = strings.ToLower(strings.TrimSuffix(n, "."))
		if net.ParseIP(n) == nil && !dnsName(n) {
			return nil, fmt.Errorf("sim: %q is not a DNS name or an IP address", n)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if net.ParseIP(out[0]) != nil {
		return nil, errors.New("sim: the first name is the host pinning configs name: it must be a DNS name, not an IP address")
	}
	return out, nil
}

// dnsName tells whether n is a host name made of letters, digits and
// hyphens, as certificates name hosts.
func dnsName(n string) bool {
	if n == "" || len(n) > 253 {
		return false
	}
	for _, l := range strings.Split(n, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// sans are the DNS names and IP addresses a leaf for the host carries.
func (w *World) sans() (dns []string, ips []net.IP) {
	names := w.names
	if len(names) == 0 {
		names = []string{w.ServerName}
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			ips = append(ips, ip)
		} else {
			dns = append(dns, n)
		}
	}
	return dns, ips
}

// Material lists every certificate the world made or kept, with its key,
// in the order it made them: what a lab saves to keep its keys.
func (w *World) Material() []Material { return slices.Clone(w.made) }

// issue makes the certificate of a role, or keeps the one the setup gave
// when it still fits, or makes a new one with the kept key.
func (w *World) issue(role string, s certSpec, parent *signer) (*signer, error) {
	if k, ok := w.kept[role]; ok {
		if fits(k, s, parent, w.Clock) {
			w.made = append(w.made, k)
			return &signer{cert: k.Cert, key: k.Key}, nil
		}
		if s.pub == nil && k.Key != nil {
			s.key = k.Key
		}
	}
	sg, err := issue(w.Clock, s, parent)
	if err != nil {
		return nil, err
	}
	w.made = append(w.made, Material{Role: role, Cert: sg.cert, Key: sg.key})
	return sg, nil
}

// fits tells whether a kept certificate is the one spec and parent would
// make now: the same subject, names, CA flag and key, signed by the parent
// as it is now, and valid for keepMargin more.
func fits(k Material, s certSpec, parent *signer, clock time.Time) bool {
	c := k.Cert
	subjectOK := c.Subject.CommonName == s.cn
	if s.rawSubject != nil {
		subjectOK = bytes.Equal(c.RawSubject, s.rawSubject)
	}
	if s.org != "" {
		subjectOK = subjectOK && slices.Equal(c.Subject.Organization, []string{s.org})
	}
	if !subjectOK || c.IsCA != s.ca || !slices.Equal(c.DNSNames, s.dns) ||
		!slices.EqualFunc(c.IPAddresses, s.ips, func(a, b net.IP) bool { return a.Equal(b) }) {
		return false
	}
	if clock.Before(c.NotBefore) || clock.Add(keepMargin).After(c.NotAfter) {
		return false
	}
	pub, ok := c.PublicKey.(*ecdsa.PublicKey)
	switch {
	case s.pub != nil:
		if !ok || !pub.Equal(s.pub) {
			return false
		}
	case k.Key == nil || !ok || !pub.Equal(&k.Key.PublicKey):
		return false
	}
	if parent == nil { // self-signed, a leaf as well as a root
		return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
	}
	return bytes.Equal(c.RawIssuer, parent.cert.RawSubject) && c.CheckSignatureFrom(parent.cert) == nil
}
