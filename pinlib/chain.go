package pinlib

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"errors"
	"slices"
	"time"
)

// Shape says what the certificates of a bundle form together.
type Shape string

const (
	ShapeEmpty     Shape = "empty"     // no certificate
	ShapeSingle    Shape = "single"    // one certificate
	ShapeChain     Shape = "chain"     // every certificate links into one chain
	ShapeChains    Shape = "chains"    // several chains, or a chain plus strays
	ShapeUnrelated Shape = "unrelated" // no certificate signed another: a CA bundle, a pile of leaves
)

// Bundle is everything read from the inputs.
type Bundle struct {
	// Certificates come leaf first, then each issuer, when the input forms a
	// chain; in input order otherwise. Each appears once.
	Certificates []*Certificate
	PublicKeys   []*PublicKey  // from PUBLIC KEY and RSA PUBLIC KEY blocks
	Warnings     []Warning     // intake notes first, then per certificate in order
	Errors       []*InputError // blocks that could not be read; the good ones are still here
	Shape        Shape         // what the certificates form
	Now          time.Time     // when validity was judged
}

// Err is nil when the bundle holds something to pin. Otherwise it explains
// why not: the input errors, or ErrNoCertificate. The CLI exits 1 on it.
func (b *Bundle) Err() error {
	if len(b.Certificates) > 0 || len(b.PublicKeys) > 0 {
		return nil
	}
	if len(b.Errors) > 0 {
		errs := make([]error, len(b.Errors))
		for i, e := range b.Errors {
			errs[i] = e
		}
		return errors.Join(errs...)
	}
	return ErrNoCertificate
}

// Leaf is the first leaf, or nil.
func (b *Bundle) Leaf() *Certificate {
	for _, c := range b.Certificates {
		if c.Role == RoleLeaf {
			return c
		}
	}
	return nil
}

// ByRole lists the certificates with that role, in order.
func (b *Bundle) ByRole(role Role) []*Certificate {
	var out []*Certificate
	for _, c := range b.Certificates {
		if c.Role == role {
			out = append(out, c)
		}
	}
	return out
}

// Chain is certificate i followed by its issuers, as far as the bundle goes.
func (b *Bundle) Chain(i int) []*Certificate {
	var out []*Certificate
	for i >= 0 && i < len(b.Certificates) && len(out) < len(b.Certificates) {
		out = append(out, b.Certificates[i])
		i = b.Certificates[i].IssuerIndex
	}
	return out
}

// bundle finishes reading: links, orders and judges the certificates.
func (r *reader) bundle(now time.Time) *Bundle {
	r.unlisted()
	b := &Bundle{PublicKeys: r.keys, Errors: r.errors, Now: now}
	var chainWarnings []Warning
	b.Certificates, b.Shape, chainWarnings = analyze(r.certs, now)
	b.Warnings = append(r.warnings, chainWarnings...)
	return b
}

// signedBy verifies child's signature with parent's key. Certificate.CheckSignature
// accepts SHA-1 (flagged separately) where CheckSignatureFrom would not.
// Whether parent may act as a CA is judged separately, as a warning.
func signedBy(child, parent *x509.Certificate) bool {
	if parent.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		return false
	}
	// A cheap mismatch test before the expensive one.
	if len(child.AuthorityKeyId) > 0 && len(parent.SubjectKeyId) > 0 && !bytes.Equal(child.AuthorityKeyId, parent.SubjectKeyId) {
		return false
	}
	return parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
}

