//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/app"
)

// pinlab starts the wasm its own way (web/start.js) instead of go-app's
// loader, which covers the prerendered page with a full-screen spinner,
// starts the download only after the deferred scripts ran, and pipes the
// body through a JS stream to count progress, which doubles the download
// time and keeps the browser from caching the compiled code. Both go-app
// files change in a few exact places only; startup_test.go fails when a
// go-app upgrade changes either file, so the places get checked again.

// markGoMain marks when Go's main begins, in the browser only
// (cli_wasm.go).
func markGoMain() {}

// startScript starts the wasm and then registers the service worker. It
// runs after go-app's app.js, whose functions it calls.
const startScript = "/web/start.js"

// appJSEdits take go-app's start-up calls out of app.js: start.js makes
// them, in a better order. Every other function of app.js stays as it is:
// the Go side calls them (updates, navigation, install prompts).
var appJSEdits = []jsEdit{{
	what: "app.js: the start-up calls",
	old: `goappInitServiceWorker();
goappWatchForUpdate();
goappWatchForInstallable();
goappInitWebAssembly();
`,
	new: `// pinlab: ` + startScript + ` starts the wasm (goappInitWebAssembly is not
// called), then registers the service worker.
goappWatchForUpdate();
goappWatchForInstallable();
`,
}}

// workerEdits change two things in go-app's service worker.
var workerEdits = []jsEdit{{
	// go-app logs install errors and activates anyway, and activates
	// before the cache is filled: a page could be left without its
	// offline copy. Install now succeeds only once everything is cached.
	what: "app-worker.js: install",
	old: `self.addEventListener("install", async (event) => {
  try {
    console.log("installing app worker {{.Version}}");
    await installWorker();
    await self.skipWaiting();
  } catch (error) {
    console.error("error during installation:", error);
  }
});
`,
	new: `// pinlab: the worker installs only once everything is cached.
self.addEventListener("install", (event) => {
  console.log("installing app worker {{.Version}}");
  event.waitUntil(installWorker().then(() => self.skipWaiting()));
});
`,
}, {
	// The cache holds each page at its bare path: a deep link with a
	// query (/simulate?client=…, /learn/<slug>?present=1) missed it and
	// failed offline. Online, such a page still comes from the server,
	// prerendered for its query.
	what: "app-worker.js: fetchWithCache",
	old: `async function fetchWithCache(request) {
  const cachedResponse = await caches.match(request);
  if (cachedResponse) {
    return cachedResponse;
  }
  return await fetch(request);
}
`,
	new: `// pinlab: a page that cannot be fetched comes from the cache at its path,
// whatever its query; an address with no page there gets the not-found
// page (app/notfound.go), as the server would answer.
async function fetchWithCache(request) {
  const cachedResponse = await caches.match(request);
  if (cachedResponse) {
    return cachedResponse;
  }
  try {
    return await fetch(request);
  } catch (err) {
    if (request.mode === "navigate") {
      const page = await caches.match(request, { ignoreSearch: true }) ||
        await caches.match(new URL("` + strings.TrimPrefix(app.NotFoundPath, "/") + `", self.registration.scope));
      if (page) {
        return page;
      }
    }
    throw err;
  }
}
`,
}}

// jsEdit replaces one exact piece of go-app's JavaScript.
type jsEdit struct{ what, old, new string }

func applyEdits(src string, edits []jsEdit) (string, error) {
	for _, e := range edits {
		if n := strings.Count(src, e.old); n != 1 {
			return "", fmt.Errorf("pinlab: go-app's %s: the code pinlab replaces is found %d times, want once (go-app changed: see startup.go)", e.what, n)
		}
		src = strings.Replace(src, e.old, e.new, 1)
	}
	return src, nil
}

// workerJS is go-app's service worker template with pinlab's edits.
var workerJS, workerJSErr = applyEdits(goapp.DefaultAppWorkerJS, workerEdits)

// startupAppJS is the app.js h serves, with pinlab's edits. go-app keeps
// the template unexported and fills it in when it serves the file, so
// pinlab asks h for it.
func startupAppJS(h http.Handler) ([]byte, error) {
	r, err := http.NewRequest(http.MethodGet, "/app.js", nil)
	if err != nil {
		return nil, fmt.Errorf("pinlab: app.js: %w", err)
	}
	w := &bufferWriter{header: http.Header{}}
	h.ServeHTTP(w, r)
	if w.status != 0 && w.status != http.StatusOK {
		return nil, fmt.Errorf("pinlab: go-app served app.js with status %d", w.status)
	}
	js, err := applyEdits(w.body.String(), appJSEdits)
	if err != nil {
		return nil, err
	}
	return []byte(js), nil
}

// bufferWriter keeps what a handler writes.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header         { return b.header }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferWriter) WriteHeader(code int)        { b.status = code }

// wantsWasm mirrors goappCanLoadWebAssembly in app.js: with ?wasm=false
// and for robots, the page stays prerendered, and the early script
// (startearly.go) would download the wasm for nothing.
func wantsWasm(r *http.Request) bool {
	if r.URL.Query().Get("wasm") == "false" {
		return false
	}
	ua := strings.ToLower(r.UserAgent())
	for _, robot := range []string{"bot", "crawler", "spider", "robot", "crawling"} {
		if strings.Contains(ua, robot) {
			return false
		}
	}
	return true
}
