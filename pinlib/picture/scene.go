package picture

import (
	"crypto/x509"
	"fmt"
	"strings"

	"pinlab/pinlib/sim"
)

// ConnectionChain is the chain the simulated client judged: the one
// verification built, anchor last, or the chain as presented when trust
// failed; with the pinned keys marked and the one a pin matched.
func ConnectionChain(r sim.Result, w sim.Wire) Chain {
	certs, built := w.Built, true
	if certs == nil {
		certs, built = w.Presented, false
	}
	matched := matchedHashes(r)
	on := map[string]bool{}
	var c Chain
	for i, x := range certs {
		spki, whole := spkiKey(x), certKey(x)
		n := Node{Role: roleOf(x, i), Name: sim.CertName(x), Key: spki}
		for _, p := range w.Pins {
			if p.Hash == spki && !p.Certificate || p.Hash == whole && p.Certificate {
				n.Pinned = true
				on[p.Hash] = true
			}
		}
		n.Matched = matched[spki] || matched[whole]
		if built && i == len(certs)-1 {
			n.Role = "anchor"
			n.Note = "trust anchor from the " + w.Store + " store"
		}
		c.Nodes = append(c.Nodes, n)
	}
	for _, p := range w.Pins {
		if !on[p.Hash] {
			c.Others = append(c.Others, Pin{Label: p.Label, Key: p.Hash, Matched: matched[p.Hash+"/pin"]})
		}
	}
	switch {
	case !built && w.Hooked:
		c.Failure = "not trusted by " + w.Stores + ", but the hook passes it"
	case !built:
		c.Failure = "not trusted: no path to a root in " + w.Stores
	case pinsFailed(r):
		c.Failure = "no pin matches this chain"
	}
	judged := "built by verification"
	if !built {
		judged = "as presented"
	}
	c.Label = fmt.Sprintf("The chain %s (%s): ", judged, sim.ClientName(r.Client)) + strings.TrimPrefix(chainLabel(c), "Certificate chain: ")
	return c
}

// roleOf names a certificate's place in a presented or built chain.
func roleOf(c *x509.Certificate, i int) string {
	switch {
	case i == 0:
		return "leaf"
	case string(c.RawSubject) == string(c.RawIssuer):
		return "root"
	}
	return "intermediate"
}

// matchedHashes are the hashes a pin matched on this connection, each as
// the certificate's hash and as the pin's ("<pin>/pin").
func matchedHashes(r sim.Result) map[string]bool {
	out := map[string]bool{}
	for _, s := range r.Trace {
		for _, pc := range s.Pins {
			if pc.Match {
				out[pc.SPKI] = true
				out[pc.Pin+"/pin"] = true
			}
		}
	}
	return out
}

func pinsFailed(r sim.Result) bool {
	for _, s := range r.Trace {
		if s.Title == sim.StepPins && s.Status == sim.StatusFail {
			return true
		}
	}
	return false
}

// Sizes of the scene, in user units: three columns, app, network or
// attacker, and server, then the verdict across the whole width.
const (
	sceneWidth = 600.0
	colWidth   = 170.0
	colGap     = (sceneWidth - 3*colWidth) / 2
	actorH     = 64.0
	certH      = 24.0
	bandH      = 64.0
	factH      = 36.0 // two lines
)