// analyze links each certificate to the one that verifiably signed it, then
// orders, assigns roles and collects warnings. Issuers are looked up by
// subject name (and key ID) before any signature is checked, so the checks
// stay linear in practice: one per linked certificate.
func analyze(certs []*Certificate, now time.Time) ([]*Certificate, Shape, []Warning) {
	n := len(certs)
	if n == 0 {
		return nil, ShapeEmpty, nil
	}
	bySubject := make(map[string][]int, n)
	for i, c := range certs {
		k := string(c.Cert.RawSubject)
		bySubject[k] = append(bySubject[k], i)
	}
	issuer := make([]int, n)
	for i, c := range certs {
		issuer[i] = -1
		x := c.Cert
		if !selfIssued(x) || len(x.AuthorityKeyId) > 0 && len(x.SubjectKeyId) > 0 && !bytes.Equal(x.AuthorityKeyId, x.SubjectKeyId) {
			continue
		}
		// Like Go's Verify and OpenSSL (without X509_V_FLAG_CHECK_SS_SIGNATURE),
		// a trust anchor's own signature is not checked: name and key ID
		// decide. Only when another certificate shares the name (a re-keyed
		// root) is the signature needed to tell them apart. This keeps a
		// 144-root bundle free of signature checks.
		c.SelfSigned = len(bySubject[string(x.RawSubject)]) == 1 || signedBy(x, x)
	}
	for i, c := range certs {
		if c.SelfSigned {
			continue
		}
		for _, j := range bySubject[string(c.Cert.RawIssuer)] {
			if j == i || reaches(issuer, j, i) {
				continue
			}
			if signedBy(c.Cert, certs[j].Cert) {
				issuer[i] = j
				break
			}
		}
	}
	children := make([]int, n)
	for _, p := range issuer {
		if p >= 0 {
			children[p]++
		}
	}
	top := make([]int, n)
	size := make(map[int]int)
	for i := range certs {
		t := i
		for issuer[t] >= 0 {
			t = issuer[t]
		}
		top[i] = t
		size[t]++
	}

	// Shape: one path is a chain; several groups, or a group that forks
	// (two leaves under one root), are several chains.
	groups, linked, bottoms := len(size), 0, 0
	for _, sz := range size {
		if sz > 1 {
			linked++
		}
	}
	for i := range certs {
		if children[i] == 0 && size[top[i]] > 1 {
			bottoms++
		}
	}
	var shape Shape
	switch {
	case n == 1:
		shape = ShapeSingle
	case linked == 0:
		shape = ShapeUnrelated
	case groups == 1 && bottoms == 1:
		shape = ShapeChain
	default:
		shape = ShapeChains
	}

	// Order: groups by first appearance; inside a group, each bottom
	// certificate (in input order) then its issuers up to the top.
	order := make([]int, 0, n)
	placed := make([]bool, n)
	if shape == ShapeUnrelated || shape == ShapeSingle {
		for i := range certs {
			order = append(order, i)
		}
	} else {
		bottomsOf := make(map[int][]int) // top -> its bottoms, in input order
		for i := range certs {
			if children[i] == 0 {
				bottomsOf[top[i]] = append(bottomsOf[top[i]], i)
			}
		}
		for i := range certs {
			if placed[i] {
				continue
			}
			for _, j := range bottomsOf[top[i]] {
				for k := j; k >= 0 && !placed[k]; k = issuer[k] {
					placed[k] = true
					order = append(order, k)
				}
			}
			if !placed[i] { // unreachable without a loop; never lose a certificate
				placed[i] = true
				order = append(order, i)
			}
		}
	}
	newIndex := make([]int, n)
	out := make([]*Certificate, n)
	for pos, i := range order {
		newIndex[i] = pos
		out[pos] = certs[i]
	}
	for pos, c := range out {
		c.Index = pos
		if p := issuer[order[pos]]; p >= 0 {
			c.IssuerIndex = newIndex[p]
		} else {
			c.IssuerIndex = -1
		}
	}

	// Roles.
	for pos, c := range out {
		i := order[pos]
		switch {
		case size[top[i]] > 1:
			switch {
			case c.SelfSigned:
				c.Role = RoleRoot
			case children[i] > 0:
				c.Role = RoleIntermediate
			case looksLikeCA(c.Cert):
				c.Role = RoleIntermediate // a chain pasted without its leaf
			default:
				c.Role = RoleLeaf
			}
		case shape == ShapeUnrelated:
			if c.SelfSigned && isCACert(c.Cert) && !namesHosts(c.Cert) {
				c.Role = RoleRoot
			} else {
				c.Role = RoleUnrelated
			}
		default:
			c.Role = natureRole(c)
		}
	}

	var ws []Warning
	if shape == ShapeChain || shape == ShapeChains {
		if !slices.IsSorted(order) {
			ws = append(ws, warn(CodeOutOfOrder, -1,
				"The certificates were not in leaf-first order; they are shown reordered. A server must send its leaf first, then each issuer in turn (RFC 5246 section 7.4.2; RFC 8446 section 4.4.2 relaxes this for TLS 1.3, but older clients still fail)."))
		}
	}
	kids := make([]int, n)
	for _, c := range out {
		if c.IssuerIndex >= 0 {
			kids[c.IssuerIndex]++
		}
	}
	for _, c := range out {
		ws = append(ws, certWarnings(c, out, kids, now)...)
	}
	ws = append(ws, pathLenWarnings(out, kids)...)
	return out, shape, ws
}

