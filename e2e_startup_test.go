//go:build !wasm

package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// holdWasm holds the browser's requests for app.wasm at the proxy, from
// the page or the worker that compiles it, and those for the service
// worker's script: the worker installs only once the app runs, and its
// install downloads the wasm again, for offline use.
func holdWasm(t *testing.T, s *site) (wasm, serviceWorker *requestGate) {
	t.Helper()
	return s.proxy.hold(t, "/web/app.wasm"), s.proxy.hold(t, "/app-worker.js")
}

// navigateNoWait starts a navigation without waiting for the load event,
// which may wait for the held wasm.
func navigateNoWait(t *testing.T, b *browser, url string) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, page.Navigate, page.NavigateParams{URL: url}); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
}

// startupView is what a person sees of the start-up, measured in the page.
type startupView struct {
	H1OnTop     bool       `json:"h1OnTop"`     // the h1 is the top element at its centre and its start
	H1Rect      [4]float64 `json:"h1Rect"`      // left, top, width, height
	Loader      bool       `json:"loader"`      // #app-wasm-loader is in the page
	Phase       string     `json:"phase"`       // its data-phase
	LoaderRect  [4]float64 `json:"loaderRect"`  // left, top, width, height
	LineColor   string     `json:"lineColor"`   // the progress line's fill
	ViewWidth   float64    `json:"viewWidth"`   // window.innerWidth
	Label       string     `json:"label"`       // the loader's text
	LabelWidth  float64    `json:"labelWidth"`  // its rendered width (1 px: for screen readers only)
	ButtonMark  string     `json:"buttonMark"`  // ::after of a button the app drives
	FieldMark   string     `json:"fieldMark"`   // ::after of a field's label
	ButtonAlpha string     `json:"buttonAlpha"` // the button's opacity
}

const readStartupView = `(() => {
  const h = document.querySelector("main h1");
  const r = h.getBoundingClientRect();
  const on = (x, y) => { const e = document.elementFromPoint(x, y); return e !== null && h.contains(e); };
  const loader = document.getElementById("app-wasm-loader");
  const lr = loader ? loader.getBoundingClientRect() : { left: 0, top: 0, width: 0, height: 0 };
  const label = document.getElementById("app-wasm-loader-label");
  const button = document.querySelector("main button");
  const field = document.querySelector("main .field-label");
  return {
    h1OnTop: on(r.left + r.width / 2, r.top + r.height / 2) && on(r.left + 4, r.top + r.height / 2),
    h1Rect: [r.left, r.top, r.width, r.height],
    loader: loader !== null,
    phase: loader ? (loader.dataset.phase || "") : "",
    loaderRect: [lr.left, lr.top, lr.width, lr.height],
    lineColor: loader ? getComputedStyle(loader, "::before").backgroundColor : "",
    viewWidth: window.innerWidth,
    label: label ? label.textContent : "",
    labelWidth: label ? label.getBoundingClientRect().width : 0,
    buttonMark: getComputedStyle(button, "::after").content,
    fieldMark: getComputedStyle(field, "::after").content,
    buttonAlpha: getComputedStyle(button).opacity,
  };
})()`

