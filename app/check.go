package app

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// check answers "does my existing pinning config accept this chain?" with
// platform.CheckConfig, the same code as `pinlab check`. The config and the
// chain stay in this tab: the chain starts from the Inspect workspace, the
// config is only held in memory. Private keys are cut out of both boxes
// before anything else reads them.
type check struct {
	app.Compo

	config        string
	chainText     string
	host          string
	bundle        *pinlib.Bundle
	configRemoved []pinlib.Warning      // private keys cut out of the config box
	chainRemoved  []pinlib.Warning      // and out of the chain box
	reading       pendingRead           // a large chain waiting for the first paint
	rootsText     string                // the roots box
	roots         *pinlib.Bundle        // what it holds: the certificates the client trusts; nil when empty
	rootsRemoved  []pinlib.Warning      // private keys cut out of the roots box
	okhttp        platform.OkHttpTarget // the OkHttp an okhttp config runs on; "": not said, read as 4.3.0 or later

	fromPin     bool   // opened by Pin's "Check this export": fill in its config once the chain is read
	fromPinNote string // where the config came from
	pinSaved    bool   // Pin has saved work for this chain (checkrepair.go)
	hints       []platform.CheckHint
}

func (p *check) OnNav(ctx app.Context) {
	setPage(ctx, "Check", "Check whether an existing pinning configuration accepts a certificate chain.")
	p.fromPin = ctx.Page().URL().Query().Get("from") == fromPinParam
	if p.bundle != nil {
		p.applyFromPin(ctx) // the chain was read first (OnMount may run before OnNav)
	}
}

func (p *check) OnMount(ctx app.Context) {
	if p.chainText != "" {
		return
	}
	if size := workspaceSize(); size > 0 {
		// A chain pasted meanwhile reads after its own paint, and this
		// read never runs (readAfterPaint: a later call wins).
		readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
			ws := loadWorkspace(ctx)
			p.chainRemoved = appendKeyWarnings(p.chainRemoved, ws.Removed...)
			if ws.Text != "" {
				p.setChain(ctx, ws.Text)
			}
		})
	}
}

// setConfig takes the config box's text, with any private key cut out of
// it and out of the box.
func (p *check) setConfig(ctx app.Context, text string) {
	p.config = redactField("config-text", "config", text, &p.configRemoved)
}

// setChain takes the chain box's text, with any private key cut out of it
// and out of the box, and reads it (a large one after the next paint).
// While the host is empty, it takes the leaf's name.
func (p *check) setChain(ctx app.Context, text string) {
	p.chainText = redactField("check-chain", "chain", text, &p.chainRemoved)
	readAfterPaint(ctx, len(p.chainText), &p.reading, func(ctx app.Context) {
		p.readChain()
		p.chainRead(ctx)
	})
}

func (p *check) readChain() {
	p.bundle = nil
	if strings.TrimSpace(p.chainText) != "" {
		p.bundle = pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(p.chainText)})
	}
	if p.host == "" && p.bundle != nil {
		p.host = defaultHost(p.bundle)
	}
}

// setRoots reads the roots box. Empty, the chain is assumed trusted: the
// browser has no system roots to verify it with.
func (p *check) setRoots(text string) {
	p.rootsText, p.roots = text, nil
	if strings.TrimSpace(text) != "" {
		p.roots = pinlib.Read(pinlib.Input{Name: "roots", Data: []byte(text)})
	}
}

// example fills the config with pinlab's own Android export for the chain:
// a config that accepts it, to start from and break on purpose.
func (p *check) example(ctx app.Context, e app.Event) {
	if p.bundle == nil {
		return
	}
	pol, err := platform.Choose(p.bundle, platform.Selection{Host: p.hostOr("api.example.com"), Now: time.Now()})
	if err != nil {
		return
	}
	android, _ := platform.ByID("android")
	files, _ := android.Config(pol)
	if f, ok := platform.Primary(files); ok {
		p.config = string(f.Content)
	}
}

func (p *check) hostOr(def string) string {
	if h := strings.TrimSpace(p.host); h != "" {
		return h
	}
	return def
}

