package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// inspect will read pasted or dropped chains and show every pin.
type inspect struct {
	app.Compo
}

func (p *inspect) OnNav(ctx app.Context) {
	setPage(ctx, "Inspect", "Paste or drop a certificate chain and see every certificate and pin, computed in your browser.")
}

func (p *inspect) Render() app.UI {
	return shell("/inspect", placeholder("Inspect",
		"Paste or drop a certificate chain in any form and see each certificate, its role and every pin.",
		"A paste box and file drop for PEM, DER, base64 and PKCS#7",
		"The chain as a diagram, leaf to root, with expiry badges",
		"Every pin and fingerprint, SPKI SHA-256 first, each with a copy button",
	))
}
