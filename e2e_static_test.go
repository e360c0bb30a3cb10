//go:build !wasm

package main

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// staticHost serves a directory the way common static hosts do: /a serves
// a.html, an address with no file gets 404.html with a 404 status, and
// nothing else is added (no CSP, no compression negotiation).
func staticHost(prefix, dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.StripPrefix(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p != "/" && !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)+".html")); err == nil {
				r.URL.Path = p + ".html"
			}
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(r.URL.Path))); err != nil {
			if page, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
}

// TestE2EStaticExport exports the app under a sub-path, serves it from a
// plain file server, and checks the wasm runs and routes under the prefix.
func TestE2EStaticExport(t *testing.T) {
	a := testAssets(t)
	dir := t.TempDir()
	if _, err := exportStatic(a, dir, "/pinlab"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/pinlab/", staticHost("/pinlab", dir))
	s := proxied(t, startHTTP(t, &http.Server{Handler: mux}))
	b := newBrowser(t, s)

	b.run(t, "exported home", chromedp.Navigate(s.base+"/pinlab/"), chromedp.WaitVisible("#wasm-ready"))
	b.run(t, "click Inspect", chromedp.Click(`nav a[href="/pinlab/inspect"]`))
	poll(t, b, "the Inspect page under the prefix", `location.pathname === "/pinlab/inspect" && document.querySelector("h1").textContent === "Inspect"`)
	b.run(t, "reload /pinlab/inspect", chromedp.Reload(), chromedp.WaitVisible("main h1"))
	poll(t, b, "wasm after reload", `document.getElementById("app-wasm-loader") === null`)
	if !eval[bool](t, b, `performance.getEntriesByName("pinlab:wasm-compiled", "mark").length === 1`) {
		t.Error("under the prefix, the wasm was not compiled by the page's worker (web/compile.js finds app.wasm beside itself)")
	}
	b.assertClean(t, "static export")

	// An address with no file: the host's 404.html is pinlab's not-found
	// page, which names the address once the app runs and links the
	// closest lesson under the prefix.
	b.run(t, "a mistyped lesson", chromedp.Navigate(s.base+"/pinlab/learn/andriod"), chromedp.WaitVisible("main h1"))
	poll(t, b, "the not-found page under the prefix", `document.getElementById("app-wasm-loader") === null && document.getElementById("not-found-path")?.textContent === "pinlab has no page at /learn/andriod."`)
	b.run(t, "the guess", chromedp.Click(`#lesson-guesses a[href="/pinlab/learn/android"]`))
	poll(t, b, "the lesson under the prefix", `location.pathname === "/pinlab/learn/android" && document.querySelector("main h1")?.textContent === "Android"`)
	for _, p := range b.takeProblems() {
		if !strings.Contains(p, "status of 404") || !strings.Contains(p, "/pinlab/learn/andriod") {
			t.Errorf("the not-found page: %s", p)
		}
	}
	b.assertSameOrigin(t)
}
