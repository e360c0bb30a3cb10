package main

import (
	"bytes"
	"fmt"
	"go/format"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"pinlab/content"
	"pinlab/content/learn"
	"pinlab/pinlib"
	"pinlab/pinlib/picture"
	"pinlab/pinlib/samples"
	"pinlab/pinlib/sim"
)

// Generate renders every lesson file and returns the Go source of
// lessons_gen.go. Any broken lesson stops it with the file and the reason.
func Generate(lessons fs.FS) ([]byte, error) {
	names, err := fs.Glob(lessons, "*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("gen: no lessons found")
	}
	f, err := newFacts(lessons)
	if err != nil {
		return nil, err
	}
	var all []content.Lesson
	for _, name := range names {
		src, err := fs.ReadFile(lessons, name)
		if err != nil {
			return nil, err
		}
		l, err := f.lesson(strings.TrimSuffix(name, ".md"), string(src))
		if err != nil {
			return nil, fmt.Errorf("gen: %s: %w", name, err)
		}
		all = append(all, l)
	}
	if err := checkLinks(all); err != nil {
		return nil, err
	}
	return render(all)
}

// facts answers the template functions from the code: the simulator, the
// samples, and the chain kept beside the lessons for their pictures.
type facts struct {
	world   *sim.World
	lessons fs.FS
	ins     inserts
}

func newFacts(lessons fs.FS) (*facts, error) {
	w, err := sim.NewWorld(time.Now())
	if err != nil {
		return nil, err
	}
	return &facts{world: w, lessons: lessons}, nil
}

func (f *facts) run(client, scenario, policy, mode string) (sim.Result, error) {
	c, err := sim.ParseCase(client, scenario, policy, mode)
	if err != nil {
		return sim.Result{}, err
	}
	return f.world.Run(c)
}

func (f *facts) funcs() template.FuncMap {
	return template.FuncMap{
		"outcome": func(client, scenario, policy, mode string) (string, error) {
			r, err := f.run(client, scenario, policy, mode)
			if err != nil {
				return "", err
			}
			return f.ins.inline(outcomeBadge(r.Outcome)), nil
		},
		"reason": func(client, scenario, policy, mode string) (string, error) {
			r, err := f.run(client, scenario, policy, mode)
			// Reasons name XML elements such as <pin-set>: escape them, or
			// goldmark takes them for raw HTML and drops them.
			return html.EscapeString(r.Reason), err
		},
		"sim": func(client, scenario, policy, mode string) (string, error) {
			if _, err := sim.ParseCase(client, scenario, policy, mode); err != nil {
				return "", err
			}
			q := url.Values{"client": {client}, "scenario": {scenario}, "policy": {policy}, "mode": {mode}}
			return "/simulate?" + q.Encode(), nil
		},
		"matrix": func(client, mode string) (string, error) {
			m, err := f.world.Matrix(client, sim.Mode(mode))
			if err != nil {
				return "", err
			}
			return f.ins.block(matrixHTML(m)), nil
		},
		// {{chain "file.pem" "intermediate"}}: the chain, the certificates
		// of those roles pinned.
		"chain": func(file string, roles ...string) (string, error) {
			h, err := chainPicture(f.lessons, file, roles)
			return f.ins.block(h), err
		},
		// {{scene "client" "scenario" "policy" "mode"}}: one simulated
		// connection. It shows names and the verdict, no key, so it is
		// the same on every build.
		"scene": func(client, scenario, policy, mode string) (string, error) {
			r, err := f.run(client, scenario, policy, mode)
			if err != nil {
				return "", err
			}
			v, err := f.world.Wire(r.Case)
			if err != nil {
				return "", err
			}
			return f.ins.block(pictureHTML(picture.Scene(r, v, f.world.ServerName) + picture.SceneNarrow(r, v, f.world.ServerName))), nil
		},
		// {{timeline "file.pem" "today" cadenceDays "expires" "role"...}}
		"timeline": func(file, today string, cadence int, expires string, roles ...string) (string, error) {
			h, err := timelinePicture(f.lessons, file, today, cadence, expires, roles)
			return f.ins.block(h), err
		},
		"pin": func(file string) (string, error) {
			c, err := sampleCert(file)
			if err != nil {
				return "", err
			}
			return c.Pins.SPKISHA256Base64(), nil
		},
		"fingerprint": func(file string) (string, error) {
			c, err := sampleCert(file)
			if err != nil {
				return "", err
			}
			return c.Pins.CertSHA256Hex(), nil
		},
		"exercise": func(id string) (string, error) {
			if _, ok := learn.ByID(id); !ok {
				return "", fmt.Errorf("unknown exercise %q", id)
			}
			return "\n\n" + exerciseMarker(id) + "\n\n", nil
		},
	}
}

