package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// home is the landing page: what pinlab is, in two sentences, and the
// ways in.
type home struct {
	app.Compo
}

func (h *home) OnNav(ctx app.Context) {
	setPage(ctx, "Certificate pinning playground",
		"See the pins of any certificate chain, export pinning configs and simulate attacks, all in your browser.")
}

func (h *home) Render() app.UI {
	return shell("/",
		app.Section().Class("hero").Body(
			app.H1().Text("Certificate pinning, computed in your browser"),
			app.P().ID("intro").Class("lead").Text(
				"pinlab shows every certificate and pin of a chain you paste, exports ready pinning configs for Android, iOS, OkHttp and more, and simulates man-in-the-middle attacks and certificate rotations. "+
					"It runs entirely on this device: nothing you paste ever leaves your browser."),
		),
		app.Ul().Class("cards").Body(
			homeCard("/inspect", "Inspect", "Paste or drop a chain and read each certificate, its role and its pins."),
			homeCard("/pin", "Pin", "Choose what to pin, plan backups and rotations, export configs."),
			homeCard("/simulate", "Simulate", "Watch attacks and rotations meet each client's pinning rules."),
			homeCard("/check", "Check", "Find out whether the pinning config you ship accepts a chain, and why."),
			homeCard("/learn", "Learn", "Lessons and exercises, with a workshop mode that runs offline."),
		),
		// Only the wasm renders this line: the prerendered page cannot claim
		// the app is running.
		app.If(app.IsClient, func() app.UI {
			return app.P().ID("wasm-ready").Class("ready").Text("Ready: pinlab is running on this device.")
		}),
	)
}

func homeCard(path, title, text string) app.UI {
	return app.Li().Class("card").Body(
		app.A().Href(href(path)).Body(
			app.H2().Text(title),
			app.P().Text(text),
		),
	)
}
