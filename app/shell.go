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
			app.Img().Src("/web/icon.svg").Aria("hidden", "true").Class("brand-icon").Width(28).Height(28),
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
