//go:build !wasm

package main

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"time"

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

// appHandler is go-app's handler with pinlab's start-up (startup.go,
// startearly.go): the pages start compiling the wasm first thing, and
// app.js leaves the start to start.js.
type appHandler struct {
	pages *goapp.Handler // every page, file and resource
	early []byte         // the script each page's head starts with
	appJS []byte         // go-app's app.js with pinlab's edits
	err   error          // why pinlab's app.js or worker could not be made
}

// newAppHandler configures go-app for pinlab: local icons and styles, the
// version derived from the assets, every route cached for offline use.
func newAppHandler(a *assets, prefix string) *appHandler {
	res := *a
	res.prefix = prefix
	h := &appHandler{
		pages: goappHandler(&res),
		early: earlyScript(res.Resolve(compileWorker)),
	}
	h.appJS, h.err = startupAppJS(h.pages)
	h.err = errors.Join(h.err, workerJSErr)
	return h
}

func goappHandler(res *assets) *goapp.Handler {
	return &goapp.Handler{
		Name:            "pinlab",
		ShortName:       "pinlab",
		Title:           "pinlab",
		Description:     "Certificate pinning playground: see every pin of a chain, export pinning configs and simulate attacks, all in your browser.",
		Lang:            "en",
		LoadingLabel:    "Starting pinlab…",
		BackgroundColor: "#0f172a",
		ThemeColor:      "#0f172a",
		Icon: goapp.Icon{
			Default:  icon192,
			Large:    icon512,
			Maskable: icon512,
			SVG:      iconSVG,
		},
		Styles:  []string{styleMain},
		Scripts: []string{startScript + " defer"},
		// Every page, so a reload of any of them works offline, not just "/".
		CacheableResources:    append([]string{iconSVG, compileWorker}, app.Paths...),
		Version:               res.version,
		ServiceWorkerTemplate: workerJS,
		Resources:             res,
	}
}

func (h *appHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// go-app serves app.js at these paths too.
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/"+h.pages.Version+"/"); ok {
		path = "/" + rest
	}
	if path == "/app.js" || path == "/goapp.js" {
		h.serveAppJS(w, r)
		return
	}
	if !wantsWasm(r) {
		h.pages.ServeHTTP(w, r)
		return
	}
	earlyPages{next: h.pages, script: h.early}.ServeHTTP(w, r)
}

// serveAppJS answers as go-app does for its own files: revalidated on
// every use, with the version as the ETag.
func (h *appHandler) serveAppJS(w http.ResponseWriter, r *http.Request) {
	if h.err != nil {
		http.Error(w, h.err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+h.pages.Version+`"`)
	w.Header().Set("Content-Type", "application/javascript")
	// ServeContent answers If-None-Match (304), HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(h.appJS))
}
