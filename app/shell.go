package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// shell wraps a page's content in the site frame: skip link, header with the
// five sections, status banners and footer. Pages call it from Render.
func shell(current string, content ...app.UI) app.UI {
	return app.Div().Class("shell").Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		&header{Current: current},
		&updateBanner{},
		app.Main().ID("main").Class("content").Body(content...),
		footer(),
	)
}

// header is the top bar: brand, main navigation, offline indicator.
type header struct {
	app.Compo
	Current string
}

func (h *header) Render() app.UI {
	return app.Header().Class("site-header").Body(
		app.A().Class("brand").Href(href("/")).Aria("label", "pinlab home").Body(
			brandIcon(),
			app.Span().Text("pinlab"),
		),
		app.Nav().Aria("label", "Main").Body(
			app.Ul().Class("nav-list").Body(
				app.Range(Sections).Slice(func(i int) app.UI {
					s := Sections[i]
					a := app.A().Href(href(s.Path)).Text(s.Label).Class("nav-link")
					if s.Path == h.Current {
						a = a.Aria("current", "page")
					}
					return app.Li().Body(a)
				}),
			),
		),
		&onlineStatus{},
	)
}

// brandIcon is web/icon.svg drawn inline. As an <img>, the browser builds
// a separate SVG document for it on the page's main thread, once for the
// prerendered page and again when the app mounts its own: 5 to 20 ms each
// in BenchmarkStartup, while that thread is what the start waits for.
func brandIcon() app.UI {
	return svgElem("svg").Class("brand-icon").Aria("hidden", "true").
		Attr("width", 28).Attr("height", 28).Attr("viewBox", "0 0 64 64").Body(
		svgElem("rect").Attr("width", 64).Attr("height", 64).Attr("rx", 14).Attr("fill", "#0f172a"),
		svgElem("path").Attr("d", "M22 28v-6a10 10 0 0 1 20 0v6").Attr("fill", "none").
			Attr("stroke", "#38bdf8").Attr("stroke-width", 5).Attr("stroke-linecap", "round"),
		svgElem("rect").Attr("x", 16).Attr("y", 28).Attr("width", 32).Attr("height", 24).Attr("rx", 5).Attr("fill", "#38bdf8"),
		svgElem("circle").Attr("cx", 32).Attr("cy", 38).Attr("r", 4).Attr("fill", "#0f172a"),
		svgElem("rect").Attr("x", 30).Attr("y", 40).Attr("width", 4).Attr("height", 7).Attr("rx", 2).Attr("fill", "#0f172a"),
	)
}

// svgElem is an SVG element: the browser creates it in the SVG namespace.
func svgElem(tag string) app.HTMLElem {
	return app.Elem(tag).XMLNS("http://www.w3.org/2000/svg")
}

func footer() app.UI {
	return app.Footer().Class("site-footer").Body(
		app.P().Text("pinlab runs in your browser. Certificates and keys you paste are processed on this device and never sent anywhere."),
		app.P().Body(
			app.A().Href(href("/check")).Text("Check a config"),
			app.Text(" · "),
			app.A().Href(href("/learn")).Text("Lessons"),
		),
	)
}

// setPage sets the title and description of the page, as go-app's docs
// site does in OnNav, so prerendered pages are described too.
func setPage(ctx app.Context, title, description string) {
	ctx.Page().SetTitle(title + " · pinlab")
	ctx.Page().SetDescription(description)
}

// checkInput sets an input's checked state. The server writes boolean
// attributes as checked="false", which HTML reads as checked, so the
// prerendered page leaves unchecked inputs without the attribute.
func checkInput(in app.HTMLInput, checked bool) app.HTMLInput {
	if !checked && !app.IsClient {
		return in
	}
	return in.Checked(checked)
}