// reaches reports whether following issuer links from j arrives at i, which
// would make linking i to j a loop (cross-signed pairs can do that).
func reaches(issuer []int, j, i int) bool {
	for steps := 0; j >= 0 && steps <= len(issuer); steps++ {
		if j == i {
			return true
		}
		j = issuer[j]
	}
	return false
}

// isCACert: CA:TRUE, or a self-signed v1/v2 certificate (old roots predate
// basic constraints, and RFC 5280 section 6.1.4(k) leaves them to local policy).
func isCACert(x *x509.Certificate) bool {
	if x.BasicConstraintsValid {
		return x.IsCA
	}
	return x.Version < 3
}

// looksLikeCA tells an intermediate without its leaf from a leaf wrongly
// marked CA:TRUE: CAs do not name hosts in SANs and may sign certificates.
func looksLikeCA(x *x509.Certificate) bool {
	return x.BasicConstraintsValid && x.IsCA && !namesHosts(x) &&
		(x.KeyUsage == 0 || x.KeyUsage&x509.KeyUsageCertSign != 0)
}

// namesHosts: DNS or IP subject alternative names, which a server
// certificate has and a CA does not.
func namesHosts(x *x509.Certificate) bool { return len(x.DNSNames) > 0 || len(x.IPAddresses) > 0 }

// natureRole is the role of a certificate standing alone. A self-signed one
// that names hosts is a server's own certificate, its own trust anchor:
// `openssl req -x509` marks it CA:TRUE, yet curl, OkHttp and Go that trust
// it connect with it as the leaf.
func natureRole(c *Certificate) Role {
	switch {
	case c.SelfSigned && namesHosts(c.Cert):
		return RoleLeaf
	case c.SelfSigned && isCACert(c.Cert):
		return RoleRoot
	case looksLikeCA(c.Cert):
		return RoleIntermediate
	default:
		return RoleLeaf
	}
}

