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
// a.html, and nothing else is added (no CSP, no compression negotiation).
func staticHost(prefix, dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.StripPrefix(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p != "/" && !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)+".html")); err == nil {
				r.URL.Path = p + ".html"
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
	b.assertSameOrigin(t)
}
