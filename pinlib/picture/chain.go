package picture

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"

	"pinlab/pinlib"
)

// Node is one certificate of a chain picture.
type Node struct {
	Role    string // "leaf", "intermediate", "root", "anchor": the word on its badge
	Name    string
	Key     string // base64 SPKI SHA-256, shown shortened
	Pinned  bool   // its key, or the certificate itself, is pinned
	Matched bool   // a pin matched it on this connection
	Note    string // a short line inside its box: "trust anchor from the user store"
}

// Pin is a configured pin, as a picture marks it.
type Pin struct {
	Label   string // what it is: "backup key", "intermediate \"Issuing CA A1\""
	Key     string // base64 SHA-256 of an SPKI (or of a whole certificate)
	Matched bool   // it matched a certificate on this connection
}

// Chain is a chain drawn leaf first, each certificate above the one that
// signed it, with its pinned keys marked.
type Chain struct {
	Label   string // what the picture shows, in words: its accessible name
	Nodes   []Node
	Missing string // the issuer of the last node when the chain stops short of it
	Others  []Pin  // pins on no certificate of the chain (a backup key), listed under it
	Failure string // why the client refused the chain, under it, marked ✗
}

// Sizes of the chain picture, in user units.
const (
	chainWidth = 420.0
	nodeHeight = 56.0
	noteHeight = 18.0
	gap        = 30.0
	lineHeight = 22.0
)

// SVG draws the chain.
func (c Chain) SVG() string {
	h := 8.0
	for _, n := range c.Nodes {
		h += nodeH(n) + gap
	}
	h -= gap
	if c.Missing != "" {
		h += gap + nodeHeight*0.7
	}
	h += float64(len(c.Others)) * lineHeight
	if c.Failure != "" {
		h += lineHeight
	}
	h += 10

	var cv canvas
	cv.open("pic-chain", chainWidth, h, c.Label)
	y := 8.0
	for i, n := range c.Nodes {
		cv.node(n, y)
		y += nodeH(n)
		if i < len(c.Nodes)-1 {
			cv.signedBy(y)
			y += gap
		}
	}
	if c.Missing != "" {
		cv.signedBy(y)
		y += gap
		cv.group("node node-missing", "", func() {
			cv.rect(4, y, chainWidth-8, nodeHeight*0.7, 8, "node-box")
			cv.text(16, y+25, "pic-note", "", fit("Issuer not in the input: "+c.Missing, 52))
		})
		y += nodeHeight * 0.7
	}
	for _, p := range c.Others {
		y += lineHeight
		cv.group("other-pin", p.Label, func() {
			mark, class := "★ also pinned:", "pic-tag tag-pinned"
			if p.Matched {
				mark, class = "★ ✓ also pinned, matched:", "pic-tag tag-matched"
			}
			cv.text(8, y, class, "", mark)
			cv.text(chainWidth-8, y, "pic-key", "end", fit(p.Label, 24)+"  "+ShortKey(p.Key))
		})
	}
	if c.Failure != "" {
		y += lineHeight
		cv.text(8, y, "pic-fail", "", fit("✗ "+c.Failure, 56))
	}
	return cv.close()
}

func nodeH(n Node) float64 {
	if n.Note != "" {
		return nodeHeight + noteHeight
	}
	return nodeHeight
}

// node draws one certificate's box: role badge and name, then its key
// and what is pinned or matched.
func (cv *canvas) node(n Node, y float64) {
	class := "node node-" + strings.ReplaceAll(n.Role, " ", "-")
	if n.Pinned {
		class += " pinned"
	}
	if n.Matched {
		class += " matched"
	}
	cv.group(class, n.Name, func() {
		cv.rect(4, y, chainWidth-8, nodeH(n), 8, "node-box")
		cv.rect(12, y+9, 112, 18, 4, "role-pill")
		cv.text(68, y+22, "pic-role", "middle", strings.ToUpper(n.Role))
		cv.text(134, y+23, "pic-name", "", fit(n.Name, 30))
		cv.text(16, y+46, "pic-key", "", "key "+ShortKey(n.Key))
		switch {
		case n.Pinned && n.Matched:
			cv.text(chainWidth-14, y+46, "pic-tag tag-matched", "end", "★ pinned, ✓ matched")
		case n.Matched:
			cv.text(chainWidth-14, y+46, "pic-tag tag-matched", "end", "✓ pin matched")
		case n.Pinned:
			cv.text(chainWidth-14, y+46, "pic-tag tag-pinned", "end", "★ pinned")
		}
		if n.Note != "" {
			cv.text(16, y+66, "pic-note", "", fit(n.Note, 56))
		}
	})
}

// signedBy is the arrow from a certificate down to the one that signed it.
func (cv *canvas) signedBy(y float64) {
	cv.arrow(40, y+2, 40, y+gap-2, "pic-arrow")
	cv.text(54, y+gap/2+5, "pic-caption", "", "signed by")
}

// BundleChain is the chain of a bundle's leaf (or of its first certificate
// when it has no leaf), with the given pins marked. It reports false when
// the bundle holds no chain to draw: nothing, or unrelated certificates.
func BundleChain(b *pinlib.Bundle, pins []Pin) (Chain, bool) {
	if b == nil || len(b.Certificates) == 0 || b.Shape == pinlib.ShapeUnrelated {
		return Chain{}, false
	}
	start := b.Certificates[0]
	if leaf := b.Leaf(); leaf != nil {
		start = leaf
	}
	certs := b.Chain(start.Index)
	on := map[string]bool{}
	var c Chain
	for _, x := range certs {
		key := x.Pins.SPKISHA256Base64()
		n := Node{Role: string(x.Role), Name: x.Name(), Key: key, Pinned: pinned(pins, key)}
		if x.SelfSigned {
			n.Note = "self-signed: a trust anchor"
		}
		on[key] = true
		c.Nodes = append(c.Nodes, n)
	}
	if top := certs[len(certs)-1]; !top.SelfSigned && top.IssuerIndex < 0 {
		c.Missing = top.Cert.Issuer.CommonName
		if c.Missing == "" {
			c.Missing = top.Issuer()
		}
	}
	for _, p := range pins {
		if !on[p.Key] {
			c.Others = append(c.Others, p)
		}
	}
	c.Label = chainLabel(c)
	return c, true
}

func pinned(pins []Pin, key string) bool {
	for _, p := range pins {
		if p.Key == key {
			return true
		}
	}
	return false
}

// chainLabel says in words what a chain picture shows.
func chainLabel(c Chain) string {
	var parts []string
	for _, n := range c.Nodes {
		s := fmt.Sprintf("%s %s", n.Role, pinlib.EscapeDeceptive(n.Name))
		if n.Pinned {
			s += " (pinned)"
		}
		if n.Matched {
			s += " (pin matched)"
		}
		parts = append(parts, s)
	}
	label := "Certificate chain: " + strings.Join(parts, ", signed by ")
	if c.Missing != "" {
		label += ", whose issuer " + pinlib.EscapeDeceptive(c.Missing) + " is not in the input"
	}
	for _, p := range c.Others {
		label += "; also pinned: " + p.Label
	}
	if c.Failure != "" {
		label += ". " + c.Failure
	}
	return label
}

func spkiKey(c *x509.Certificate) string {
	h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(h[:])
}

func certKey(c *x509.Certificate) string {
	h := sha256.Sum256(c.Raw)
	return base64.StdEncoding.EncodeToString(h[:])
}
