package app

import (
	"fmt"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content"
)

// Workshop mode shows a lesson as slides: a title slide, then one slide per
// part of the lesson. The projected window never shows speaker notes; they
// go to a presenter view in a second window of the same origin, with the
// next slide and a timer. The two windows follow each other over a
// BroadcastChannel, which needs no network: either window's keys move both.

// slideChannel is the BroadcastChannel both windows of a lesson share.
const slideChannel = "pinlab-slides"

// maxFit is how many steps a slide's text may shrink to fit the screen.
const maxFit = 8

// slideCount is the number of slides of the lesson in workshop mode: the
// title slide and the lesson's own.
func slideCount(l *content.Lesson) int { return len(l.Slides) + 1 }

// slideNotes are the speaker notes of slide i (0 is the title slide).
func slideNotes(l *content.Lesson, i int) string {
	if i <= 0 || i > len(l.Slides) {
		return fmt.Sprintf("Lesson %d of %d: %s", lessonIndex(l.Slug)+1, len(content.Lessons), l.Summary)
	}
	return l.Slides[i-1].Notes
}

// renderSlide is slide i's content.
func (p *learnPage) renderSlide(i int) []app.UI {
	l := p.lesson
	if i <= 0 || i > len(l.Slides) {
		return []app.UI{
			app.P().Class("kicker").Text(fmt.Sprintf("pinlab · Lesson %d of %d", lessonIndex(l.Slug)+1, len(content.Lessons))),
			app.H1().Class("slide-title").Text(l.Title),
			app.P().Class("lead").Text(l.Summary),
		}
	}
	return p.renderParts(l.Slides[i-1])
}

func slideClass(i, fit int) string {
	c := "slide"
	if i == 0 {
		c += " title-slide"
	}
	if fit > 0 {
		c += fmt.Sprintf(" fit-%d", fit)
	}
	return c
}

// renderSlides is the projected window: one slide, full screen, no notes.
func (p *learnPage) renderSlides() app.UI {
	l := p.lesson
	n := slideCount(l)
	return app.Div().ID("slides").Class("slides").Body(
		app.Progress().Class("slide-progress").Max(n).Value(p.slide+1).
			Aria("label", fmt.Sprintf("Slide %d of %d", p.slide+1, n)),
		app.Section().ID("slide").Class(slideClass(p.slide, p.fit)).Aria("live", "polite").Body(p.renderSlide(p.slide)...),
		app.Footer().Class("slide-bar").Body(
			app.Span().ID("slide-count").Text(fmt.Sprintf("%s · %d / %d", l.Title, p.slide+1, n)),
			app.Span().Class("hint").Text("← → move · P presenter view · Esc leave"),
			app.Button().Type("button").ID("open-presenter").Class("button secondary").Text("Presenter view").
				Title("Notes, the next slide and a timer, in a second window").OnClick(func(ctx app.Context, e app.Event) { p.openPresenter() }),
			app.Button().Type("button").ID("leave-slides").Class("button secondary").Text("Leave slides").
				OnClick(func(ctx app.Context, e app.Event) { p.leave() }),
		),
	)
}

// renderPresenter is the presenter view: the current slide, the next one,
// the notes, the time since the talk started, driven by the same keys.
func (p *learnPage) renderPresenter() app.UI {
	l := p.lesson
	n := slideCount(l)
	next := app.UI(app.P().Class("hint").Text("End of the lesson."))
	if p.slide+1 < n {
		next = app.Div().Class(slideClass(p.slide+1, 0) + " preview").Body(p.renderSlide(p.slide + 1)...)
	}
	notes := slideNotes(l, p.slide)
	return app.Div().ID("presenter").Class("presenter").Body(
		app.Header().Class("presenter-bar").Body(
			app.Strong().ID("presenter-count").Text(fmt.Sprintf("%s · %d / %d", l.Title, p.slide+1, n)),
			app.Span().ID("timer").Class("timer").Aria("label", "Time since the start").Text(clock(p.now.Sub(p.started))),
			app.Button().Type("button").ID("presenter-prev").Class("button secondary").Text("← Previous").
				OnClick(func(ctx app.Context, e app.Event) { p.onKey("ArrowLeft") }),
			app.Button().Type("button").ID("presenter-next").Class("button").Text("Next →").
				OnClick(func(ctx app.Context, e app.Event) { p.onKey("ArrowRight") }),
			app.Button().Type("button").ID("timer-reset").Class("button secondary").Text("Restart timer").
				OnClick(func(ctx app.Context, e app.Event) { p.started, p.now = time.Now(), time.Now() }),
		),
		app.Div().Class("presenter-grid").Body(
			app.Section().ID("presenter-current").Class("presenter-pane").Aria("label", "Current slide").Body(
				app.H2().Class("pane-title").Text("Now"),
				app.Div().Class(slideClass(p.slide, 0)+" preview").Body(p.renderSlide(p.slide)...),
			),
			app.Section().ID("presenter-next-slide").Class("presenter-pane").Aria("label", "Next slide").Body(
				app.H2().Class("pane-title").Text("Next"),
				next,
			),
			app.Aside().ID("notes").Class("speaker-notes").Aria("label", "Speaker notes").Body(
				app.H2().Class("pane-title").Text("Notes"),
				app.If(notes == "", func() app.UI { return app.P().Class("hint").Text("No notes for this slide.") }).
					Else(func() app.UI { return app.P().Text(notes) }),
			),
		),
	)
}

