package app

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content"
	"pinlab/pinlib"
)

// NotFoundPath is the page for an address pinlab has no page at. The
// server answers any such address with it, and a 404 status; the static
// export also writes it as 404.html, and the service worker shows it
// offline. The server names the address in ?path=; a static host and the
// service worker cannot, so the page says "this address" until the app
// runs and reads it from the location.
const NotFoundPath = "/not-found"

// notFound tells what is not there and offers what is: for a lesson's
// address, the lessons whose names are closest to it.
type notFound struct {
	app.Compo
	path string // the address asked for, without the root prefix; "" when unknown
}

func (p *notFound) OnNav(ctx app.Context) {
	p.path = missingPath(ctx.Page().URL())
	setPage(ctx, "Page not found", "pinlab has no page at this address.")
}

// missingPath is the address asked for: the route go-app looked up, or at
// NotFoundPath the ?path= the server rendered it for ("" without one).
func missingPath(u *url.URL) string {
	path := appPath(u.Path)
	if path == NotFoundPath {
		if asked := u.Query().Get("path"); strings.HasPrefix(asked, "/") {
			return asked
		}
		return ""
	}
	return path
}

// appPath is the route go-app looks up for an address: without the root
// prefix, and starting with a slash (go-app's engine.go).
func appPath(urlPath string) string {
	path := strings.TrimPrefix(urlPath, app.Getenv("GOAPP_ROOT_PREFIX"))
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return path
}

func (p *notFound) Render() app.UI {
	// In the browser the first render comes before OnNav.
	if p.path == "" && app.IsClient {
		p.path = missingPath(app.Window().URL())
	}
	address := app.Text("this address")
	if p.path != "" {
		address = app.Code().Text(p.path)
	}
	body := []app.UI{
		app.H1().Text("Page not found"),
		app.P().ID("not-found-path").Class("lead").Body(app.Text("pinlab has no page at "), address, app.Text(".")),
	}
	if slug, ok := strings.CutPrefix(p.path, "/learn/"); ok {
		body = append(body, renderLessonGuess(slug))
	} else {
		if s, ok := pageGuess(p.path); ok {
			body = append(body, app.P().ID("page-guess").Body(
				app.Text("Did you mean "), app.A().Href(href(s.Path)).Text(s.Label), app.Text("?"),
			))
		}
		body = append(body, app.P().Text("Its tools and lessons are here:"), app.Ul().ID("not-found-links").Body(
			app.Li().Body(app.A().Href(href("/")).Text("Home")),
			app.Range(Sections).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Href(href(Sections[i].Path)).Text(Sections[i].Label))
			}),
		))
	}
	return shell("", body...)
}

// pageGuess is the page whose address is closest to path: the same but
// for case or a trailing slash, a letter or two off, or longer or shorter
// in its first segment (/inpsect, /Simulate/, /check/extra, /learning).
func pageGuess(path string) (Section, bool) {
	first := "/" + strings.ToLower(strings.SplitN(strings.Trim(path, "/"), "/", 2)[0])
	if first == "/" {
		return Section{}, false // the home page's address has no typo
	}
	best, dist := Section{}, 0
	for _, s := range Sections {
		limit := max(1, len(s.Path)/3)
		d := pinlib.EditDistance(first, s.Path, len(first)+len(s.Path))
		near := d <= limit || len(first) >= 4 && (strings.HasPrefix(first, s.Path) || strings.HasPrefix(s.Path, first))
		if near && (best.Path == "" || d < dist) {
			best, dist = s, d
		}
	}
	return best, best.Path != ""
}

// renderLessonGuess offers the lessons closest to a lesson address that
// names none.
func renderLessonGuess(slug string) app.UI {
	guesses := lessonGuesses(slug)
	return app.Div().ID("lesson-guesses").Body(
		app.If(len(guesses) > 0, func() app.UI {
			return app.Div().Body(
				app.P().Text("No lesson has that name. Did you mean:"),
				app.Ul().Body(app.Range(guesses).Slice(func(i int) app.UI {
					l := guesses[i]
					return app.Li().Body(app.A().Href(href("/learn/" + l.Slug)).Text(l.Title))
				})),
			)
		}).Else(func() app.UI {
			return app.P().Text("No lesson has that name.")
		}),
		app.P().Body(app.Text("Every lesson is on "), app.A().Href(href("/learn")).Text("Learn"), app.Text(".")),
	)
}

// lessonGuesses are up to three lessons whose slug is near slug, closest
// first: within max(2, a third of the lesson's slug) edits (a swap of two
// letters is one), or sharing whole words with it ("testing" and
// "testing-pinning", not "ios" in "scenarios"); for a number, the lesson
// with that number.
func lessonGuesses(slug string) []content.Lesson {
	slug = strings.ToLower(strings.Trim(slug, "/ "))
	if slug == "" {
		return nil
	}
	if n, err := strconv.Atoi(slug); err == nil {
		if n >= 1 && n <= len(content.Lessons) {
			return []content.Lesson{content.Lessons[n-1]}
		}
		return nil
	}
	type guess struct {
		lesson content.Lesson
		dist   int
	}
	var found []guess
	for _, l := range content.Lessons {
		limit := max(2, len(l.Slug)/3)
		d := pinlib.EditDistance(slug, l.Slug, limit)
		words := containsWords(l.Slug, slug) || containsWords(slug, l.Slug)
		if words {
			d = min(d, 1) // whole words in common rank with a one-letter slip
		}
		if d <= limit || words {
			found = append(found, guess{l, d})
		}
	}
	slices.SortStableFunc(found, func(a, b guess) int { return a.dist - b.dist })
	var out []content.Lesson
	for _, g := range found[:min(3, len(found))] {
		out = append(out, g.lesson)
	}
	return out
}

// containsWords reports whether the dash-separated words of part appear,
// in a row, among those of whole.
func containsWords(whole, part string) bool {
	return strings.Contains("-"+whole+"-", "-"+part+"-")
}
