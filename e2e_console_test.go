//go:build !wasm

package main

import (
	"slices"
	"strings"
	"sync"
	"testing"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pinlab/app"
	"pinlab/content"
)

// consoleWatch records what the shared harness lets pass: console
// warnings and failed asserts, and the browser's log entries of level
// warning, which is how Chromium reports a header it cannot parse or a
// deprecated API. The harness (browser.listen) already keeps console
// errors, exceptions and error log entries.
type consoleWatch struct {
	mu   sync.Mutex
	seen []string
}

func (c *consoleWatch) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeWarning || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelWarning {
			msg = "log warning (" + string(e.Entry.Source) + "): " + e.Entry.Text + " " + e.Entry.URL
		}
	}
	if msg != "" {
		c.mu.Lock()
		c.seen = append(c.seen, msg)
		c.mu.Unlock()
	}
}

// take returns the warnings seen so far and forgets them.
func (c *consoleWatch) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen
	c.seen = nil
	return s
}

// consolePaths is every route of the app: the pages of the navigation and
// one per lesson, the slugs read from the content package.
func consolePaths() []string {
	paths := []string{"/", "/inspect", "/pin", "/simulate", "/check", "/learn"}
	for _, l := range content.Lessons {
		paths = append(paths, "/learn/"+l.Slug)
	}
	return paths
}

// TestE2EConsoleClean loads every page in a fresh Chromium, lets the wasm
// start, and fails on any console warning or error on the way: a header
// the browser does not understand, a failed request, a deprecation, an
// exception. Each page is loaded twice: on the first visit, while the
// service worker installs, and again once the worker controls the page.
func TestE2EConsoleClean(t *testing.T) {
	paths := consolePaths()
	if len(content.Lessons) == 0 {
		t.Fatal("no lessons in the content package: the test would skip every lesson page")
	}
	if !slices.Equal(slices.Sorted(slices.Values(paths)), slices.Sorted(slices.Values(app.Paths))) {
		t.Fatalf("the pages checked %q are not the app's routes %q", paths, app.Paths)
	}
	s := startSite(t)
	b := newBrowser(t, s)
	watch := &consoleWatch{}
	if err := chromedp.Listen(b.ctx, watch.listen); err != nil {
		t.Fatal(err)
	}
	load := func(pass, path string) {
		t.Helper()
		b.run(t, pass+" "+path, chromedp.Navigate(s.base+path), chromedp.WaitReady("main h1, #slides"))
		poll(t, b, "wasm on "+path, `document.getElementById("app-wasm-loader") === null && document.querySelector("main h1, #slides") !== null`)
		// Two frames after the wasm rendered, so what the first render
		// logs has arrived: the listener sees events in order, before the
		// answer to this evaluation.
		eval[bool](t, b, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)
		if seen := append(b.takeProblems(), watch.take()...); len(seen) > 0 {
			t.Errorf("%s %s: %d console errors or warnings:\n  %s", pass, path, len(seen), strings.Join(seen, "\n  "))
		}
		b.assertClean(t, pass+" "+path) // CSP violations
	}
	for _, p := range paths {
		load("first load", p)
	}
	poll(t, b, "the service worker to control the page", `navigator.serviceWorker.controller !== null`)
	for _, p := range paths {
		load("service worker in control", p)
	}
	t.Logf("%d pages, each loaded twice", len(paths))
	b.assertSameOrigin(t)
}