// clock shows a duration as m:ss.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// openPresenter opens the presenter view of this lesson in a second window.
func (p *learnPage) openPresenter() {
	q := url.Values{"present": {"1"}, "view": {"presenter"}}
	app.Window().Call("open", href("/learn/"+p.lesson.Slug)+"?"+q.Encode(), "pinlab-presenter", "popup,width=1100,height=720")
}

// goTo shows slide i here and tells the other window.
func (p *learnPage) goTo(i int) {
	n := slideCount(p.lesson)
	i = max(0, min(i, n-1))
	if i == p.slide {
		return
	}
	p.slide, p.fit = i, 0
	p.fitRun++ // ends the old slide's fitting now; the caller's fitSlide starts the new one's
	p.post(map[string]any{"slug": p.lesson.Slug, "slide": i})
}

// post sends a message to the other windows of this lesson.
func (p *learnPage) post(msg map[string]any) {
	if p.channel != nil {
		p.channel.Call("postMessage", msg)
	}
}

// listen joins the lesson's channel: a window that moves tells the others,
// and a presenter view that opens asks where the talk is.
func (p *learnPage) listen(ctx app.Context) func() {
	ctor := app.Window().Get("BroadcastChannel")
	if !ctor.Truthy() {
		return func() {}
	}
	ch := ctor.New(slideChannel)
	p.channel = ch
	onMessage := app.FuncOf(func(_ app.Value, args []app.Value) any {
		data := args[0].Get("data")
		if !data.Truthy() || data.Get("slug").String() != p.slugOrEmpty() {
			return nil
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case data.Get("hello").Truthy() && p.present:
				p.post(map[string]any{"slug": p.lesson.Slug, "slide": p.slide})
			case data.Get("slide").Type() == app.TypeNumber:
				p.slide = max(0, min(data.Get("slide").Int(), slideCount(p.lesson)-1))
				p.fit = 0
				p.fitSlide(ctx)
			}
		})
		return nil
	})
	ch.Call("addEventListener", "message", onMessage)
	p.startPresenter(ctx)
	return func() {
		ch.Call("removeEventListener", "message", onMessage)
		ch.Call("close")
		onMessage.Release()
		p.channel = nil
	}
}

func (p *learnPage) slugOrEmpty() string {
	if p.lesson == nil {
		return ""
	}
	return p.lesson.Slug
}

// startPresenter starts the presenter view once it is both navigated to
// and listening, whichever comes last: it asks the projected window where
// the talk is and starts the timer.
func (p *learnPage) startPresenter(ctx app.Context) {
	if !p.presenter || p.channel == nil || p.ticking {
		return
	}
	p.ticking = true
	p.post(map[string]any{"slug": p.lesson.Slug, "hello": true})
	p.started, p.now = time.Now(), time.Now()
	p.tick(ctx)
}

// tick moves the presenter's timer once a second while the view is open.
func (p *learnPage) tick(ctx app.Context) {
	ctx.After(time.Second, func(ctx app.Context) {
		if p.channel == nil || !p.presenter {
			p.ticking = false
			return
		}
		p.now = time.Now()
		p.tick(ctx)
	})
}

// fitSlide shrinks the projected slide's text, a step at a time, until it
// fits the screen: a slide must never scroll or spill off a projector.
// Each call starts a new run of steps and ends any earlier one, which
// would otherwise go on shrinking the next slide: a presenter who skips
// ahead presses the arrow again before a long slide is done.
func (p *learnPage) fitSlide(ctx app.Context) {
	p.fitRun++
	p.fitStep(ctx, p.fitRun)
}

func (p *learnPage) fitStep(ctx app.Context, run int) {
	if !p.present || p.presenter {
		return
	}
	ctx.Defer(func(ctx app.Context) {
		el := app.Window().Get("document").Call("getElementById", "slide")
		if run != p.fitRun || !el.Truthy() || p.fit >= maxFit || !overflows(el) {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			if run != p.fitRun {
				return
			}
			p.fit++
			p.fitStep(ctx, run)
		})
	})
}

// overflows says whether the slide, or a box in it that would scroll on its
// own (code, a table, a picture), holds more than it shows.
func overflows(slide app.Value) bool {
	over := func(e app.Value) bool {
		return e.Get("scrollHeight").Int() > e.Get("clientHeight").Int()+1 || e.Get("scrollWidth").Int() > e.Get("clientWidth").Int()+1
	}
	if over(slide) {
		return true
	}
	boxes := slide.Call("querySelectorAll", "pre, table, .table-scroll, .pic-wrap")
	for i := 0; i < boxes.Length(); i++ {
		if over(boxes.Index(i)) {
			return true
		}
	}
	return false
}
