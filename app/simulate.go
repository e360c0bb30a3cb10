package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// simulate will run man-in-the-middle and rotation scenarios against each
// client's real pinning rules.
type simulate struct {
	app.Compo
}

func (p *simulate) OnNav(ctx app.Context) {
	setPage(ctx, "Simulate", "Simulate man-in-the-middle attacks and certificate rotations against real X.509 verification.")
}

func (p *simulate) Render() app.UI {
	return shell("/simulate", placeholder("Simulate",
		"Pick a client and a pin policy, then watch attacks and rotations succeed or fail, step by step.",
		"Interception proxies, rogue and compromised CAs, self-signed and wrong-host certificates",
		"Leaf renewals, intermediate rotations and CA switches",
		"Hard-fail (block) versus soft-fail (allow and report), with the reason for every outcome",
	), &workspaceSummary{})
}
