package app

import (
	"fmt"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

// simulate runs attacks and rotations against a client's real pinning
// rules, with real X.509 verification in this tab, and explains each
// outcome. The page takes its state from the query string, so lessons can
// link to one exact case.
type simulate struct {
	app.Compo

	client, scenario, policy string
	mode                     sim.Mode
	useChain                 bool // the real server uses the workspace chain

	world  *sim.World
	matrix sim.Matrix
	result sim.Result
	took   time.Duration // last matrix computation
	err    string
	// chainErr says why the workspace chain cannot be the real server's
	// (no leaf, a leaf without its issuer): the simulator then runs on its
	// own chain beside the explanation, rather than not at all.
	chainErr string
	reading  pendingRead // a large workspace chain waiting for the first paint
}

func (p *simulate) OnNav(ctx app.Context) {
	setPage(ctx, "Simulate", "Simulate man-in-the-middle attacks and certificate rotations against real X.509 verification.")
	q := ctx.Page().URL().Query()
	p.client = pick(q.Get("client"), sim.Clients)
	p.scenario = pick(q.Get("scenario"), sim.Scenarios)
	p.policy = pick(q.Get("policy"), sim.Policies)
	p.mode = sim.Hard
	if q.Get("mode") == string(sim.Soft) {
		p.mode = sim.Soft
	}
	// chain=mine: the real server uses the chain sent over from Inspect.
	p.useChain = q.Get("chain") == "mine"
	p.world = nil
	p.recompute(ctx)
}

// pick keeps v when it is a known ID, else the first.
func pick(v string, ids []string) string {
	for _, id := range ids {
		if id == v {
			return v
		}
	}
	return ids[0]
}

// recompute builds the world once, then the matrix and the open cell. A
// large workspace chain is read after the page has painted "Reading N
// KB…", as every page reads it (intake.go).
func (p *simulate) recompute(ctx app.Context) {
	p.err = ""
	if p.world != nil {
		p.computeMatrix()
		return
	}
	size := 0
	if p.useChain {
		size = workspaceSize()
	}
	// A later change builds its own world: readAfterPaint drops this read.
	readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
		w, err := p.newWorld(ctx)
		if err != nil {
			p.err = pinlib.Message(err)
			return
		}
		p.world = w
		p.computeMatrix()
	})
}

// computeMatrix judges every cell for the client and mode, and opens one.
func (p *simulate) computeMatrix() {
	start := time.Now()
	m, err := p.world.Matrix(p.client, p.mode)
	p.took = time.Since(start)
	if err != nil {
		p.err = pinlib.Message(err)
		return
	}
	p.matrix = m
	p.result = m.Results[p.scenario][p.policy]
}

func (p *simulate) newWorld(ctx app.Context) (*sim.World, error) {
	p.chainErr = ""
	if p.useChain {
		if ws := loadWorkspace(ctx); ws.Text != "" {
			w, err := sim.NewWorldFromChain(time.Now(), readWorkspace(ws))
			if err == nil {
				return w, nil
			}
			p.chainErr = "Your chain from Inspect cannot be the real server's: " + pinlib.Message(err) +
				". The simulator below runs on its own chain instead; paste the server's chain, leaf first, on Inspect to use yours."
		}
	}
	return sim.NewWorld(time.Now())
}

// set changes one control and keeps the URL a deep link to the case.
func (p *simulate) set(ctx app.Context, f func()) {
	f()
	p.recompute(ctx)
	q := url.Values{"client": {p.client}, "scenario": {p.scenario}, "policy": {p.policy}, "mode": {string(p.mode)}}
	if p.useChain {
		q.Set("chain", "mine")
	}
	app.Window().Get("history").Call("replaceState", nil, "", href("/simulate")+"?"+q.Encode())
}

func (p *simulate) Render() app.UI {
	return shell("/simulate",
		app.H1().Text("Simulate"),
		app.P().Class("lead").Text("Pick a client and a pin policy, then see what happens when an attacker sits in the middle or the server's certificates change. Every outcome comes from real certificate verification in this tab."),
		p.renderControls(),
		app.If(p.err != "", func() app.UI { return app.P().ID("sim-error").Class("problem").Role("alert").Text(p.err) }).
			ElseIf(p.chainErr != "", func() app.UI {
				return app.P().ID("sim-error").Class("problem").Role("alert").Body(shownText(p.chainErr)...)
			}),
		p.renderNotes(),
		app.If(p.reading.size == 0 && p.err == "" && p.matrix.Note() != "", func() app.UI {
			return app.P().ID("mode-note").Class("hint").Text(p.matrix.Note())
		}),
		renderReading("sim-reading", p.reading.size),
		app.If(p.reading.size == 0 && p.err == "" && p.result.Outcome != "", func() app.UI {
			return app.Div().Body(p.renderPicture(), p.renderTrace(), p.renderMatrix())
		}),
		labLink(p.scenario),
	)
}

