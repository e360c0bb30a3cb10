package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib/sim"
)

// labLink says how to run the scenario for real: `pinlab lab` serves each
// scenario's certificates on its own port, for curl, a browser or an app
// on a phone (lesson 10's appendix walks through it).
func labLink(scenario string) app.UI {
	served, port := sim.LabServer(scenario)
	p := app.P().ID("lab-link").Class("hint")
	if served == "" {
		return p.Text("No server can play this scenario for real: the hook runs inside the app.")
	}
	url := fmt.Sprintf("https://127.0.0.1:%d/", port)
	lead := "Run it for real: "
	if served != scenario {
		lead = fmt.Sprintf("Run it for real (the server side is %s's; the expired pins are the app's own config): ", served)
	}
	return p.Body(
		app.Text(lead),
		app.Code().Text("pinlab lab"),
		app.Text(" serves it at "),
		app.A().Href(url).Text(url),
		app.Text(", with curl commands and the lab's pins; "),
		app.A().Href(href("/learn/testing-pinning")).Text("the workshop lab"),
		app.Text(" (in lesson 10) walks through curl, a browser and a phone."),
	)
}
