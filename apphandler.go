//go:build !wasm

package main

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/app"
)

// Icons ship in web/: go-app's defaults are remote URLs, which a strict CSP
// blocks and which leave the service worker's offline cache incomplete.
const (
	iconSVG   = "/web/icon.svg"
	icon192   = "/web/icon-192.png"
	icon512   = "/web/icon-512.png"
	styleMain = "/web/pinlab.css"
)

// newAppHandler configures go-app for pinlab: local icons and styles, the
// version derived from the assets, every route cached for offline use.
func newAppHandler(a *assets, prefix string) *goapp.Handler {
	res := *a
	res.prefix = prefix
	return &goapp.Handler{
		Name:            "pinlab",
		ShortName:       "pinlab",
		Title:           "pinlab",
		Description:     "Certificate pinning playground: see every pin of a chain, export pinning configs and simulate attacks, all in your browser.",
		Lang:            "en",
		LoadingLabel:    "Loading pinlab… {progress}%",
		BackgroundColor: "#0f172a",
		ThemeColor:      "#0f172a",
		Icon: goapp.Icon{
			Default:  icon192,
			Large:    icon512,
			Maskable: icon512,
			SVG:      iconSVG,
		},
		Styles: []string{styleMain},
		// Every page, so a reload of any of them works offline, not just "/".
		CacheableResources: append([]string{iconSVG}, app.Paths...),
		Version:            a.version,
		WasmContentLength:  strconv.Itoa(a.wasmSize),
		Resources:          &res,
	}
}
