package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// home is the landing page: what pinlab is, in two sentences, a paste box
// for the most common task (the pins of a chain, in one step), and the
// ways in.
type home struct {
	app.Compo

	text    string
	removed []pinlib.Warning // private keys cut out of the paste
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
		h.renderPaste(),
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

// renderPaste takes a paste straight to Inspect: it becomes the workspace
// and Inspect reads it there.
func (h *home) renderPaste() app.UI {
	return app.Section().ID("home-intake").Class("home-intake").Aria("label", "Inspect a chain").Body(
		app.Label().For("home-paste").Class("field-label").Text("Paste a certificate chain to see its pins"),
		app.Textarea().ID("home-paste").Class("paste home-paste").Rows(4).Spellcheck(false).
			Attr("autocomplete", "off").Attr("autocapitalize", "off").
			Placeholder("-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----").
			Text(h.text).OnInput(h.onInput),
		renderKeysRemoved("home-removed", h.removed),
		app.Div().Class("toolbar").Body(
			app.Button().Type("button").ID("home-inspect").Class("button").Text("Inspect →").OnClick(h.inspect),
			app.Span().Class("hint").Text("Read in this tab on Inspect; nothing is sent anywhere."),
		),
	)
}

// onInput goes to Inspect as soon as something is pasted or dropped in;
// typed text waits for the button.
func (h *home) onInput(ctx app.Context, e app.Event) {
	h.text = redactField("home-paste", "paste", ctx.JSSrc().Get("value").String(), &h.removed)
	switch e.Get("inputType").String() {
	case "insertFromPaste", "insertFromDrop":
		// A private key was cut out: stay, so the notice is read, and let
		// the button take the rest.
		if len(h.removed) == 0 {
			h.inspect(ctx, e)
		}
	}
}

func (h *home) inspect(ctx app.Context, e app.Event) {
	if strings.TrimSpace(h.text) == "" {
		ctx.Navigate(href("/inspect"))
		return
	}
	saveWorkspace(ctx, workspace{Text: h.text})
	ctx.Navigate(href("/inspect"))
}

func homeCard(path, title, text string) app.UI {
	return app.Li().Class("card").Body(
		app.A().Href(href(path)).Body(
			app.H2().Text(title),
			app.P().Text(text),
		),
	)
}
