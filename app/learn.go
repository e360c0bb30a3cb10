package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content"
	"pinlab/content/learn"
)

// learnPage is the lessons: the list at /learn, one lesson at /learn/<slug>,
// and a workshop mode that shows the lesson as full-screen slides.
type learnPage struct {
	app.Compo

	lesson    *content.Lesson // nil on the list
	present   bool            // workshop mode
	presenter bool            // this window is the presenter view (slides.go)
	slide     int             // 0 is the title slide
	fit       int             // how many steps the slide's text shrank to fit
	fitRun    int             // the run of fitting steps under way (fitSlide)
	progress  progress
	release   func()

	channel      app.Value // the BroadcastChannel to the other window; nil when closed
	started, now time.Time // the presenter's timer
	ticking      bool      // the timer runs
}

func (p *learnPage) OnNav(ctx app.Context) {
	p.present, p.presenter, p.slide, p.fit = false, false, 0, 0
	p.lesson = lessonAt(ctx.Page().URL().Path)
	if l := p.lesson; l != nil {
		setPage(ctx, l.Title, l.Summary)
		q := ctx.Page().URL().Query()
		p.present = q.Get("present") == "1"
		p.presenter = p.present && q.Get("view") == "presenter"
		if p.presenter {
			setPage(ctx, "Presenter view: "+l.Title, l.Summary)
			p.startPresenter(ctx)
		}
		p.fitSlide(ctx)
	} else {
		setPage(ctx, "Learn", "Lessons and exercises on certificate pinning, with a workshop mode that works offline.")
	}
	if app.IsClient {
		p.progress = loadProgress(ctx)
	}
}

func (p *learnPage) OnMount(ctx app.Context) {
	if !app.IsClient {
		return
	}
	keydown := app.FuncOf(func(_ app.Value, args []app.Value) any {
		key := args[0].Get("key").String()
		ctx.Dispatch(func(ctx app.Context) {
			if p.onKey(key) {
				args[0].Call("preventDefault")
				p.fitSlide(ctx)
			}
		})
		return nil
	})
	// A window resized (or moved to the projector) fits its slide anew.
	resize := app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) {
			p.fit = 0
			p.fitSlide(ctx)
		})
		return nil
	})
	// Esc first leaves full screen, and the page never sees that key:
	// leaving full screen leaves the slides too.
	fullscreen := app.FuncOf(func(app.Value, []app.Value) any {
		if app.Window().Get("document").Get("fullscreenElement").IsNull() && !p.presenter {
			ctx.Dispatch(func(app.Context) { p.present = false })
		}
		return nil
	})
	doc := app.Window().Get("document")
	app.Window().Call("addEventListener", "keydown", keydown)
	app.Window().Call("addEventListener", "resize", resize)
	doc.Call("addEventListener", "fullscreenchange", fullscreen)
	leave := p.listen(ctx)
	p.release = func() {
		leave()
		app.Window().Call("removeEventListener", "keydown", keydown)
		app.Window().Call("removeEventListener", "resize", resize)
		doc.Call("removeEventListener", "fullscreenchange", fullscreen)
		keydown.Release()
		resize.Release()
		fullscreen.Release()
	}
}

func (p *learnPage) OnDismount() {
	if p.release != nil {
		p.release()
	}
}

// onKey drives workshop mode, in the projected window and the presenter
// view alike: arrows, space and page keys move both, P opens the presenter
// view, Escape leaves the slides. It reports whether it used the key.
func (p *learnPage) onKey(key string) bool {
	if !p.present || p.lesson == nil {
		return false
	}
	switch key {
	case "ArrowRight", "PageDown", " ":
		p.goTo(p.slide + 1)
	case "ArrowLeft", "PageUp":
		p.goTo(p.slide - 1)
	case "Home":
		p.goTo(0)
	case "End":
		p.goTo(slideCount(p.lesson) - 1)
	case "p", "P":
		if p.presenter {
			return false
		}
		p.openPresenter()
	case "Escape":
		if p.presenter {
			return false
		}
		p.leave()
	default:
		return false
	}
	return true
}

func (p *learnPage) leave() {
	p.present = false
	doc := app.Window().Get("document")
	if !doc.Get("fullscreenElement").IsNull() && !doc.Get("fullscreenElement").IsUndefined() {
		doc.Call("exitFullscreen").Call("catch", app.FuncOf(func(app.Value, []app.Value) any { return nil }))
	}
}

func (p *learnPage) startPresenting(ctx app.Context, e app.Event) {
	p.present, p.slide, p.fit = true, 0, 0
	p.fitSlide(ctx)
	// Full screen needs the click's user gesture; a refusal is harmless.
	if el := app.Window().Get("document").Get("documentElement"); el.Get("requestFullscreen").Truthy() {
		el.Call("requestFullscreen").Call("catch", app.FuncOf(func(app.Value, []app.Value) any { return nil }))
	}
}

