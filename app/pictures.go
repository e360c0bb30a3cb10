package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/picture"
	"pinlab/pinlib/platform"
)

// Pictures on Inspect and Pin, drawn by pinlib/picture: the same markup the
// lessons carry. Each is inline SVG painted by the stylesheet's classes.

// chainPicture draws a bundle's chain with the given pins marked; nothing
// when the bundle holds no chain (a CA bundle, bare keys).
func chainPicture(id string, b *pinlib.Bundle, pins []picture.Pin) app.UI {
	c, ok := picture.BundleChain(b, pins)
	if !ok {
		return app.Text("")
	}
	return app.Div().ID(id).Class("pic-wrap").Body(app.Raw(c.SVG()))
}

// pinChainPicture is the chain on Pin with the chosen pins marked, backup
// pins listed under it.
func pinChainPicture(b *pinlib.Bundle, pol platform.Policy, chooseErr error) app.UI {
	if chooseErr != nil {
		return chainPicture("pin-chain-picture", b, nil)
	}
	pins := make([]picture.Pin, 0, len(pol.Pins))
	for _, pin := range pol.Pins {
		pins = append(pins, picture.Pin{Label: pin.Label, Key: (pinlib.Pins{SPKISHA256: pin.SPKISHA256}).SPKISHA256Base64()})
	}
	return chainPicture("pin-chain-picture", b, pins)
}

// rotationPicture is the rotation plan on a calendar, wide and narrow, one
// element: the stylesheet shows the narrow one on a phone.
func rotationPicture(plan pinlib.RotationPlan, pinned []*pinlib.Certificate) app.UI {
	return app.Div().ID("rotation-picture").Class("pic-wrap").Body(app.Raw(
		`<div class="timeline-set">` + picture.Timeline(plan, pinned) + picture.TimelineNarrow(plan, pinned) + `</div>`))
}
