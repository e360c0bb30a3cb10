//go:build !wasm

package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2ENotFound: an address with no page shows pinlab's not-found page,
// in the shell, once the app runs too (go-app renders it for any address
// no route takes): it names the address and, for a lesson's, links the
// closest lesson, which opens. Elsewhere it links the tools.
func TestE2ENotFound(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	shows := func(t *testing.T, path string) {
		t.Helper()
		b.run(t, path, chromedp.Navigate(s.base+path), chromedp.WaitReady("main h1"))
		poll(t, b, "the app on "+path, `document.getElementById("app-wasm-loader") === null`)
		// The browser logs the page's own 404, and nothing else may appear.
		for _, p := range b.takeProblems() {
			if p != "log error (network): Failed to load resource: the server responded with a status of 404 (Not Found) "+s.base+path {
				t.Errorf("%s: %s", path, p)
			}
		}
		if got := eval[string](t, b, `document.querySelector("main h1").textContent + " | " + document.getElementById("not-found-path")?.textContent + " | " + document.title`); got != "Page not found | pinlab has no page at "+path+". | Page not found · pinlab" {
			t.Errorf("%s shows %q", path, got)
		}
		if !eval[bool](t, b, `document.querySelector("header nav") !== null && document.querySelector("footer") !== null`) {
			t.Errorf("%s: the page is not in pinlab's shell", path)
		}
	}

	t.Run("a lesson's address", func(t *testing.T) {
		shows(t, "/learn/andriod")
		b.run(t, "the guess", chromedp.Click(`#lesson-guesses a[href="/learn/android"]`))
		poll(t, b, "the lesson", `location.pathname === "/learn/android" && document.querySelector("main h1")?.textContent === "Android"`)
	})
	t.Run("any other address", func(t *testing.T) {
		shows(t, "/inspect/nothing-here")
		if n := eval[int](t, b, `document.querySelectorAll("#not-found-links a").length`); n != 6 {
			t.Errorf("%d links to the tools, want 6 (home and five tools)", n)
		}
		b.run(t, "to Inspect", chromedp.Click(`#not-found-links a[href="/inspect"]`))
		poll(t, b, "Inspect", `location.pathname === "/inspect" && document.querySelector("main h1")?.textContent === "Inspect"`)
	})
	t.Run("a mistyped tool", func(t *testing.T) {
		shows(t, "/simualte")
		b.run(t, "the guess", chromedp.Click(`#page-guess a[href="/simulate"]`))
		poll(t, b, "Simulate", `location.pathname === "/simulate" && document.querySelector("main h1")?.textContent === "Simulate"`)
	})
	b.assertClean(t, "not found")
}