// Scene draws one simulated connection: the app and what it trusts, the
// network or the attacker in the middle, the server, the chain each side
// presents, where the anchor came from, and the verdict as a band in the
// outcome's colour, big enough for a projector.
func Scene(r sim.Result, w sim.Wire, server string) string {
	xs := [3]float64{0, colWidth + colGap, 2 * (colWidth + colGap)}
	presenter := 2
	if w.Attacker {
		presenter = 1
	}
	appLines := appFacts(r, w)
	rows := len(w.Presented)
	if w.Attacker {
		rows = max(rows, len(w.ServerSends))
	}
	top := actorH + 34.0
	listH := 10 + max(float64(rows)*(certH+6), float64(len(appLines))*factH)
	bandY := top + listH + 16
	h := bandY + bandH

	var cv canvas
	cv.open("pic-scene outcome-"+r.Outcome.Class(), sceneWidth, h, sceneLabel(r, w, server))

	middle, middleSub := "Network", "passes the traffic on"
	if w.Attacker {
		middle, middleSub = "Attacker", w.Presenter
	}
	cv.actor(xs[0], 4, colWidth, "actor-app", "App", sim.ClientName(r.Client))
	cv.actor(xs[1], 4, colWidth, "actor-"+strings.ToLower(middle), middle, middleSub)
	cv.actor(xs[2], 4, colWidth, "actor-server", "Server", server)

	// The wires: one TLS connection through a passive network, or two,
	// each ending at the attacker.
	wy := actorH/2 + 4
	if w.Attacker {
		cv.line(xs[0]+colWidth, wy, xs[1], wy, "wire wire-attacked")
		cv.line(xs[1]+colWidth, wy, xs[2], wy, "wire")
		cv.text(xs[0]+colWidth+colGap/2, wy-6, "pic-caption", "middle", "TLS")
		cv.text(xs[1]+colWidth+colGap/2, wy-6, "pic-caption", "middle", "TLS")
	} else {
		cv.line(xs[0]+colWidth, wy, xs[1], wy, "wire")
		cv.line(xs[1]+colWidth, wy, xs[2], wy, "wire")
	}

	// What each side presents, and what the app knows.
	cv.text(xs[presenter], top, "pic-caption", "", "presents to the app:")
	cv.certList(xs[presenter], top+10, colWidth, w.Presented, "cert cert-presented")
	cv.arrow(xs[presenter]-4, top+10+certH/2, xs[0]+colWidth+4, top+10+certH/2, "pic-arrow presents")
	if w.Attacker {
		cv.text(xs[2], top, "pic-caption", "", "sends to the attacker:")
		cv.certList(xs[2], top+10, colWidth, w.ServerSends, "cert cert-real")
	}
	cv.text(xs[0], top, "pic-caption", "", "the app:")
	for i, l := range appLines {
		y := top + 10 + float64(i)*factH
		cv.group("fact "+l.class, l.text, func() {
			for j, line := range wrap(l.text, 25, 2) {
				cv.text(xs[0]+2, y+14+float64(j)*15, "pic-fact", "", line)
			}
		})
	}

	cv.band(r.Outcome, bandY, sceneWidth)
	return cv.close()
}

// Width of the narrow scene, for phones: the three parties stacked.
const narrowWidth = 360.0

// SceneNarrow is the scene for a phone's width: the app, then the network
// or the attacker, then the server, each with what it presents, and the
// verdict band. The page shows it instead of Scene on a narrow screen.
func SceneNarrow(r sim.Result, w sim.Wire, server string) string {
	facts := appFacts(r, w)
	h := 4 + actorH + 8 + float64(len(facts))*factH + 16 + actorH + 12
	if w.Attacker {
		h += 22 + float64(len(w.Presented))*(certH+6) + 12
	}
	h += 22 + float64(len(w.ServerSends))*(certH+6) + 12 + bandH + 4

	var cv canvas
	cv.open("pic-scene pic-narrow outcome-"+r.Outcome.Class(), narrowWidth, h, sceneLabel(r, w, server))
	y := 4.0
	cv.actor(0, y, narrowWidth, "actor-app", "App", sim.ClientName(r.Client))
	y += actorH + 8
	for _, l := range facts {
		cv.group("fact "+l.class, l.text, func() {
			for j, line := range wrap(l.text, 48, 2) {
				cv.text(8, y+14+float64(j)*15, "pic-fact", "", line)
			}
		})
		y += factH
	}
	// The app's connection goes to the network or the attacker below it.
	wire := "wire"
	if w.Attacker {
		wire += " wire-attacked"
	}
	cv.line(narrowWidth/2, y, narrowWidth/2, y+16, wire)
	cv.text(narrowWidth/2+8, y+12, "pic-caption", "", "TLS")
	y += 16
	middle, middleSub := "Network", "passes the traffic on"
	if w.Attacker {
		middle, middleSub = "Attacker", w.Presenter
	}
	cv.actor(0, y, narrowWidth, "actor-"+strings.ToLower(middle), middle, middleSub)
	y += actorH + 12
	if w.Attacker {
		cv.text(0, y+12, "pic-caption", "", "presents to the app:")
		cv.certList(0, y+22, narrowWidth, w.Presented, "cert cert-presented")
		y += 22 + float64(len(w.Presented))*(certH+6) + 12
	}
	cv.actor(0, y, narrowWidth, "actor-server", "Server", server)
	y += actorH
	caption, class := "presents to the app:", "cert cert-presented"
	if w.Attacker {
		caption, class = "sends to the attacker:", "cert cert-real"
	}
	cv.text(0, y+16, "pic-caption", "", caption)
	cv.certList(0, y+24, narrowWidth, w.ServerSends, class)
	y += 22 + float64(len(w.ServerSends))*(certH+6) + 12
	cv.band(r.Outcome, y, narrowWidth)
	return cv.close()
}

