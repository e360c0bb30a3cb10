//go:build !wasm

package main

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pinlab/content"
)

var (
	hrefAttr    = regexp.MustCompile(`<a\s[^>]*\bhref="([^"]*)"`)
	readmeLocal = regexp.MustCompile(`http://localhost:8000(/[^\s)\]>"'` + "`" + `]*)?`)
	readmeLink  = regexp.MustCompile(`\]\((/[^)\s]*)\)`)
)

// internalLink reduces an href to the path and query a browser would load
// from this site, or "" for another site or a fragment of the same page.
func internalLink(href string) string {
	u, err := url.Parse(html.UnescapeString(href))
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// offlineLinks is every link of this site that the lessons, their slides
// and the README contain: the links in the lessons' content, in the pages
// the server renders for each lesson and its slides (/learn/<slug> and
// /learn/<slug>?present=1, which are links too), and the README's
// localhost URLs.
func offlineLinks(t *testing.T, base string) []string {
	t.Helper()
	set := map[string]bool{}
	add := func(href string) {
		if l := internalLink(href); l != "" {
			set[l] = true
		}
	}
	for _, l := range content.Lessons {
		for _, s := range l.Slides {
			for _, p := range s.Parts {
				for _, m := range hrefAttr.FindAllStringSubmatch(p.HTML, -1) {
					add(m[1])
				}
			}
		}
		for _, page := range []string{"/learn/" + l.Slug, "/learn/" + l.Slug + "?present=1"} {
			add(page)
			res, err := http.Get(base + page)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d, %v", page, res.StatusCode, err)
			}
			for _, m := range hrefAttr.FindAllStringSubmatch(string(body), -1) {
				add(m[1])
			}
		}
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range readmeLocal.FindAllStringSubmatch(string(readme), -1) {
		if m[1] == "" {
			m[1] = "/"
		}
		add(m[1])
	}
	for _, m := range readmeLink.FindAllStringSubmatch(string(readme), -1) {
		add(m[1])
	}
	links := slices.Sorted(func(yield func(string) bool) {
		for l := range set {
			if !yield(l) {
				return
			}
		}
	})
	return links
}

// offlineNoise is what the console may say with the server gone: the
// service worker's update check fails.
func offlineNoise(p string) bool {
	return strings.Contains(p, "service worker registration failed") || strings.Contains(p, "ServiceWorker")
}

// TestE2EOfflineLinks visits the app once online, stops the server, and
// opens every link of the lessons, slides and README: each must load from
// the service worker's cache whatever its query, and the app must run.
// Then it follows an in-app link and reloads the page it leads to.
func TestE2EOfflineLinks(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	links := offlineLinks(t, s.base)
	var withQuery []string
	for _, l := range links {
		if strings.Contains(l, "?") {
			withQuery = append(withQuery, l)
		}
	}
	if len(withQuery) < len(content.Lessons) || !slices.ContainsFunc(withQuery, func(l string) bool { return strings.HasPrefix(l, "/simulate?") }) {
		t.Fatalf("only %d links with a query (%q): the test would not exercise deep links", len(withQuery), withQuery)
	}

	b.run(t, "one online visit", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#wasm-ready"))
	poll(t, b, "the offline copy", `(async () => navigator.serviceWorker.controller !== null && (await caches.match("/web/app.wasm")) !== undefined)()`)
	b.assertClean(t, "online")
	s.server.stop()
	s.proxy.setBackend("")
	b.assertServerGone(t)

	open := func(link string) {
		t.Helper()
		b.run(t, "offline "+link, chromedp.Navigate(s.base+link), chromedp.WaitReady("main h1, #slides"))
		poll(t, b, "the app offline on "+link, `document.getElementById("app-wasm-loader") === null && document.querySelector("main h1, #slides") !== null`)
		if !eval[bool](t, b, `performance.getEntriesByName("pinlab:wasm-compiled", "mark").length === 1`) {
			t.Errorf("offline %s: the wasm was not compiled by the page's worker (web/compile.js), which must come from the offline copy", link)
		}
		if got, want := eval[string](t, b, `location.pathname`), strings.SplitN(link, "?", 2)[0]; got != want {
			t.Errorf("offline %s: the app shows %s", link, got)
		}
		for _, p := range b.takeProblems() {
			if !offlineNoise(p) {
				t.Errorf("offline %s: %s", link, p)
			}
		}
		if v := eval[[]string](t, b, `window.__csp || []`); len(v) > 0 {
			t.Errorf("offline %s: CSP violations: %q", link, v)
		}
	}
	for _, l := range links {
		open(l)
	}
	t.Logf("%d links opened offline, %d of them with a query", len(links), len(withQuery))

	t.Run("reload after an in-app link", func(t *testing.T) {
		var lesson, link string
		for _, l := range links {
			if strings.HasPrefix(l, "/learn/") && !strings.Contains(l, "?") {
				open(l)
				if h := eval[string](t, b, `document.querySelector("main a[href^='/simulate?']")?.getAttribute("href") || ""`); h != "" {
					lesson, link = l, h
					break
				}
			}
		}
		if link == "" {
			t.Fatal("no lesson links to the simulator")
		}
		b.run(t, "follow "+link+" from "+lesson, chromedp.Click(`main a[href="`+link+`"]`))
		poll(t, b, "the simulator, in the app", `location.pathname === "/simulate" && document.getElementById("verdict") !== null`)
		reached := eval[string](t, b, `location.pathname + location.search`)
		b.run(t, "reload "+reached+" offline", chromedp.Reload(), chromedp.WaitReady("main h1"))
		poll(t, b, "the app after the reload", `document.getElementById("app-wasm-loader") === null && document.getElementById("verdict") !== null`)
		if got := eval[string](t, b, `location.pathname + location.search`); got != reached {
			t.Errorf("reloaded %s offline, the page is %s", reached, got)
		}
		for _, p := range b.takeProblems() {
			if !offlineNoise(p) {
				t.Errorf("reload offline: %s", p)
			}
		}
	})

	// An address with no page: the service worker answers with the
	// not-found page from its copy, as the server would, and the app names
	// the address and the lesson closest to it.
	t.Run("an address with no page", func(t *testing.T) {
		open("/learn/what-to-pn")
		if h := eval[string](t, b, `document.querySelector("main h1").textContent + " | " + document.getElementById("not-found-path")?.textContent`); h != "Page not found | pinlab has no page at /learn/what-to-pn." {
			t.Errorf("offline /learn/what-to-pn shows %q", h)
		}
		if !eval[bool](t, b, `document.querySelector("#lesson-guesses a[href='/learn/what-to-pin']") !== null`) {
			t.Error("offline /learn/what-to-pn offers no link to /learn/what-to-pin")
		}
	})
}
