package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/picture"
	"pinlab/pinlib/sim"
)

// The simulator's result as people read it: the scene and the chain drawn
// by pinlib/picture, the verdict, the trace with each step judged for the
// user's safety, and the matrix in words, tinted, with a glyph per outcome
// and a legend. Every word and judgement comes from pinlib/sim.

// renderPicture is the scene (app, network or attacker, server, the
// verdict band) and the chain the client judged, then the verdict in words.
func (p *simulate) renderPicture() app.UI {
	r := p.result
	wire, err := p.world.Wire(r.Case)
	if err != nil {
		return app.P().Class("problem").Text(pinlib.Message(err))
	}
	o := r.Outcome
	return app.Section().ID("picture").Class("picture outcome-"+o.Class()).Aria("label", "The connection").Body(
		app.Div().ID("scene").Class("pic-wrap").Body(app.Raw(sceneSet(r, wire, p.serverName()))),
		app.P().ID("verdict").Class("verdict outcome-"+o.Class()).DataSet("outcome", string(o)).Body(
			app.Strong().Class("outcome-label outcome-"+o.Class()).Body(glyph(o), app.Text(" "+o.Name())),
			app.Span().Text(r.Verdict),
		),
		app.H3().Text("The chain "+sim.ClientName(r.Client)+" judged"),
		app.Div().ID("sim-chain").Class("pic-wrap").Body(app.Raw(picture.ConnectionChain(r, wire).SVG())),
	)
}

// sceneSet is the scene wide and stacked, one element: the stylesheet
// shows the stacked one on a phone.
func sceneSet(r sim.Result, w sim.Wire, server string) string {
	return `<div class="scene-set">` + picture.Scene(r, w, server) + picture.SceneNarrow(r, w, server) + `</div>`
}

func glyph(o sim.Outcome) app.UI {
	return app.Span().Class("glyph").Aria("hidden", "true").Text(o.Glyph())
}

func (p *simulate) renderTrace() app.UI {
	r := p.result
	return app.Section().ID("trace").Class("trace").Body(
		app.H2().Text("Step by step: "+sim.ScenarioName(r.Scenario)+", "+sim.PolicyName(r.Policy)),
		app.Ol().Body(app.Range(r.Trace).Slice(func(i int) app.UI {
			s := r.Trace[i]
			m := r.Meaning(i)
			class := "step status-" + s.Status + " safety-" + string(m.Safety)
			if s.Title == sim.StepResult {
				// The last step wears the verdict's colours.
				class += " step-result outcome-" + r.Outcome.Class()
			}
			return app.Li().Class(class).DataSet("safety", string(m.Safety)).Body(
				app.Strong().Body(
					app.If(m.Mark != "", func() app.UI { return app.Span().Class("mark").Aria("hidden", "true").Text(m.Mark + " ") }),
					app.Text(s.Title),
					app.If(m.Label != "" && s.Title != sim.StepResult, func() app.UI {
						return app.Span().Class("meaning").Text(": " + m.Label)
					}),
				),
				app.If(s.Detail != "", func() app.UI { return app.P().Text(s.Detail) }),
				app.If(len(s.Pins) > 0, func() app.UI { return pinChecks(s.Pins) }),
			)
		})),
		app.If(r.Report != nil, func() app.UI {
			return app.Div().ID("report").Body(
				app.H3().Text("Report sent"),
				app.Pre().Class("config").Body(app.Code().Text(reportJSON(r.Report))),
			)
		}),
	)
}

func pinChecks(checks []sim.PinCheck) app.UI {
	return app.Table().Class("pins pin-checks").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Pin"), app.Th().Text("Certificate"), app.Th().Text("Its SPKI SHA-256"), app.Th().Text("Match"))),
		app.TBody().Body(app.Range(checks).Slice(func(i int) app.UI {
			c := checks[i]
			match := "no"
			if c.Match {
				match = "yes"
			}
			return app.Tr().Class("match-"+match).Body(
				app.Td().Body(app.Code().Class("pin-value").Text(c.Pin)),
				app.Td().Text(c.Certificate),
				app.Td().Body(app.Code().Class("pin-value").Text(c.SPKI)),
				app.Td().Text(match),
			)
		})),
	)
}

func (p *simulate) renderMatrix() app.UI {
	m := p.matrix
	md := m.Markdown() // written once per render: the download and the copy share it
	return app.Section().ID("matrix").Class("matrix").Body(
		app.H2().Text(fmt.Sprintf("Every scenario and policy for %s, %s", sim.ClientName(m.Client), strings.ToLower(sim.ModeName(m.Mode)))),
		app.P().ID("matrix-time").Class("hint").Text(matrixTime(len(m.Scenarios)*len(m.Policies), p.took)),
		legend(m),
		app.Div().Class("table-scroll").Body(
			app.Table().Class("matrix-table").Body(
				app.Caption().Class("visually-hidden").Text("Every scenario against every pin policy; each cell opens its case"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Scenario"),
					app.Range(m.Policies).Slice(func(i int) app.UI {
						return app.Th().Scope("col").DataSet("policy", m.Policies[i]).Text(sim.PolicyName(m.Policies[i]))
					}),
				)),
				app.TBody().Body(app.Range(m.Scenarios).Slice(func(i int) app.UI {
					s := m.Scenarios[i]
					return app.Tr().Body(
						app.Th().Scope("row").DataSet("scenario", s).Text(sim.ScenarioName(s)),
						app.Range(m.Policies).Slice(func(j int) app.UI { return p.renderCell(s, m.Policies[j]) }),
					)
				})),
			),
		),
		app.Div().Class("toolbar").Body(
			downloadButton("export-md", "Download Markdown", "pinlab-"+m.Client+"-"+string(m.Mode)+".md", []byte(md)),
			downloadButton("export-csv", "Download CSV", "pinlab-"+m.Client+"-"+string(m.Mode)+".csv", []byte(m.CSV())),
			&copyButton{Value: md, Label: "Copy the matrix as Markdown"},
		),
	)
}

// renderCell is one outcome: glyph and words on its tint; it opens its case.
func (p *simulate) renderCell(s, pol string) app.UI {
	m := p.matrix
	o := m.Outcomes[s][pol]
	b := app.Button().Type("button").Class("cell outcome-"+o.Class()).
		DataSet("scenario", s).DataSet("policy", pol).DataSet("outcome", string(o)).
		Title(m.Reasons[s][pol]).Body(glyph(o), app.Text(" "+o.Name())).
		OnClick(func(ctx app.Context, e app.Event) { p.set(ctx, func() { p.scenario, p.policy = s, pol }) })
	if s == p.scenario && pol == p.policy {
		b = b.Aria("current", "true")
	}
	return app.Td().Body(b)
}

// legend names the outcomes the matrix holds, each with its glyph and what
// it means for the user.
func legend(m sim.Matrix) app.UI {
	seen := map[sim.Outcome]bool{}
	for _, row := range m.Outcomes {
		for _, o := range row {
			seen[o] = true
		}
	}
	var items []app.UI
	for _, o := range sim.Outcomes {
		if !seen[o] {
			continue
		}
		items = append(items, app.Li().Class("legend-item outcome-"+o.Class()).DataSet("outcome", string(o)).Body(
			glyph(o), app.Text(" "), app.Strong().Text(o.Name()), app.Text(" "), app.Span().Class("meaning").Text(o.Meaning()),
		))
	}
	return app.Ul().ID("legend").Class("legend").Aria("label", "Legend").Body(items...)
}
