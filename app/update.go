package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// updateCheckInterval is how often an open tab asks for a newer version. A
// workshop can run for a day with the same tab open.
const updateCheckInterval = 10 * time.Minute

// updateBanner tells the person a new version has been installed and offers
// to reload into it. go-app v10 has no auto-update interval: we call
// app.TryUpdate ourselves and listen with OnAppUpdate.
type updateBanner struct {
	app.Compo
	available bool
}

func (u *updateBanner) OnMount(ctx app.Context) {
	u.available = ctx.AppUpdateAvailable()
	u.scheduleCheck(ctx)
}

func (u *updateBanner) scheduleCheck(ctx app.Context) {
	ctx.After(updateCheckInterval, func(ctx app.Context) {
		app.TryUpdate()
		u.scheduleCheck(ctx)
	})
}

func (u *updateBanner) OnAppUpdate(ctx app.Context) {
	u.available = ctx.AppUpdateAvailable()
}

func (u *updateBanner) Render() app.UI {
	if !u.available {
		return app.Div().ID("update-banner").Hidden(true)
	}
	return app.Div().ID("update-banner").Class("banner").Role("status").Body(
		app.Span().Text("A new version of pinlab is ready."),
		app.Button().Class("button").Text("Reload").OnClick(func(ctx app.Context, e app.Event) {
			ctx.Reload()
		}),
	)
}
