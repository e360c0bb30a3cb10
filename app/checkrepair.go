package app

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib/platform"
)

// Check's two ways to a config to start from, and its help to repair one.
// "Check this export" on Pin opens /check?from=pin: the config Pin shows
// for the saved work (pinstate.go), its host, against the workspace chain.
// "Start from your export" does the same on the page; without saved work
// for this chain it is pinlab's Android export of the default choice.

// fromPinParam is the query Pin's "Check this export" link sets.
const fromPinParam = "pin"

// pinExport is the config Pin builds for this chain's saved work, in a
// format Check reads (the Android one when Check cannot read the chosen
// format), with the host, the OkHttp it is written for and a sentence
// saying what it is. ok is false when there is no saved work for the chain.
func (p *check) pinExport(ctx app.Context) (x pinConfig, ok bool) {
	st, saved := p.savedPinWork(ctx)
	if !saved {
		return pinConfig{}, false
	}
	st.fillDefaults(p.bundle)
	format := st.Format
	if _, ok := platform.CheckFormatOf(format); !ok {
		format = "android"
	}
	f, err := st.exportOf(p.bundle, format, time.Now())
	if err != nil || len(f.Content) == 0 {
		return pinConfig{}, false
	}
	about := "Your " + format + " export from Pin"
	if format != st.Format {
		about = "The Android config of your choice on Pin (Check cannot read " + st.Format + " configs)"
	}
	if n := len(st.Backups); n > 0 {
		about += ", with " + count(n, "backup pin")
	}
	x = pinConfig{config: string(f.Content), host: strings.TrimSpace(st.Host), about: about + "."}
	if strings.HasPrefix(format, "okhttp") {
		// Pin writes okhttp exports for 4.3.0 or later unless told 3.x.
		x.okhttp = platform.OkHttp4
		if platform.OkHttpTarget(st.OkHttp) == platform.OkHttp3 {
			x.okhttp = platform.OkHttp3
		}
	}
	return x, true
}

// pinConfig is a config Pin wrote, as Check takes it over.
type pinConfig struct {
	config, host, about string
	okhttp              platform.OkHttpTarget // okhttp exports: the OkHttp Pin wrote it for
}

// use fills the config, the host (when Pin has one) and the OkHttp version
// from Pin's export.
func (p *check) use(ctx app.Context, x pinConfig) {
	p.setConfig(ctx, x.config)
	setFieldValue("config-text", p.config)
	if x.host != "" {
		p.host = x.host
	}
	p.okhttp = x.okhttp
	p.fromPinNote = x.about
}

// applyFromPin fills the config and host from Pin once the chain is read,
// when the page was opened by Pin's "Check this export".
func (p *check) applyFromPin(ctx app.Context) {
	if !p.fromPin {
		return
	}
	p.fromPin = false
	x, ok := p.pinExport(ctx)
	if !ok {
		p.fromPinNote = "Pin has no saved choice for this chain: paste your config, or start from pinlab's export below."
		return
	}
	p.use(ctx, x)
}

// startFrom fills the config with the export of the work saved on Pin for
// this chain, or with pinlab's Android export: a config that accepts the
// chain, to break on purpose.
func (p *check) startFrom(ctx app.Context, e app.Event) {
	if x, ok := p.pinExport(ctx); ok {
		p.use(ctx, x)
		return
	}
	p.example(ctx, e)
	setFieldValue("config-text", p.config)
}

// chainRead runs once the chain box is read: whether Pin has saved work
// for this chain, and the config from Pin when it opened this page.
func (p *check) chainRead(ctx app.Context) {
	_, p.pinSaved = p.savedPinWork(ctx)
	p.applyFromPin(ctx)
}

// savedPinWork is the work Pin saved for the chain read here; ok is false
// without a chain of certificates, or without saved work for it.
func (p *check) savedPinWork(ctx app.Context) (st pinState, ok bool) {
	if p.bundle == nil || len(p.bundle.Certificates) == 0 {
		return pinState{}, false
	}
	return loadPinState(ctx, p.bundle)
}

// startLabel names what the start button fills in.
func (p *check) startLabel() string {
	if p.pinSaved {
		return "Start from your export on Pin"
	}
	return "Start from pinlab's Android export"
}

// renderFromPin says where the config came from, with the way back.
func (p *check) renderFromPin() app.UI {
	if p.fromPinNote == "" {
		return app.Text("")
	}
	return app.P().ID("from-pin").Class("hint from-pin").Body(
		app.Text(p.fromPinNote+" "),
		app.A().ID("back-to-pin").Href(href("/pin")).Text("← Back to Pin"),
	)
}

// renderHints lists the likely typos pinlib finds in the config, each with
// its repair: a pin one or two characters off the chain's, a host one
// edit off.
func (p *check) renderHints(verdict platform.CheckVerdict) app.UI {
	if p.bundle == nil {
		return app.Text("")
	}
	hints := platform.CheckHints([]byte(p.config), p.host, p.bundle, verdict)
	p.hints = hints // for fixHint: the buttons below are these hints
	if len(hints) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("check-hints").Class("problems check-hints").Aria("label", "Likely typos").Body(app.Range(hints).Slice(func(i int) app.UI {
		h := hints[i]
		label := "Fix line " + strconv.Itoa(h.Line)
		if h.Offset < 0 {
			label = "Check " + h.Suggest + " instead"
		}
		return app.Li().Class("note hint-"+h.Code).DataSet("code", h.Code).Body(
			append(shownText(h.Message), app.Text(" "),
				app.Button().Type("button").ID("hint-fix-"+strconv.Itoa(i)).Class("copy").DataSet("index", i).Text(label).OnClick(p.fixHint))...)
	}))
}

// fixHint makes the repair of the hint clicked: the host it suggests, or
// the config with its typo fixed. The hint is found by its data-index, as
// go-app keeps an element's first handler while its code is the same.
func (p *check) fixHint(ctx app.Context, e app.Event) {
	i, ok := dataIndex(ctx)
	if !ok || i >= len(p.hints) {
		return
	}
	h := p.hints[i]
	if h.Offset < 0 {
		p.host = h.Suggest
		setFieldValue("check-host", p.host)
		return
	}
	p.setConfig(ctx, string(h.Apply([]byte(p.config))))
	setFieldValue("config-text", p.config)
}
