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
		// And the page for any other address, shown offline in its place.
		CacheableResources:    append([]string{iconSVG, compileWorker, app.NotFoundPath}, app.Paths...),
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
	if path == "/web" || strings.HasPrefix(path, "/web/") {
		h.servePage(w, r) // files: their own 404 names nothing (assets.go)
		return
	}
	// go-app answers an address no route takes with a bare 404; pinlab
	// answers with its not-found page (app/notfound.go), still a 404.
	miss := &missWriter{ResponseWriter: w}
	h.servePage(miss, r)
	if !miss.missed {
		return
	}
	// What go-app set for its 404 (text/plain) is not the page's.
	w.Header().Del("Content-Type")
	w.Header().Del("Content-Length")
	// The address goes in ?path=, beside the request's own query
	// (?wasm=false stays what it was).
	page := r.Clone(r.Context())
	q := r.URL.Query()
	q.Set("path", r.URL.Path)
	page.URL.Path, page.URL.RawPath, page.URL.RawQuery = app.NotFoundPath, "", q.Encode()
	h.servePage(&statusWriter{ResponseWriter: w, status: http.StatusNotFound}, page)
}

// servePage hands a request to go-app, pages with the early script first
// in their head (startearly.go).
func (h *appHandler) servePage(w http.ResponseWriter, r *http.Request) {
	if !wantsWasm(r) {
		h.pages.ServeHTTP(w, r)
		return
	}
	earlyPages{next: h.pages, script: h.early}.ServeHTTP(w, r)
}

// missWriter drops a 404 response and notes it, so that another can take
// its place; any other response goes out as it is.
type missWriter struct {
	http.ResponseWriter
	wrote, missed bool
}

func (m *missWriter) WriteHeader(code int) {
	if m.wrote {
		return
	}
	m.wrote = true
	if code == http.StatusNotFound {
		m.missed = true
		return
	}
	m.ResponseWriter.WriteHeader(code)
}

func (m *missWriter) Write(b []byte) (int, error) {
	if !m.wrote {
		m.WriteHeader(http.StatusOK)
	}
	if m.missed {
		return len(b), nil
	}
	return m.ResponseWriter.Write(b)
}

// statusWriter sends a successful response with another status.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	if s.wrote {
		return
	}
	s.wrote = true
	if code == http.StatusOK {
		code = s.status
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if !s.wrote {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
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