// TestE2EStartup holds app.wasm back and looks at the page meanwhile: the
// prerendered page is visible and on top at once, with a slim progress
// line and its controls marked "starting…"; released, the wasm (fetched
// once) runs, the page keeps its place and the marks go. A failed wasm
// leaves a readable page and says why; ?wasm=false loads no wasm.
func TestE2EStartup(t *testing.T) {
	s := startSite(t)

	t.Run("before and after the wasm runs", func(t *testing.T) {
		b := newBrowser(t, s)
		gate, sw := holdWasm(t, s)
		navigateNoWait(t, b, s.base+"/inspect")
		gate.next(t, "/web/app.wasm")
		// The deferred scripts have run once the document is parsed; two
		// frames more, and what is measured has been painted.
		poll(t, b, "the page parsed", `document.readyState !== "loading"`)
		eval[bool](t, b, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)
		before := eval[startupView](t, b, readStartupView)
		if before.Phase != "fetch" {
			t.Errorf("the progress line is in phase %q, want fetch: start.js is not waiting for the wasm", before.Phase)
		}
		if !before.H1OnTop {
			t.Errorf("before the wasm runs, the prerendered h1 is not the top element at its own position %v", before.H1Rect)
		}
		if !before.Loader || before.LoaderRect[1] != 0 || before.LoaderRect[3] > 4 || before.LoaderRect[3] < 1 || before.LoaderRect[2] < before.ViewWidth-1 {
			t.Errorf("the progress line is not a slim line across the top: loader present %v at %v in a %v px wide window", before.Loader, before.LoaderRect, before.ViewWidth)
		}
		if before.LineColor == "" || before.LineColor == "rgba(0, 0, 0, 0)" {
			t.Errorf("the progress line has no colour (%q)", before.LineColor)
		}
		if before.Label != "Starting pinlab…" || before.LabelWidth > 1 {
			t.Errorf("loader text %q, %v px wide: want %q for screen readers only", before.Label, before.LabelWidth, "Starting pinlab…")
		}
		for what, mark := range map[string]string{"button": before.ButtonMark, "field label": before.FieldMark} {
			if !strings.Contains(mark, "starting…") {
				t.Errorf("before the wasm runs, a %s of the app says %s, want it marked starting…", what, mark)
			}
		}
		if before.ButtonAlpha == "1" {
			t.Error("before the wasm runs, the app's buttons look ready")
		}
		b.run(t, "screenshot before the wasm", viewportScreenshotTo(filepath.Join(t.TempDir(), "before-wasm.png")))
		b.assertClean(t, "before the wasm runs")

		gate.open()
		poll(t, b, "the app running", `document.getElementById("app-wasm-loader") === null`)
		after := eval[startupView](t, b, readStartupView)
		if after.H1Rect != before.H1Rect || !after.H1OnTop {
			t.Errorf("the h1 moved when the app started: %v, then %v (on top: %v)", before.H1Rect, after.H1Rect, after.H1OnTop)
		}
		if after.ButtonMark != "none" || after.FieldMark != "none" || after.ButtonAlpha != "1" {
			t.Errorf("the app runs and its controls are still marked: %q, %q, opacity %s", after.ButtonMark, after.FieldMark, after.ButtonAlpha)
		}
		// BenchmarkStartup splits Go's start at this mark (cli_wasm.go).
		order := eval[[]string](t, b, `(() => {
		  const t = (n) => performance.getEntriesByName(n, "mark").map((e) => e.startTime);
		  const [compiled, main] = [t("pinlab:wasm-compiled"), t("pinlab:go-main")];
		  return [String(compiled.length), String(main.length), String(main[0] > compiled[0])];
		})()`)
		if !slices.Equal(order, []string{"1", "1", "true"}) {
			t.Errorf("marks pinlab:wasm-compiled, pinlab:go-main (count, count, in that order): %v, want once each, in order", order)
		}
		b.run(t, "a sample", chromedp.Click("#sample-demo"))
		poll(t, b, "the demo chain", `document.getElementById("summary")?.textContent.includes("one chain")`)
		if n := gate.count("/web/app.wasm"); n != 1 {
			t.Errorf("app.wasm was requested %d times before the service worker, want once (by the worker the page's head starts)", n)
		}
		sw.open()
		poll(t, b, "the service worker, registered once the app runs", `navigator.serviceWorker.controller !== null`)
		b.assertClean(t, "after the wasm runs")
		b.assertSameOrigin(t)
	})

	t.Run("the wasm fails", func(t *testing.T) {
		b := newBrowser(t, s)
		gate, _ := holdWasm(t, s)
		navigateNoWait(t, b, s.base+"/inspect")
		gate.next(t, "/web/app.wasm")
		gate.fail()
		poll(t, b, "the error", `document.getElementById("app-wasm-loader")?.dataset.phase === "error"`)
		v := eval[startupView](t, b, readStartupView)
		if !strings.Contains(v.Label, "pinlab could not start in this browser") || v.LabelWidth < 100 || v.LoaderRect[3] < 20 {
			t.Errorf("a failed start shows %q, %v px wide, in a %v px high banner: want the reason, readable", v.Label, v.LabelWidth, v.LoaderRect[3])
		}
		if !v.H1OnTop || v.ButtonMark != "none" {
			t.Errorf("after a failed start: h1 on top %v, controls still marked %q", v.H1OnTop, v.ButtonMark)
		}
		problems := strings.Join(b.takeProblems(), "\n")
		if !strings.Contains(problems, "pinlab: starting app.wasm failed") {
			t.Errorf("the console does not say the start failed: %s", problems)
		}
	})

	t.Run("?wasm=false", func(t *testing.T) {
		b := newBrowser(t, s)
		gate, sw := holdWasm(t, s)
		b.run(t, "no wasm", chromedp.Navigate(s.base+"/inspect?wasm=false"), chromedp.WaitReady("main h1"))
		poll(t, b, "the loader gone", `document.getElementById("app-wasm-loader") === null`)
		v := eval[startupView](t, b, readStartupView)
		if !v.H1OnTop || v.ButtonMark != "none" {
			t.Errorf("?wasm=false: h1 on top %v, controls marked %q", v.H1OnTop, v.ButtonMark)
		}
		time.Sleep(2 * time.Second) // a late request for the wasm would show by now
		if n := gate.count("/web/app.wasm"); n != 0 {
			t.Errorf("?wasm=false requested app.wasm %d times", n)
		}
		sw.next(t, "/app-worker.js") // the service worker registers without the app
		sw.open()
		b.assertClean(t, "?wasm=false")
	})
}