// band is the verdict across the whole picture, in the outcome's colours.
func (cv *canvas) band(o sim.Outcome, y, width float64) {
	cv.group("band", "", func() {
		cv.rect(0, y, width, bandH, 8, "band-box")
		cv.text(16, y+30, "band-title", "", o.Glyph()+" "+strings.ToUpper(o.Name()))
		cv.text(16, y+52, "band-meaning", "", fit(upper(o.Meaning()), int(width/8.5)))
	})
}

type fact struct{ class, text string }

// appFacts are the lines under the app: what it trusts, what it pins, and
// where the anchor of this connection came from.
func appFacts(r sim.Result, w sim.Wire) []fact {
	out := []fact{{"fact-stores", "trusts " + w.Stores}}
	pins := "pins: " + sim.PolicyName(r.Policy)
	if r.Policy == "none" {
		pins = "pins nothing"
	}
	out = append(out, fact{"fact-pins", pins})
	switch {
	case w.Built != nil:
		a := w.Built[len(w.Built)-1]
		out = append(out, fact{"fact-anchor store-" + w.Store, "anchor: " + sim.CertName(a) + " (" + w.Store + " store)"})
	case w.Hooked:
		out = append(out, fact{"fact-anchor store-none", "no trusted anchor; hooked to pass"})
	default:
		out = append(out, fact{"fact-anchor store-none", "✗ no trusted anchor"})
	}
	return out
}

// actor draws one of the three parties, width wide, from (x, y).
func (cv *canvas) actor(x, y, width float64, class, title, sub string) {
	cv.group("actor "+class, sub, func() {
		cv.rect(x, y, width, actorH, 10, "actor-box")
		cv.text(x+width/2, y+24, "actor-title", "middle", title)
		lines := wrap(sub, int(width/7), 2)
		for i, l := range lines {
			cv.text(x+width/2, y+42+float64(i)*14, "actor-sub", "middle", l)
		}
	})
}

// certList draws certificates as a column of small boxes, leaf first.
func (cv *canvas) certList(x, y, width float64, certs []*x509.Certificate, class string) {
	for i, c := range certs {
		cy := y + float64(i)*(certH+6)
		name := sim.CertName(c)
		cv.group(class, name, func() {
			cv.rect(x, cy, width, certH, 4, "cert-box")
			cv.text(x+8, cy+certH/2+5, "cert-name", "", fit(name, int((width-16)/7.3)))
		})
	}
}

// sceneLabel says what the scene shows, for screen readers.
func sceneLabel(r sim.Result, w sim.Wire, server string) string {
	who := "the real server " + server
	if w.Attacker {
		who = w.Presenter + ", between the app and " + server + ","
	}
	names := make([]string, len(w.Presented))
	for i, c := range w.Presented {
		names[i] = sim.CertName(c)
	}
	anchor := "no anchor it trusts"
	if w.Built != nil {
		anchor = "the anchor " + sim.CertName(w.Built[len(w.Built)-1]) + " from the " + w.Store + " store"
	}
	return fmt.Sprintf("%s, pinning %s: %s presents %s; the app finds %s. Verdict: %s, %s.",
		sim.ClientName(r.Client), sim.PolicyName(r.Policy), who, strings.Join(names, ", "), anchor, r.Outcome.Name(), r.Outcome.Meaning())
}

// wrap breaks s into at most lines lines of about n characters, at spaces,
// the last one shortened with "…" when the text does not fit.
func wrap(s string, n, lines int) []string {
	var out []string
	cur := ""
	words := strings.Fields(s)
	for i, wd := range words {
		switch {
		case cur == "":
			cur = wd
		case len([]rune(cur))+1+len([]rune(wd)) <= n:
			cur += " " + wd
		default:
			out = append(out, cur)
			cur = wd
			if len(out) == lines-1 {
				cur = strings.Join(words[i:], " ")
				out = append(out, fit(cur, n))
				return out
			}
		}
	}
	if cur != "" {
		out = append(out, fit(cur, n))
	}
	return out
}

func upper(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