func sampleCert(file string) (*pinlib.Certificate, error) {
	data, err := samples.File(file)
	if err != nil {
		return nil, err
	}
	b := pinlib.Read(pinlib.Input{Name: file, Data: data})
	if len(b.Certificates) != 1 {
		return nil, fmt.Errorf("sample %s holds %d certificates, want 1", file, len(b.Certificates))
	}
	return b.Certificates[0], nil
}

func exerciseMarker(id string) string { return "@@exercise:" + id + "@@" }

var (
	markerHTML = regexp.MustCompile(`<p>@@exercise:([a-z0-9-]+)@@</p>\n?`)
	fileName   = regexp.MustCompile(`^\d\d-([a-z0-9-]+)$`)
)

// lesson turns one Markdown file into a Lesson.
func (f *facts) lesson(name, src string) (content.Lesson, error) {
	m := fileName.FindStringSubmatch(name)
	if m == nil {
		return content.Lesson{}, fmt.Errorf("file name must be NN-slug.md")
	}
	l := content.Lesson{Slug: m[1]}
	body, err := frontMatter(src, &l)
	if err != nil {
		return l, err
	}
	tmpl, err := template.New(name).Funcs(f.funcs()).Option("missingkey=error").Parse(body)
	if err != nil {
		return l, err
	}
	var expanded bytes.Buffer
	if err := tmpl.Execute(&expanded, nil); err != nil {
		return l, err
	}
	if strings.Contains(expanded.String(), "{{") {
		return l, fmt.Errorf("a template call was left unexpanded")
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for i, raw := range splitSlides(expanded.String()) {
		text, notes, err := takeNotes(raw)
		if err != nil {
			return l, fmt.Errorf("slide %d: %w", i+1, err)
		}
		if strings.TrimSpace(text) == "" {
			return l, fmt.Errorf("slide %d is empty", i+1)
		}
		var html bytes.Buffer
		if err := md.Convert([]byte(text), &html); err != nil {
			return l, fmt.Errorf("slide %d: %w", i+1, err)
		}
		filled, err := f.ins.fill(html.String())
		if err != nil {
			return l, fmt.Errorf("slide %d: %w", i+1, err)
		}
		l.Slides = append(l.Slides, content.Slide{Parts: parts(filled), Notes: notes})
	}
	return l, nil
}

// frontMatter reads the title and summary between the first two --- lines.
func frontMatter(src string, l *content.Lesson) (string, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	if !strings.HasPrefix(src, "---\n") {
		return "", fmt.Errorf("missing front matter")
	}
	head, body, ok := strings.Cut(src[4:], "\n---\n")
	if !ok {
		return "", fmt.Errorf("front matter is not closed by ---")
	}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(k) {
		case "title":
			l.Title = strings.TrimSpace(v)
		case "summary":
			l.Summary = strings.TrimSpace(v)
		case "":
		default:
			return "", fmt.Errorf("unknown front matter key %q", k)
		}
	}
	if l.Title == "" || l.Summary == "" {
		return "", fmt.Errorf("front matter needs title and summary")
	}
	return body, nil
}

