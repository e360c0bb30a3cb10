package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content/learn"
)

// exercise shows one exercise and checks the answer with pinlib: by
// running the simulator or computing the pin, never by a stored answer.
type exercise struct {
	app.Compo
	ID       string
	OnSolved func(ctx app.Context, id string)

	answer  string
	verdict *learn.Verdict
	solved  bool
}

func (x *exercise) OnMount(ctx app.Context) {
	x.solved = loadProgress(ctx)[x.ID]
	if ex, ok := learn.ByID(x.ID); ok && ex.Kind == learn.KindText && x.answer == "" {
		x.answer = ex.Starter
	}
}

func (x *exercise) check(ctx app.Context, e app.Event) {
	v, err := learn.Check(x.ID, x.answer)
	if err != nil {
		v = learn.Verdict{Feedback: err.Error()}
	}
	x.verdict = &v
	if v.Correct {
		x.solved = true
		if x.OnSolved != nil {
			x.OnSolved(ctx, x.ID)
		}
	}
}

func (x *exercise) Render() app.UI {
	ex, ok := learn.ByID(x.ID)
	if !ok {
		return app.P().Class("problem").Text("Unknown exercise " + x.ID)
	}
	id := "ex-" + x.ID
	return app.Section().ID(id).Class("exercise").DataSet("exercise", x.ID).Aria("label", "Exercise").Body(
		app.H3().Body(app.Text("Exercise"), app.If(x.solved, func() app.UI { return app.Span().Class("badge badge-ok").Text("solved") })),
		app.P().Class("question").Text(ex.Question),
		x.renderInput(ex, id),
		app.Button().Type("button").Class("button check-answer").Text("Check").OnClick(x.check),
		app.If(x.verdict != nil, func() app.UI {
			cls, word := "verdict-wrong", "Not quite. "
			if x.verdict.Correct {
				cls, word = "verdict-right", "Right. "
			}
			return app.P().Class("exercise-verdict "+cls).Role("status").Body(app.Strong().Text(word), app.Text(x.verdict.Feedback))
		}),
		app.If(ex.Hint != "", func() app.UI {
			return app.Details().Body(app.Summary().Text("Hint"), app.P().Text(ex.Hint))
		}),
	)
}

func (x *exercise) renderInput(ex learn.Exercise, id string) app.UI {
	if ex.Kind == learn.KindChoice {
		return app.FieldSet().Class("choices-field").Body(
			app.Legend().Class("visually-hidden").Text("Your answer"),
			app.Range(ex.Choices).Slice(func(i int) app.UI {
				c := ex.Choices[i]
				cid := id + "-" + c
				return app.Span().Class("radio").Body(
					checkInput(app.Input().Type("radio").ID(cid).Name(id).Value(c), x.answer == c).
						OnChange(func(ctx app.Context, e app.Event) { x.answer = c }),
					app.Label().For(cid).Text(" "+c),
				)
			}),
		)
	}
	return app.Div().Body(
		app.Label().For(id+"-answer").Class("visually-hidden").Text("Your answer"),
		app.Textarea().ID(id+"-answer").Class("paste answer").Rows(8).Spellcheck(false).Text(x.answer).
			OnInput(func(ctx app.Context, e app.Event) { x.answer = ctx.JSSrc().Get("value").String() }),
	)
}
