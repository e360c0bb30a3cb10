package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// check will tell whether an existing pinning config accepts a chain.
type check struct {
	app.Compo
}

func (p *check) OnNav(ctx app.Context) {
	setPage(ctx, "Check", "Check whether an existing pinning configuration accepts a certificate chain.")
}

func (p *check) Render() app.UI {
	return shell("/check", placeholder("Check",
		"Paste an existing pinning config and a chain, and see whether the config accepts it.",
		"network_security_config.xml, Info.plist, TrustKit and OkHttp pins",
		"Which pin matched, or why none did",
	))
}
