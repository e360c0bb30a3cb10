// Package content holds pinlab's lessons, written in Markdown under
// lessons/ and rendered to HTML at build time by ./gen, so they read
// offline, prerender on the server and cost the wasm no Markdown parser.
// Facts the code also states (pins, simulator outcomes) are computed by
// the generator from pinlib, never typed into the lessons.
package content

//go:generate go run ./gen

// Lesson is one lesson, in slides. The page shows every slide in order;
// workshop mode shows one at a time, with its speaker notes on demand.
type Lesson struct {
	Slug, Title, Summary string
	Slides               []Slide
}

// Slide is one slide: HTML, with live exercises between its parts.
type Slide struct {
	Parts []Part
	Notes string // speaker notes, plain text
}

// Part is either rendered HTML or the ID of an exercise to show there.
type Part struct {
	HTML     string
	Exercise string
}

// Lessons are the lessons in order; lessons_gen.go fills them in.
var Lessons []Lesson

// BySlug finds a lesson.
func BySlug(slug string) (Lesson, bool) {
	for _, l := range Lessons {
		if l.Slug == slug {
			return l, true
		}
	}
	return Lesson{}, false
}

// Exercises lists the exercise IDs of a lesson, in order.
func (l Lesson) Exercises() []string {
	var ids []string
	for _, s := range l.Slides {
		for _, p := range s.Parts {
			if p.Exercise != "" {
				ids = append(ids, p.Exercise)
			}
		}
	}
	return ids
}
