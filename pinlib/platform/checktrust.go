package platform

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"pinlab/pinlib"
)

// Trust is whether the client trusts the chain at all. It comes before any
// pin: a client refuses an untrusted chain whatever its pins say.
type Trust string

const (
	TrustAssumed  Trust = "assumed"   // no roots to verify with: pins are judged on the chain as given
	TrustVerified Trust = "trusted"   // verified up to a root the client trusts
	TrustFailed   Trust = "untrusted" // the client refuses the chain before pins count
)

// trustResult is what verification found, before any pin is judged.
type trustResult struct {
	trust Trust
	text  string                // "assuming …", "trusted: …", "untrusted: <x509 reason>"
	err   error                 // why the chain is untrusted
	chain []*pinlib.Certificate // the chain pins are matched on
	notes []string
}

// judgeTrust decides whether a client with o.Roots trusts the chain for
// host. The name is checked in every case: it needs no roots. Without
// roots the chain is assumed trusted and judged as given (the leaf and its
// issuers as far as the input goes). With roots it is verified as
// crypto/x509 does (every other certificate of the input an intermediate,
// validity at o.Now, serverAuth), and pins are then matched on the
// verified chain, as Android and OkHttp match them: the anchor from the
// store is in it even when the server did not send it, and a certificate
// the server sent off the path is not.
func judgeTrust(b *pinlib.Bundle, leaf *pinlib.Certificate, host string, o CheckOptions) trustResult {
	sent := b.Chain(leaf.Index)
	if err := leaf.Cert.VerifyHostname(host); err != nil {
		return trustResult{trust: TrustFailed, text: "untrusted: " + err.Error(), err: err, chain: sent}
	}
	if o.Roots == nil {
		return trustResult{trust: TrustAssumed, text: "assuming the chain is trusted: no roots were given to verify it with", chain: sent}
	}
	inter := x509.NewCertPool()
	for _, c := range b.Certificates {
		if c != leaf {
			inter.AddCert(c.Cert)
		}
	}
	chains, err := leaf.Cert.Verify(x509.VerifyOptions{DNSName: host, Intermediates: inter, Roots: o.Roots, CurrentTime: o.Now})
	if err != nil {
		return trustResult{trust: TrustFailed, text: "untrusted: " + err.Error(), err: err, chain: sent}
	}
	// At each step crypto/x509 tries the store's roots before the
	// intermediates, so the first chain reaches a trusted root soonest:
	// the one a client builds.
	r := trustResult{trust: TrustVerified}
	var added []string
	for i, x := range chains[0] {
		c := findCert(b.Certificates, x)
		if c == nil {
			c = &pinlib.Certificate{Index: i, Role: anchorRole(x), Cert: x, Source: o.RootsFrom, Pins: pinlib.PinsOf(x), IssuerIndex: -1, SelfSigned: bytes.Equal(x.RawSubject, x.RawIssuer)}
			added = append(added, c.Name())
		}
		r.chain = append(r.chain, c)
	}
	top := r.chain[len(r.chain)-1]
	r.text = fmt.Sprintf("trusted: verified up to %s, a root of %s", top.Name(), o.RootsFrom)
	if len(added) > 0 {
		r.notes = append(r.notes, fmt.Sprintf("Completed the chain with %s from %s, as the client does: servers seldom send their root, and pins are checked on the completed chain.", strings.Join(added, " and "), o.RootsFrom))
	}
	for _, c := range sent {
		if findCert(r.chain, c.Cert) == nil {
			r.notes = append(r.notes, fmt.Sprintf("%s is in the input but not in the chain the client verified, so its pins do not count (clients check pins on the verified chain, not on the chain as sent).", c.Name()))
		}
	}
	return r
}

// ErrNoRoots: roots were given, but hold no certificate to trust.
var ErrNoRoots = errors.New("platform: no certificate among the roots")

// RootPool is a root store of every certificate read from the roots given
// (as curl's --cacert: each one is an anchor, whatever its role), for
// CheckOptions.Roots.
func RootPool(b *pinlib.Bundle) (*x509.CertPool, error) {
	if b == nil || len(b.Certificates) == 0 {
		return nil, ErrNoRoots
	}
	p := x509.NewCertPool()
	for _, c := range b.Certificates {
		p.AddCert(c.Cert)
	}
	return p, nil
}

// findCert is x in list, or nil: the store added it, or the path left it out.
func findCert(list []*pinlib.Certificate, x *x509.Certificate) *pinlib.Certificate {
	for _, c := range list {
		if bytes.Equal(c.Cert.Raw, x.Raw) {
			return c
		}
	}
	return nil
}

// anchorRole names a certificate the store added: a root when self-issued,
// else an intermediate trusted as an anchor (a store may hold those too).
func anchorRole(x *x509.Certificate) pinlib.Role {
	if bytes.Equal(x.RawSubject, x.RawIssuer) {
		return pinlib.RoleRoot
	}
	return pinlib.RoleIntermediate
}
