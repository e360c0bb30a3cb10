package main

import (
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/picture"
	"pinlab/pinlib/sim"
)

// Pictures, matrices and outcome badges are HTML that goldmark would drop
// as raw HTML (it renders safely). The template functions leave a marker
// in the Markdown and keep the HTML here; after goldmark has run, each
// marker is replaced by its HTML: a block marker, a paragraph of its own,
// by a block, an inline one by a span.

// inserts holds the HTML of every marker, in order.
type inserts struct {
	html []string
}

func (in *inserts) block(h string) string {
	in.html = append(in.html, h)
	return fmt.Sprintf("\n\n@@insert:%d@@\n\n", len(in.html)-1)
}

func (in *inserts) inline(h string) string {
	in.html = append(in.html, h)
	return fmt.Sprintf("@@inline:%d@@", len(in.html)-1)
}

var (
	blockMarker  = regexp.MustCompile(`<p>@@insert:(\d+)@@</p>\n?`)
	inlineMarker = regexp.MustCompile(`@@inline:(\d+)@@`)
	anyMarker    = regexp.MustCompile(`@@(insert|inline):\d+@@`)
)

// fill replaces the markers of rendered HTML. A block marker that goldmark
// did not leave as a paragraph of its own (inside a list, a table, code)
// is an error: its HTML would land where it cannot stand.
func (in *inserts) fill(h string) (string, error) {
	get := func(m string, re *regexp.Regexp) string {
		var i int
		fmt.Sscan(re.FindStringSubmatch(m)[1], &i)
		return in.html[i]
	}
	h = blockMarker.ReplaceAllStringFunc(h, func(m string) string { return get(m, blockMarker) + "\n" })
	h = inlineMarker.ReplaceAllStringFunc(h, func(m string) string { return get(m, inlineMarker) })
	if m := anyMarker.FindString(h); m != "" {
		return "", fmt.Errorf("a picture or matrix must stand in a paragraph of its own (%s)", m)
	}
	return h, nil
}

// outcomeBadge is an outcome as the app shows it: glyph and words, tinted.
func outcomeBadge(o sim.Outcome) string {
	return fmt.Sprintf(`<span class="outcome-label outcome-%s" data-outcome="%s"><span class="glyph" aria-hidden="true">%s</span> %s</span>`,
		o.Class(), html.EscapeString(string(o)), o.Glyph(), html.EscapeString(strings.ToLower(o.Name())))
}

// matrixHTML is a client's matrix as the simulator page draws it: words
// for scenarios and policies, a tinted cell with glyph and words for each
// outcome, and the legend of the outcomes it holds.
func matrixHTML(m sim.Matrix) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="table-scroll"><table class="matrix-table"><caption class="visually-hidden">%s, %s: every scenario against every pin policy</caption><thead><tr><th scope="col">Scenario</th>`,
		html.EscapeString(sim.ClientName(m.Client)), strings.ToLower(sim.ModeName(m.Mode)))
	for _, p := range m.Policies {
		fmt.Fprintf(&b, `<th scope="col" data-policy="%s">%s</th>`, html.EscapeString(p), html.EscapeString(sim.PolicyName(p)))
	}
	b.WriteString("</tr></thead><tbody>")
	seen := map[sim.Outcome]bool{}
	for _, s := range m.Scenarios {
		fmt.Fprintf(&b, `<tr><th scope="row" data-scenario="%s">%s</th>`, html.EscapeString(s), html.EscapeString(sim.ScenarioName(s)))
		for _, p := range m.Policies {
			o := m.Outcomes[s][p]
			seen[o] = true
			fmt.Fprintf(&b, `<td><span class="cell static outcome-%s" data-outcome="%s" title="%s"><span class="glyph" aria-hidden="true">%s</span> %s</span></td>`,
				o.Class(), html.EscapeString(string(o)), html.EscapeString(m.Reasons[s][p]), o.Glyph(), html.EscapeString(o.Name()))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>")
	b.WriteString(legendHTML(seen))
	return b.String()
}

// legendHTML lists the outcomes present, each with glyph, name and meaning.
func legendHTML(seen map[sim.Outcome]bool) string {
	var b strings.Builder
	b.WriteString(`<ul class="legend" aria-label="Legend">`)
	for _, o := range sim.Outcomes {
		if !seen[o] {
			continue
		}
		fmt.Fprintf(&b, `<li class="legend-item outcome-%s"><span class="glyph" aria-hidden="true">%s</span> <strong>%s</strong> <span class="meaning">%s</span></li>`,
			o.Class(), o.Glyph(), html.EscapeString(o.Name()), html.EscapeString(o.Meaning()))
	}
	b.WriteString("</ul>")
	return b.String()
}

func pictureHTML(svg string) string { return `<div class="pic-wrap">` + svg + `</div>` }

// lessonChain reads a chain kept beside the lessons: made once, its keys
// thrown away, so its pins are the same on every build.
func lessonChain(lessons fs.FS, file string) (*pinlib.Bundle, error) {
	data, err := fs.ReadFile(lessons, file)
	if err != nil {
		return nil, err
	}
	b := pinlib.Read(pinlib.Input{Name: file, Data: data})
	if b.Leaf() == nil || b.Shape != pinlib.ShapeChain {
		return nil, fmt.Errorf("%s is not one chain with a leaf", file)
	}
	return b, nil
}

// lessonCerts reads a lesson chain and picks its certificates with the
// given roles, in the order asked; an unknown or absent role is an error.
func lessonCerts(lessons fs.FS, file string, roles []string) (*pinlib.Bundle, []*pinlib.Certificate, error) {
	b, err := lessonChain(lessons, file)
	if err != nil {
		return nil, nil, err
	}
	var out []*pinlib.Certificate
	for _, r := range roles {
		found := b.ByRole(pinlib.Role(r))
		if len(found) == 0 {
			return nil, nil, fmt.Errorf("the chain has no %q certificate (roles: leaf, intermediate, root)", r)
		}
		out = append(out, found...)
	}
	return b, out, nil
}

// chainPicture draws a lesson chain with the certificates of roles pinned.
func chainPicture(lessons fs.FS, file string, roles []string) (string, error) {
	b, certs, err := lessonCerts(lessons, file, roles)
	if err != nil {
		return "", err
	}
	var pins []picture.Pin
	for _, c := range certs {
		pins = append(pins, picture.Pin{Label: string(c.Role), Key: c.Pins.SPKISHA256Base64()})
	}
	c, _ := picture.BundleChain(b, pins)
	return pictureHTML(c.SVG()), nil
}

// timelinePicture draws the rotation plan of a lesson chain as seen on a
// fixed day, so the lesson reads the same whenever it is built.
func timelinePicture(lessons fs.FS, file, today string, cadenceDays int, expires string, roles []string) (string, error) {
	_, certs, err := lessonCerts(lessons, file, roles)
	if err != nil {
		return "", err
	}
	now, err := time.Parse("2006-01-02", today)
	if err != nil {
		return "", fmt.Errorf("timeline: today %q is not yyyy-mm-dd", today)
	}
	in := pinlib.RotationInput{Now: now.Add(9 * time.Hour), Pinned: certs, ReleaseCadence: time.Duration(cadenceDays) * 24 * time.Hour}
	if expires != "" {
		if in.Expiration, err = time.Parse("2006-01-02", expires); err != nil {
			return "", fmt.Errorf("timeline: expiration %q is not yyyy-mm-dd", expires)
		}
	}
	plan := pinlib.PlanRotation(in)
	return pictureHTML(picture.Timeline(plan, certs) + picture.TimelineNarrow(plan, certs)), nil
}