// splitSlides cuts at lines that are only ---, outside fenced code.
func splitSlides(s string) []string {
	var slides []string
	var cur strings.Builder
	fenced := false
	for _, line := range strings.SplitAfter(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") {
			fenced = !fenced
		}
		if !fenced && t == "---" {
			slides = append(slides, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteString(line)
	}
	slides = append(slides, cur.String())
	// Only a trailing --- may leave nothing behind; an empty slide elsewhere
	// is a mistake that lesson reports.
	for len(slides) > 1 && strings.TrimSpace(slides[len(slides)-1]) == "" {
		slides = slides[:len(slides)-1]
	}
	return slides
}

var notesBlock = regexp.MustCompile("(?s)```notes\n(.*?)```\n?")

// takeNotes removes the ```notes blocks of a slide and returns their text.
func takeNotes(s string) (string, string, error) {
	if strings.Count(s, "```")%2 != 0 {
		return "", "", fmt.Errorf("a fenced code block is not closed")
	}
	var notes []string
	s = notesBlock.ReplaceAllStringFunc(s, func(m string) string {
		notes = append(notes, strings.TrimSpace(notesBlock.FindStringSubmatch(m)[1]))
		return ""
	})
	return s, strings.Join(notes, "\n\n"), nil
}

// parts splits rendered HTML at the exercise markers.
func parts(html string) []content.Part {
	var out []content.Part
	last := 0
	for _, m := range markerHTML.FindAllStringSubmatchIndex(html, -1) {
		if h := strings.TrimSpace(html[last:m[0]]); h != "" {
			out = append(out, content.Part{HTML: h})
		}
		out = append(out, content.Part{Exercise: html[m[2]:m[3]]})
		last = m[1]
	}
	if h := strings.TrimSpace(html[last:]); h != "" {
		out = append(out, content.Part{HTML: h})
	}
	return out
}

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// checkLinks fails on an internal link to a page that does not exist or a
// simulator link with unknown IDs.
func checkLinks(all []content.Lesson) error {
	slugs := map[string]bool{}
	for _, l := range all {
		slugs[l.Slug] = true
	}
	pages := map[string]bool{"/": true, "/inspect": true, "/pin": true, "/simulate": true, "/check": true, "/learn": true}
	for _, l := range all {
		for _, s := range l.Slides {
			for _, p := range s.Parts {
				for _, m := range hrefs.FindAllStringSubmatch(p.HTML, -1) {
					u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
					if err != nil {
						return fmt.Errorf("gen: %s: bad link %q", l.Slug, m[1])
					}
					if u.Scheme != "" || strings.HasPrefix(m[1], "#") {
						continue
					}
					switch {
					case pages[u.Path]:
					case strings.HasPrefix(u.Path, "/learn/") && slugs[path.Base(u.Path)]:
					default:
						return fmt.Errorf("gen: %s: link to a page that does not exist: %s", l.Slug, m[1])
					}
					if u.Path == "/simulate" && u.RawQuery != "" {
						q := u.Query()
						if _, err := sim.ParseCase(q.Get("client"), q.Get("scenario"), q.Get("policy"), q.Get("mode")); err != nil {
							return fmt.Errorf("gen: %s: %s: %w", l.Slug, m[1], err)
						}
					}
				}
			}
		}
	}
	return nil
}

// render writes the lessons as Go source.
func render(all []content.Lesson) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by go run ./gen; DO NOT EDIT.\n\npackage content\n\n")
	b.WriteString("func init() {\n\tLessons = []Lesson{\n")
	for _, l := range all {
		fmt.Fprintf(&b, "\t{\n\t\tSlug: %s,\n\t\tTitle: %s,\n\t\tSummary: %s,\n\t\tSlides: []Slide{\n", strconv.Quote(l.Slug), strconv.Quote(l.Title), strconv.Quote(l.Summary))
		for _, s := range l.Slides {
			b.WriteString("\t\t\t{\n\t\t\t\tParts: []Part{\n")
			for _, p := range s.Parts {
				if p.Exercise != "" {
					fmt.Fprintf(&b, "\t\t\t\t\t{Exercise: %s},\n", strconv.Quote(p.Exercise))
				} else {
					fmt.Fprintf(&b, "\t\t\t\t\t{HTML: %s},\n", strconv.Quote(p.HTML))
				}
			}
			b.WriteString("\t\t\t\t},\n")
			if s.Notes != "" {
				fmt.Fprintf(&b, "\t\t\t\tNotes: %s,\n", strconv.Quote(s.Notes))
			}
			b.WriteString("\t\t\t},\n")
		}
		b.WriteString("\t\t},\n\t},\n")
	}
	b.WriteString("}\n}\n")
	return format.Source(b.Bytes())
}
