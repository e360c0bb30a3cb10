package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// learn will hold the lessons, exercises and workshop mode.
type learn struct {
	app.Compo
}

func (p *learn) OnNav(ctx app.Context) {
	setPage(ctx, "Learn", "Lessons and exercises on certificate pinning, with a workshop mode that works offline.")
}

func (p *learn) Render() app.UI {
	return shell("/learn", placeholder("Learn",
		"Short lessons on certificate pinning, with exercises checked by the app.",
		"Why pinning, what to pin, SPKI versus certificate pins, backups and rotation",
		"Android, iOS, OkHttp, React Native, curl, Go and .NET in practice",
		"A workshop mode with full-screen slides that runs with no internet",
	))
}