func (p *simulate) renderControls() app.UI {
	// Options say words; their values are the stable IDs the URL keeps.
	sel := func(id, label string, ids []string, name func(string) string, cur string, set func(string)) app.UI {
		return app.Div().Class("control").Body(
			app.Label().For(id).Text(label),
			app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				p.set(ctx, func() { set(v) })
			}).Body(app.Range(ids).Slice(func(i int) app.UI {
				o := app.Option().Value(ids[i]).Text(name(ids[i]))
				// Only the chosen option carries selected: prerendered, go-app
				// writes selected="false", which HTML reads as selected.
				if ids[i] == cur {
					o = o.Selected(true)
				}
				return o
			})),
		)
	}
	return app.Section().ID("controls").Class("controls").Body(
		sel("client", "Client", sim.Clients, sim.ClientName, p.client, func(v string) { p.client = v }),
		sel("scenario", "Scenario", sim.Scenarios, sim.ScenarioName, p.scenario, func(v string) { p.scenario = v }),
		sel("policy", "Pin policy", sim.Policies, sim.PolicyName, p.policy, func(v string) { p.policy = v }),
		app.FieldSet().Class("control mode").Body(
			app.Legend().Text("On a pin mismatch"),
			radio("mode-hard", "mode", "Hard-fail: block", p.mode == sim.Hard, func(ctx app.Context) { p.set(ctx, func() { p.mode = sim.Hard }) }),
			radio("mode-soft", "mode", "Soft-fail: allow and report", p.mode == sim.Soft, func(ctx app.Context) { p.set(ctx, func() { p.mode = sim.Soft }) }),
			app.P().ID("soft-fail-clients").Class("hint").Text(softFailClients()),
		),
		app.Div().Class("control check").Body(
			checkInput(app.Input().Type("checkbox").ID("use-chain"), p.useChain).OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("checked").Bool()
				p.set(ctx, func() { p.useChain, p.world = v, nil })
			}),
			app.Label().For("use-chain").Text(" Use my chain from Inspect as the real server's"),
		),
	)
}

// renderNotes says how a world built on the person's chain differs from
// the chain as pasted: the clock moved inside its validity, a CA used as the
// anchor, a root standing in for the intermediate.
func (p *simulate) renderNotes() app.UI {
	if p.world == nil || len(p.world.Notes) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("world-notes").Class("notes hint").Body(app.Range(p.world.Notes).Slice(func(i int) app.UI {
		return app.Li().Text(p.world.Notes[i])
	}))
}

func radio(id, name, label string, checked bool, on func(app.Context)) app.UI {
	return app.Span().Class("radio").Body(
		checkInput(app.Input().Type("radio").ID(id).Name(name), checked).OnChange(func(ctx app.Context, e app.Event) { on(ctx) }),
		app.Label().For(id).Text(" "+label),
	)
}

// softFailClients says beside the mode toggle which clients can soft-fail:
// the others block in soft mode as in hard mode.
func softFailClients() string {
	return "Only " + pinlib.JoinAnd(sim.SoftFailClients()) + " have a soft-fail mode; the other clients block in both modes."
}

// serverName is the host the simulated app connects to: the pasted leaf's
// name when the real server uses the person's chain.
func (p *simulate) serverName() string {
	if p.world != nil && p.world.ServerName != "" {
		return p.world.ServerName
	}
	return sim.Host
}

// matrixTime says how long this browser took to verify the matrix. The
// server's prerendered page says no time: the same page must have the same
// bytes whenever it is served.
func matrixTime(cases int, took time.Duration) string {
	if !app.IsClient {
		return fmt.Sprintf("%d cases, each verified for real.", cases)
	}
	return fmt.Sprintf("%d cases verified in %d ms.", cases, took.Milliseconds())
}