// lessonAt finds the lesson of a /learn/<slug> path, under any prefix.
func lessonAt(path string) *content.Lesson {
	slug := path[strings.LastIndex(path, "/")+1:]
	if !strings.HasSuffix(strings.TrimSuffix(path, "/"+slug), "/learn") {
		return nil
	}
	if l, ok := content.BySlug(slug); ok {
		return &l
	}
	return nil
}

func (p *learnPage) Render() app.UI {
	// In the browser the first render comes before OnNav: read the lesson
	// from the address now, or the list would flash before the lesson.
	if p.lesson == nil && app.IsClient {
		p.lesson = lessonAt(app.Window().URL().Path)
	}
	if p.lesson == nil {
		return shell("/learn", p.renderList())
	}
	if p.presenter {
		return p.renderPresenter()
	}
	if p.present {
		return p.renderSlides()
	}
	return shell("/learn", p.renderLesson())
}

func (p *learnPage) renderList() app.UI {
	return app.Section().ID("lessons").Body(
		app.H1().Text("Learn"),
		app.P().Class("lead").Text("Eleven short lessons on certificate pinning, each with live links into the tools and, from lesson 3 on, an exercise the app checks. They work offline, and each one can be shown as slides in a workshop."),
		app.Ol().Class("lesson-list").Body(app.Range(content.Lessons).Slice(func(i int) app.UI {
			l := content.Lessons[i]
			return app.Li().Body(
				app.A().Href(href("/learn/"+l.Slug)).Text(l.Title),
				app.P().Text(l.Summary),
			)
		})),
		app.P().ID("progress").Class("hint").Text(p.progressLine()),
		app.Button().Type("button").ID("reset-progress").Class("button secondary").Text("Reset my progress").
			OnClick(func(ctx app.Context, e app.Event) { p.progress = resetProgress(ctx) }),
	)
}

// progressLine counts solved exercises. Progress lives in this browser's
// local storage, so the server's prerendered page cannot know it and says
// so, rather than showing a count of zero until the wasm has loaded.
func (p *learnPage) progressLine() string {
	if p.progress == nil {
		return "Your progress on the exercises shows here once the page has loaded."
	}
	return fmt.Sprintf("Exercises done in this browser: %d of %d.", p.progress.count(), len(learn.All()))
}

func (p *learnPage) renderLesson() app.UI {
	l := p.lesson
	idx := lessonIndex(l.Slug)
	return app.Article().ID("lesson").Class("lesson").Body(
		app.P().Class("lesson-nav").Body(
			app.A().Href(href("/learn")).Text("All lessons"),
			app.Text(fmt.Sprintf(" · Lesson %d of %d", idx+1, len(content.Lessons))),
		),
		app.H1().Text(l.Title),
		app.Div().Class("toolbar").Body(
			app.Button().Type("button").ID("present").Class("button secondary").Text("Present as slides").
				Title("Workshop mode: arrow keys move, P opens the presenter view with the notes, Esc leaves").OnClick(p.startPresenting),
			app.Button().Type("button").ID("print").Class("button secondary").Text("Print").
				OnClick(func(ctx app.Context, e app.Event) { app.Window().Call("print") }),
		),
		app.Range(l.Slides).Slice(func(i int) app.UI {
			return app.Section().Class("lesson-slide").Body(p.renderParts(l.Slides[i])...)
		}),
		p.renderPrevNext(idx),
	)
}

func (p *learnPage) renderParts(s content.Slide) []app.UI {
	var out []app.UI
	for _, part := range s.Parts {
		if part.Exercise != "" {
			out = append(out, &exercise{ID: part.Exercise, OnSolved: p.solved})
			continue
		}
		out = append(out, app.Raw("<div class=\"prose\">"+prefixLinks(part.HTML)+"</div>"))
	}
	return out
}

func (p *learnPage) solved(ctx app.Context, id string) {
	p.progress = markSolved(ctx, id)
}

func (p *learnPage) renderPrevNext(idx int) app.UI {
	var items []app.UI
	if idx > 0 {
		prev := content.Lessons[idx-1]
		items = append(items, app.A().Class("prev").Href(href("/learn/"+prev.Slug)).Text("← "+prev.Title))
	}
	if idx+1 < len(content.Lessons) {
		next := content.Lessons[idx+1]
		items = append(items, app.A().Class("next").Href(href("/learn/"+next.Slug)).Text(next.Title+" →"))
	}
	return app.Nav().Class("prev-next").Aria("label", "Lessons").Body(items...)
}

func lessonIndex(slug string) int {
	for i, l := range content.Lessons {
		if l.Slug == slug {
			return i
		}
	}
	return 0
}

// prefixLinks puts the root prefix of a sub-path static export in front of
// the lessons' internal links: they are raw HTML, which go-app does not
// resolve the way it resolves attributes it renders itself.
func prefixLinks(html string) string {
	prefix := strings.TrimSuffix(href("/"), "/")
	if prefix == "" {
		return html
	}
	return strings.ReplaceAll(html, `href="/`, `href="`+prefix+`/`)
}
