package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pinPage will turn a chain into a pinning decision and platform configs.
type pinPage struct {
	app.Compo
}

func (p *pinPage) OnNav(ctx app.Context) {
	setPage(ctx, "Pin", "Choose what to pin, plan backup pins and rotation, and export configs for every platform.")
}

func (p *pinPage) Render() app.UI {
	return shell("/pin", placeholder("Pin",
		"Choose what to pin, plan backups and rotations, and export ready configs.",
		"Pick leaf, intermediate, root and backup pins, with honest trade-offs",
		"A rotation planner built from the chain's real expiry dates",
		"Configs for Android, iOS, TrustKit, Alamofire, AFNetworking, OkHttp, React Native, curl, Go, .NET and HPKP",
	), &workspaceSummary{})
}