func (p *check) Render() app.UI {
	format := platform.DetectConfig([]byte(p.config))
	return shell("/check",
		app.H1().Text("Check"),
		app.P().Class("lead").Text("Paste the pinning config your app ships and the chain your server sends, and see whether the config accepts it, by that platform's own rule. Nothing leaves this tab."),
		p.renderFromPin(),
		// The verdict sits beside the config box on a wide screen, under it
		// on a narrow one: never below the fold.
		app.Div().Class("check-layout").Body(app.Section().ID("check-inputs").Body(
			app.Label().For("config-text").Class("field-label").Text("Your pinning config"),
			app.P().Class("hint").Text(platform.CheckKinds()+"."),
			app.Textarea().ID("config-text").Class("paste mono").Rows(10).Spellcheck(false).Text(p.config).
				OnInput(func(ctx app.Context, e app.Event) { p.setConfig(ctx, ctx.JSSrc().Get("value").String()) }),
			renderKeysRemoved("config-removed", p.configRemoved),
			app.Div().Class("toolbar").Body(
				app.Button().Type("button").ID("check-example").Class("button secondary").Disabled(p.bundle == nil || p.bundle.Leaf() == nil).
					Text(p.startLabel()).OnClick(p.startFrom),
				app.If(format != "", func() app.UI {
					return app.Span().ID("config-format").Class("hint").Text("Read as: " + format)
				}),
			),
			app.Div().Class("form-grid").Body(
				app.Label().For("check-host").Text("Host the app connects to"),
				app.Input().ID("check-host").Class("mono").Placeholder("api.example.com").Value(p.host).
					OnInput(func(ctx app.Context, e app.Event) { p.host = ctx.JSSrc().Get("value").String() }),
				app.If(format == "okhttp", func() app.UI { return p.renderOkHttpLabel() }),
				app.If(format == "okhttp", func() app.UI { return p.renderOkHttpVersion() }),
			),
			app.Label().For("check-chain").Class("field-label").Text("The chain the server sends"),
			app.P().Class("hint").Body(
				app.Text("From "), app.A().Href(href("/inspect")).Text("Inspect"),
				app.Text(", or paste one in any form. Add the root to check a root pin: servers do not send it."),
			),
			app.Textarea().ID("check-chain").Class("paste mono").Rows(6).Spellcheck(false).Text(p.chainText).
				OnInput(func(ctx app.Context, e app.Event) { p.setChain(ctx, ctx.JSSrc().Get("value").String()) }),
			renderKeysRemoved("chain-removed", p.chainRemoved),
			renderReading("check-reading", p.reading.size),
			app.Label().For("check-roots").Class("field-label").Text("Roots the app trusts (optional)"),
			app.P().Class("hint").Text("This page has no system roots: without these it assumes the chain is trusted. Paste the roots (a CA's root, a self-signed server certificate) to check trust too; the chain is then completed from them, as the device completes it."),
			app.Textarea().ID("check-roots").Class("paste mono").Rows(3).Spellcheck(false).Text(p.rootsText).
				OnInput(func(ctx app.Context, e app.Event) {
					p.setRoots(redactField("check-roots", "roots", ctx.JSSrc().Get("value").String(), &p.rootsRemoved))
				}),
			renderKeysRemoved("roots-removed", p.rootsRemoved),
		),
			app.Div().Class("check-verdict-col").Body(p.renderResult())),
	)
}