// certWarnings are the findings about one certificate.
func certWarnings(c *Certificate, all []*Certificate, kids []int, now time.Time) []Warning {
	x := c.Cert
	name := c.Name()
	// First: every later message names the certificate, and this one says
	// why that name is shown escaped.
	ws := deceptiveWarnings(c)
	if c.Duplicates > 0 {
		ws = append(ws, info(CodeDuplicate, c.Index, "%s appeared %s in the input; it is kept once.", name, plural(c.Duplicates+1, "time")))
	}
	ws = append(ws, validityWarnings(c, now)...)

	switch {
	case c.SelfSigned:
		if c.Role == RoleRoot && kids[c.Index] > 0 {
			ws = append(ws, info(CodeRootIncluded, c.Index,
				"The root %s is included. Servers normally do not send it (clients use their own copy; RFC 8446 section 4.4.2 lets it be omitted), but sending it is harmless.", name))
		}
		if c.Role == RoleLeaf {
			ws = append(ws, info(CodeSelfSigned, c.Index,
				"%s is self-signed: no client trusts it unless it is installed as a trust anchor or pinned directly.", name))
		}
	case c.IssuerIndex < 0:
		iss := issuerName(x)
		if looksLikeCA(x) {
			ws = append(ws, info(CodeRootNotIncluded, c.Index,
				"The issuer of %s (%s) is not in the input. That is normal when it is a root: servers do not send roots, clients already have them. If it is another intermediate, the chain is incomplete.", name, iss))
		} else {
			ws = append(ws, warn(CodeMissingIntermediate, c.Index,
				"The issuer of %s (%s) is not in the input. If this is what the server sends, the chain is incomplete: Android, OkHttp, curl and Go fail to verify it unless they happen to have that intermediate.", name, iss))
		}
	default:
		p := all[c.IssuerIndex].Cert
		if p.Version == 3 && !p.BasicConstraintsValid || p.BasicConstraintsValid && !p.IsCA ||
			p.KeyUsage != 0 && p.KeyUsage&x509.KeyUsageCertSign == 0 {
			ws = append(ws, warn(CodeIssuerNotCA, c.Index,
				"%s is signed by %s, which is not allowed to issue certificates (it lacks CA:TRUE or keyCertSign); clients reject this chain.", name, all[c.IssuerIndex].Name()))
		}
	}

	if c.Role == RoleLeaf {
		if len(x.DNSNames) == 0 && len(x.IPAddresses) == 0 {
			ws = append(ws, warn(CodeNoSAN, c.Index,
				"%s has no DNS or IP subject alternative name. Clients match the host name against SANs only and ignore the CN (RFC 6125; Chrome since 58, Go since 1.15, Android since 10).", name))
		}
		if x.BasicConstraintsValid && x.IsCA {
			ws = append(ws, warn(CodeLeafIsCA, c.Index,
				"%s is a CA certificate (CA:TRUE) used as the leaf. A server should present an end-entity certificate; some clients reject this one.", name))
		}
		if _, ok := x.PublicKey.(ed25519.PublicKey); ok {
			ws = append(ws, info(CodeEd25519Leaf, c.Index,
				"%s has an Ed25519 key. Most mobile TLS stacks do not accept Ed25519 server certificates, and public CAs do not issue them (the CA/Browser Forum Baseline Requirements allow RSA and ECDSA keys only): an app connecting to this server is likely to fail the handshake. Use an ECDSA P-256 or RSA key.", name))
		}
	}
	if bits := rsaBits(x.PublicKey); bits > 0 && bits < 2048 {
		ws = append(ws, warn(CodeWeakKey, c.Index,
			"%s has a %d-bit RSA key. The CA/Browser Forum Baseline Requirements (section 6.1.5) ask for at least 2048 bits, and current clients reject smaller keys.", name, bits))
	}
	// The signature on a trust anchor is never checked, so only others count.
	if !c.SelfSigned {
		switch x.SignatureAlgorithm {
		case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1:
			ws = append(ws, warn(CodeSHA1Signature, c.Index,
				"%s is signed with SHA-1 (%s). SHA-1 collisions are practical; browsers, Android and Go refuse such certificates.", name, x.SignatureAlgorithm))
		case x509.MD5WithRSA, x509.MD2WithRSA:
			ws = append(ws, warn(CodeWeakSignature, c.Index,
				"%s is signed with %s, which is broken; no current client accepts it.", name, x.SignatureAlgorithm))
		}
	}
	return ws
}

// issuerName is the issuer's CN, or its whole DN.
func issuerName(x *x509.Certificate) string {
	if x.Issuer.CommonName != "" {
		return x.Issuer.CommonName
	}
	return formatDN(x.RawIssuer, x.Issuer)
}

// pathLenWarnings checks each CA's pathLenConstraint against the CAs below it
// in the bundle (RFC 5280 section 4.2.1.9: it counts the non-self-issued
// intermediates that may follow it).
func pathLenWarnings(all []*Certificate, kids []int) []Warning {
	var ws []Warning
	warned := make(map[int]bool)
	for _, bottom := range all {
		if kids[bottom.Index] > 0 || bottom.IssuerIndex < 0 {
			continue
		}
		below := 0
		if bottom.Role != RoleLeaf && !selfIssued(bottom.Cert) {
			below = 1 // an intermediate pasted without its leaf still counts
		}
		c := bottom
		for steps := 0; c.IssuerIndex >= 0 && steps < len(all); steps++ {
			p := all[c.IssuerIndex]
			if max := p.MaxPathLen(); max >= 0 && below > max && !warned[p.Index] {
				warned[p.Index] = true
				ws = append(ws, warn(CodePathLenViolation, p.Index,
					"%s allows %s below it (pathlen:%d), but %s follow it in this chain; clients reject the chain.",
					p.Name(), plural(max, "intermediate CA"), max, plural(below, "intermediate CA")))
			}
			if !selfIssued(p.Cert) {
				below++
			}
			c = p
		}
	}
	return ws
}

func selfIssued(x *x509.Certificate) bool { return bytes.Equal(x.RawSubject, x.RawIssuer) }
