// Package picture draws pinlab's pictures as SVG markup from pinlib's
// values: a certificate chain with its pinned keys, the simulator's scene
// (app, network or attacker, server, and the verdict), and a rotation
// timeline. The app puts the markup inline at run time and the lesson
// generator puts the same markup into lessons at build time, so a picture
// reads the same everywhere.
//
// The markup carries geometry and classes only, never a style or a colour:
// the page's stylesheet paints it, which keeps the Content-Security-Policy
// strict and makes one picture serve light, dark and print. Every picture
// has an accessible name, and every mark that colour distinguishes also
// has a glyph or a word, so nothing depends on colour alone.
package picture

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"pinlab/pinlib"
)

// canvas collects the elements of one SVG picture.
type canvas struct {
	b strings.Builder
}

// open starts the picture: its size in user units, its class, and what it
// shows in words for screen readers.
func (c *canvas) open(class string, w, h float64, label string) {
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" class="pic %s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		class, num(w), num(h), num(w), num(h), esc(label))
	fmt.Fprintf(&c.b, "<title>%s</title>", esc(label))
}

func (c *canvas) close() string {
	c.b.WriteString("</svg>")
	return c.b.String()
}

func (c *canvas) rect(x, y, w, h, r float64, class string) {
	fmt.Fprintf(&c.b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s"`, class, num(x), num(y), num(w), num(h))
	if r > 0 {
		fmt.Fprintf(&c.b, ` rx="%s"`, num(r))
	}
	c.b.WriteString("/>")
}

func (c *canvas) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&c.b, `<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>`, class, num(x1), num(y1), num(x2), num(y2))
}

func (c *canvas) path(d, class string) {
	fmt.Fprintf(&c.b, `<path class="%s" d="%s"/>`, class, d)
}

// text writes one line of text; anchor is "start", "middle" or "end".
func (c *canvas) text(x, y float64, class, anchor, s string) {
	if anchor == "" || anchor == "start" {
		fmt.Fprintf(&c.b, `<text class="%s" x="%s" y="%s">%s</text>`, class, num(x), num(y), esc(s))
		return
	}
	fmt.Fprintf(&c.b, `<text class="%s" x="%s" y="%s" text-anchor="%s">%s</text>`, class, num(x), num(y), anchor, esc(s))
}

// group wraps what f draws in a group whose tooltip is the full text, for
// a name that was shortened to fit.
func (c *canvas) group(class, title string, f func()) {
	fmt.Fprintf(&c.b, `<g class="%s">`, class)
	if title != "" {
		fmt.Fprintf(&c.b, "<title>%s</title>", esc(title))
	}
	f()
	c.b.WriteString("</g>")
}

// arrow is a line from (x1,y1) to (x2,y2) with a head at the second end.
func (c *canvas) arrow(x1, y1, x2, y2 float64, class string) {
	c.line(x1, y1, x2, y2, class)
	const size = 6
	switch {
	case y2 > y1: // down
		c.path(fmt.Sprintf("M%s %sl%d %dh%dz", num(x2), num(y2), -size, -size, 2*size), class+" head")
	case y2 < y1: // up
		c.path(fmt.Sprintf("M%s %sl%d %dh%dz", num(x2), num(y2), -size, size, 2*size), class+" head")
	case x2 > x1: // right
		c.path(fmt.Sprintf("M%s %sl%d %dv%dz", num(x2), num(y2), -size, -size, 2*size), class+" head")
	default: // left
		c.path(fmt.Sprintf("M%s %sl%d %dv%dz", num(x2), num(y2), size, -size, 2*size), class+" head")
	}
}

// num writes a coordinate with at most one decimal, so the markup is the
// same on every platform and golden files stay stable.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*10+sign(v)*0.5))/10, 'f', -1, 64)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// esc makes text safe inside SVG markup, and writes any invisible or
// direction-changing character as its escape: a certificate's maker chose
// the name, and "api.\u202emoc.lapyap" must not pass for another name.
func esc(s string) string {
	s = pinlib.EscapeDeceptive(s)
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// fit shortens s to at most n characters, ending in "…" when cut. SVG text
// does not wrap, and the full text stays in the picture's tooltip.
func fit(s string, n int) string {
	s = pinlib.EscapeDeceptive(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// ShortKey is the first characters of a base64 SPKI SHA-256, enough to tell
// the keys of one picture apart: "C5+lpZ7t…".
func ShortKey(b64 string) string {
	if len(b64) <= 8 {
		return b64
	}
	return b64[:8] + "…"
}