// renderResult shows the verdict, or the one thing missing or wrong.
func (p *check) renderResult() app.UI {
	problem := func(msg string) app.UI {
		return app.Div().Body(
			app.P().ID("check-error").Class("problem").Role("alert").Text(msg),
			p.renderHints(""),
		)
	}
	switch {
	case strings.TrimSpace(p.config) == "":
		return app.P().ID("check-wait").Class("hint").Text("Paste a config to check.")
	case p.reading.size > 0:
		return app.P().ID("check-wait").Class("hint").Text("Reading the chain…")
	case p.bundle == nil:
		return app.P().ID("check-wait").Class("hint").Text("Paste the chain, or load one in Inspect.")
	case strings.TrimSpace(p.host) == "":
		return app.P().ID("check-wait").Class("hint").Text("Type the host the app connects to.")
	}
	if err := p.bundle.Err(); err != nil {
		return problem("The chain: " + strings.ReplaceAll(err.Error(), "pinlib: ", ""))
	}
	opts := platform.CheckOptions{Now: time.Now(), OkHttp: p.okhttp}
	if p.roots != nil {
		pool, err := platform.RootPool(p.roots)
		if err != nil {
			return problem("The roots hold no certificate: paste the roots the app trusts, or empty the box to assume the chain is trusted.")
		}
		opts.Roots, opts.RootsFrom = pool, "the roots pasted"
	}
	r, err := platform.CheckConfigWith([]byte(p.config), strings.TrimSpace(p.host), p.bundle, opts)
	if err != nil {
		msg := pinlib.Message(err)
		if errors.Is(err, platform.ErrCheckNoLeaf) {
			msg = "The chain has no leaf certificate: paste the server's own certificate too."
		}
		return problem(msg)
	}
	return app.Section().ID("check-result").Class("picture outcome-"+checkClass(r.Verdict)).Aria("live", "polite").Body(
		app.P().ID("check-verdict").Class("verdict").Body(
			app.Strong().Class("outcome-label outcome-"+checkClass(r.Verdict)).Text(string(r.Verdict)),
			app.Span().Body(withText(" ", r.Reason, "")...),
		),
		p.renderHints(r.Verdict),
		app.Dl().Class("details").Body(
			dt("Trust"), app.Dd().ID("check-trust").Body(shownText(r.TrustText)...),
			dt("Read as"), dd(r.Format),
			dt("Applies"), dd(r.Scope),
			dt("Rule"), dd(r.Rule),
		),
		app.If(len(r.Pins) > 0, func() app.UI { return renderCheckPins(r.Pins) }),
		app.If(!r.Verdict.Accepted() || r.Verdict == platform.CheckReported, func() app.UI {
			return app.Div().ID("chain-pins").Body(
				app.H3().Text("The chain's pins"),
				app.Ul().Body(app.Range(r.Chain).Slice(func(i int) app.UI { return app.Li().Class("mono pin-value").Body(shownText(r.Chain[i])...) })),
			)
		}),
		app.If(len(r.Notes) > 0, func() app.UI {
			return app.Ul().ID("check-notes").Class("problems").Body(app.Range(r.Notes).Slice(func(i int) app.UI {
				return app.Li().Class("note").Body(shownText(r.Notes[i])...)
			}))
		}),
	)
}

// renderOkHttpVersion asks which OkHttp an okhttp config runs on: the
// Kotlin and Java builder code look the same on 3.x and 4.x, but "**."
// covers any depth only from OkHttp 4.3.0; 3.x takes it for a host name
// and pins nothing (pinlib/platform/okhttpcheck.go). The CLI's
// --okhttp-version.
func (p *check) renderOkHttpVersion() app.UI {
	// "unsaid" stands for no version: an option without a value would
	// take its text as its value.
	const unsaid = "unsaid"
	option := func(value string, t platform.OkHttpTarget, text string) app.UI {
		return app.Option().Value(value).Selected(p.okhttp == t).Text(text)
	}
	return app.Select().ID("check-okhttp").Class("select").OnChange(func(ctx app.Context, e app.Event) {
		p.okhttp = ""
		if v := ctx.JSSrc().Get("value").String(); v != unsaid {
			p.okhttp = platform.OkHttpTarget(v)
		}
	}).Body(
		// Short: the label names OkHttp, and the column is narrow.
		option(unsaid, "", "Not sure (read as 4.3.0+)"),
		option(string(platform.OkHttp4), platform.OkHttp4, "4.3.0 or later"),
		option(string(platform.OkHttp3), platform.OkHttp3, "3.x (3.1.2 or later)"),
	)
}

func (p *check) renderOkHttpLabel() app.UI {
	return app.Label().For("check-okhttp").Text("OkHttp the app uses")
}

func renderCheckPins(pins []platform.PinMatch) app.UI {
	return app.Div().Class("table-scroll").Body(app.Table().ID("check-pins").Class("pins").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Pin"), app.Th().Text("Line"), app.Th().Text("Matches on"), app.Th().Text("Matched"))),
		app.TBody().Body(app.Range(pins).Slice(func(i int) app.UI {
			pin := pins[i]
			line, matched, cls := "–", pin.Matched, "match-yes"
			if pin.Line > 0 {
				line = strconv.Itoa(pin.Line)
			}
			if matched == "" {
				matched, cls = "no match", "match-no"
			}
			return app.Tr().Class(cls).Body(
				app.Td().Body(app.Code().Class("pin-value").Text(pin.Pin)),
				app.Td().Text(line), app.Td().Text(pin.Where), app.Td().Body(shownText(matched)...),
			)
		})),
	))
}

// checkClass maps a verdict onto the simulator's outcome colours.
func checkClass(v platform.CheckVerdict) string {
	switch v {
	case platform.CheckAccepted:
		return "secure"
	case platform.CheckRejected, platform.CheckUntrusted:
		return "outage"
	case platform.CheckReported:
		return "secure-reported"
	}
	return "na"
}
