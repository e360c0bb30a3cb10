package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// workspaceSummary shows the chain sent over from Inspect, so the Pin and
// Simulate pages start from it without a second paste. The page reads the
// workspace once (a large one after its first paint) and hands it here.
type workspaceSummary struct {
	app.Compo
	Bundle *pinlib.Bundle
}

func (w *workspaceSummary) Render() app.UI {
	if w.Bundle == nil || len(w.Bundle.Certificates) == 0 {
		return app.P().ID("workspace").Class("hint").Body(
			app.Text("No chain yet: "),
			app.A().Href(href("/inspect")).Text("paste one on Inspect"),
			app.Text(" and send it here."),
		)
	}
	certs := w.Bundle.Certificates
	return app.Section().ID("workspace").Class("workspace").Aria("label", "Your chain").Body(
		app.H2().Text("Your chain, from Inspect"),
		app.Ul().Body(app.Range(certs).Slice(func(i int) app.UI {
			c := certs[i]
			return app.Li().Body(
				app.Span().Class("role-badge").Text(string(c.Role)),
				app.Span().Body(withText(" ", c.Name(), " ")...),
				app.Code().Class("pin-value").Text(c.Pins.OkHttp()),
			)
		})),
	)
}
