//go:build !wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestE2EShell drives the app shell in headless Chromium against the real
// server: the wasm renders, the CSP holds with no console error, the layout
// fits a 360 px phone, both themes work, keyboard focus shows, the app
// reloads offline once the service worker has it, the update banner appears
// when a new version ships, and no request leaves the origin.
func TestE2EShell(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)

	t.Run("wasm renders", func(t *testing.T) {
		start := time.Now()
		resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(s.base+"/"))
		if err != nil {
			t.Fatal(err)
		}
		b.run(t, "wasm-rendered element", chromedp.WaitVisible("#wasm-ready"))
		t.Logf("navigation to wasm-rendered element: %s", elapsed(start))
		if csp, _ := resp.Headers["Content-Security-Policy"].(string); !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval'") {
			t.Errorf("page CSP header = %q", csp)
		}
		b.assertClean(t, "/")
	})

	t.Run("client-side navigation", func(t *testing.T) {
		b.run(t, "click Inspect", chromedp.Click(`nav a[href="/inspect"]`))
		poll(t, b, "the Inspect page", `location.pathname === "/inspect" && document.querySelector("h1").textContent === "Inspect"`)
		if cur := eval[string](t, b, `document.querySelector('nav a[aria-current="page"]').textContent`); cur != "Inspect" {
			t.Errorf("current nav entry = %q, want Inspect", cur)
		}
		b.run(t, "back home", chromedp.Click(`a.brand`), chromedp.WaitVisible("#wasm-ready"))
		b.assertClean(t, "navigation")
	})

	t.Run("keyboard focus is visible", func(t *testing.T) {
		b.run(t, "tab", chromedp.KeyEvent("\t"))
		got := eval[[]string](t, b, `(() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.className, s.outlineStyle, s.outlineWidth]; })()`)
		if got[0] != "skip-link" || got[1] == "none" || got[2] == "0px" {
			t.Errorf("after Tab, focused element and outline = %q; want the skip link with a visible outline", got)
		}
		b.run(t, "tab", chromedp.KeyEvent("\t"))
		if got := eval[string](t, b, `document.activeElement.className`); got != "brand" {
			t.Errorf("second Tab focused %q, want the brand link", got)
		}
	})

	t.Run("360 px phone", func(t *testing.T) {
		b.run(t, "phone viewport", chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		defer b.run(t, "reset viewport", chromedp.EmulateViewport(1280, 800))
		for _, path := range []string{"/", "/inspect", "/learn"} {
			b.run(t, "open "+path, chromedp.Navigate(s.base+path), chromedp.WaitVisible("main h1"))
			poll(t, b, "wasm on "+path, `document.getElementById("app-wasm-loader") === null`)
			if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
				t.Errorf("%s at 360 px: page is %d px wide, overflows the %d px viewport", path, w[0], w[1])
			}
		}
		b.assertClean(t, "phone")
	})

	t.Run("themes follow the system", func(t *testing.T) {
		b.run(t, "home", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#wasm-ready"))
		bg := func(scheme string) string {
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			return eval[string](t, b, `getComputedStyle(document.body).backgroundColor`)
		}
		light, dark := bg("light"), bg("dark")
		if light == dark {
			t.Errorf("light and dark backgrounds are both %s", light)
		}
		b.run(t, "dark screenshot", screenshotTo(filepath.Join(t.TempDir(), "dark.png")))
		bg("light")
		b.run(t, "README screenshot", screenshotTo(screenshotPath(t, "screenshot.png")))
	})

	t.Run("offline indicator", func(t *testing.T) {
		setOffline := func(off bool) {
			if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
				Offline: off, DownloadThroughput: -1, UploadThroughput: -1,
			}); err != nil {
				t.Fatal(err)
			}
		}
		setOffline(true)
		poll(t, b, "the offline badge", `document.getElementById("online-status").textContent === "Offline"`)
		setOffline(false)
		poll(t, b, "the badge to clear", `document.getElementById("online-status").textContent === ""`)
	})

	t.Run("reloads offline", func(t *testing.T) {
		poll(t, b, "the service worker to control the page", `navigator.serviceWorker.controller !== null`)
		b.assertClean(t, "before going offline")
		s.server.stop()
		s.proxy.setBackend("")
		b.assertServerGone(t)
		start := time.Now()
		b.run(t, "offline reload", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#wasm-ready"))
		t.Logf("offline reload to wasm-rendered element: %s", elapsed(start))
		b.run(t, "offline /inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitVisible("main h1"))
		poll(t, b, "wasm on /inspect offline", `document.getElementById("app-wasm-loader") === null && document.querySelector("h1").textContent === "Inspect"`)
		b.run(t, "a sample, offline", chromedp.Click("#sample-demo"))
		poll(t, b, "the demo chain, offline", `document.getElementById("summary")?.textContent.includes("one chain")`)
		if v := eval[[]string](t, b, `window.__csp || []`); len(v) > 0 {
			t.Errorf("offline: CSP violations: %q", v)
		}
		b.takeProblems() // the browser's own failed update check is expected offline
	})

	t.Run("update banner", func(t *testing.T) {
		a, _ := embeddedAssets()
		next := *a
		next.version = a.version + "1" // a new release: new version, new worker
		ts := startServer(t, &next)
		s.proxy.setBackend(ts.addr)
		b.run(t, "home", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#wasm-ready"))
		// The page registers the service worker once the app runs, and
		// listens for updates once that registration resolves: before then,
		// goappTryUpdate does nothing.
		poll(t, b, "the update listener", `typeof goappServiceWorkerRegistration !== "undefined" && goappServiceWorkerRegistration !== undefined`)
		b.run(t, "try update", chromedp.Evaluate[chromedp.Void](`goappTryUpdate()`))
		b.run(t, "update banner", chromedp.WaitVisible("#update-banner.banner"))
		b.run(t, "reload", chromedp.Click("#update-banner button"), chromedp.WaitVisible("#wasm-ready"))
		poll(t, b, "banner gone after reload", `!document.querySelector("#update-banner.banner")`)
		b.takeProblems()
	})

	t.Run("update banner, found by the browser itself", func(t *testing.T) {
		// Another release, and nobody asks for an update: the browser's
		// own check on navigation finds the new worker, often before
		// go-app listens for one (web/start.js).
		a, _ := embeddedAssets()
		next := *a
		next.version = a.version + "2"
		ts := startServer(t, &next)
		s.proxy.setBackend(ts.addr)
		b.run(t, "home", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#wasm-ready"))
		b.run(t, "update banner", chromedp.WaitVisible("#update-banner.banner"))
		b.takeProblems()
	})

	b.assertSameOrigin(t)
}

// screenshotPath is where a screenshot goes: docs/ for the README when the
// test runs with -screenshots, a temporary directory otherwise.
func screenshotPath(t *testing.T, name string) string {
	if *updateScreenshots {
		return filepath.Join("docs", name)
	}
	return filepath.Join(t.TempDir(), name)
}

func screenshotTo(path string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, os.WriteFile(path, png, 0o644)
	}
}

// viewportScreenshotTo saves what a person sees: the viewport, not the
// whole scrolled page.
func viewportScreenshotTo(path string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, os.WriteFile(path, res.Data, 0o644)
	}
}
