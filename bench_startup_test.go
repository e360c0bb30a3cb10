//go:build !wasm

package main

// BenchmarkStartup measures how fast the app starts in headless Chromium:
// each phase of the wasm start, cold (a fresh profile) and warm (the service
// worker in control), at 1× and 4× CPU slowdown, beside the same page
// prerendered without wasm (?wasm=false). `make bench` runs it.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// startupPage is the page measured: the first tool people open.
const startupPage = "/inspect"

// startupRuns is how many times each cell is measured; the table shows
// medians. Runs alternate between the app and ?wasm=false so that a
// machine getting slower or faster affects both alike. PINLAB_STARTUP_RUNS
// overrides it for a quicker look while working on the start-up.
var startupRuns = func() int {
	if n, err := strconv.Atoi(os.Getenv("PINLAB_STARTUP_RUNS")); err == nil && n > 0 {
		return n
	}
	return 5
}()

// Budgets, as ratios to the ?wasm=false page's load event: the prerendered
// content must show within 1.2× of it, the app must run within 2.5× cold
// and 1.5× warm.
const (
	budgetContent = 1.2
	budgetCold    = 2.5
	budgetWarm    = 1.5
)

// startupProbe runs in every document before its own scripts. It notes
// when WebAssembly instantiation resolves, when the wasm loader leaves the
// page (go.run has returned: the app rendered and runs), and the first
// frame in which the prerendered h1 is the element on top at its own
// position (content a person can see). Times are performance.now(), ms
// since navigation start. Its frame callback stops once the h1 is seen:
// asking for frames after that would make the page render every frame
// while it starts, work the app itself does not ask for.
const startupProbe = `(() => {
  if (location.protocol !== "http:") return;
  const m = window.__startup = {};
  const now = () => performance.now();
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const f = WebAssembly[name];
    if (!f) continue;
    WebAssembly[name] = function (...args) {
      const p = f.apply(this, args);
      p.then(() => { if (m.instantiated === undefined) m.instantiated = now(); }, () => {});
      return p;
    };
  }
  let sawLoader = false;
  const watchLoader = () => {
    const present = document.getElementById("app-wasm-loader") !== null;
    if (present) sawLoader = true;
    else if (sawLoader && m.running === undefined) m.running = now();
  };
  new MutationObserver(watchLoader).observe(document, { childList: true, subtree: true });
  const onTop = () => {
    const h = document.querySelector("main h1");
    if (!h) return false;
    const r = h.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return e !== null && h.contains(e);
  };
  const frame = () => {
    if (m.content === undefined && onTop()) m.content = now();
    if (m.content === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`

// startupSample is one page load, in ms since navigation start; -1 when
// the phase did not happen (no wasm with ?wasm=false).
type startupSample struct {
	WasmStart    float64 `json:"wasmStart"`    // the request for app.wasm began (in the compiler worker, web/compile.js)
	WasmReceived float64 `json:"wasmReceived"` // its last byte arrived
	Instantiated float64 `json:"instantiated"` // compiled and instantiated
	GoMain       float64 `json:"goMain"`       // Go's main began: the runtime and every package's init ran (cli_wasm.go)
	Running      float64 `json:"running"`      // go.run returned: the app rendered
	Content      float64 `json:"content"`      // the prerendered h1 on top
	Load         float64 `json:"load"`         // the load event ended
}

const startupCollect = `(() => {
  const m = window.__startup || {};
  const nav = performance.getEntriesByType("navigation")[0];
  const v = x => x === undefined ? -1 : x;
  // The compiler worker's request, as the page marks it; else the page's own.
  const mark = name => performance.getEntriesByName(name, "mark")[0];
  const requested = mark("pinlab:wasm-requested"), received = mark("pinlab:wasm-received"), goMain = mark("pinlab:go-main");
  const wasm = performance.getEntriesByType("resource").find(e => new URL(e.name).pathname.endsWith("/web/app.wasm"));
  return {
    wasmStart: requested ? requested.startTime : wasm ? wasm.startTime : -1,
    wasmReceived: received ? received.startTime : wasm ? wasm.responseEnd : -1,
    instantiated: v(m.instantiated),
    goMain: goMain ? goMain.startTime : -1,
    running: v(m.running),
    content: v(m.content),
    load: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : -1,
  };
})()`

// startupDone is true once every phase the page will go through happened.
func startupDone(wasm bool) string {
	if wasm {
		return `window.__startup && window.__startup.running !== undefined && window.__startup.content !== undefined && performance.getEntriesByType("navigation")[0].loadEventEnd > 0`
	}
	return `window.__startup && window.__startup.content !== undefined && performance.getEntriesByType("navigation")[0].loadEventEnd > 0`
}

// startupBrowser starts a headless Chromium with a fresh profile, the
// probe installed and the CPU slowed down by rate.
func startupBrowser(tb testing.TB, rate float64) (context.Context, func()) {
	tb.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		tb.Fatal("Chromium not found: the startup benchmark needs Debian's chromium package (make chromium installs it)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() { cancel(); cancelAlloc() }
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: startupProbe}); err != nil {
		stop()
		tb.Fatalf("starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
		stop()
		tb.Fatalf("CPU throttling: %v", err)
	}
	return ctx, stop
}

// loadOnce navigates to url and returns its phases once all happened.
func loadOnce(tb testing.TB, ctx context.Context, url string, wasm bool) startupSample {
	tb.Helper()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](startupDone(wasm), chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		tb.Fatalf("loading %s: %v", url, err)
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[startupSample](startupCollect))
	if err != nil {
		tb.Fatalf("reading the phases of %s: %v", url, err)
	}
	return s
}

// offlineReady is true once the service worker controls the page and has
// cached the wasm: the next load is a warm one.
const offlineReady = `(async () => navigator.serviceWorker.controller !== null &&
  (await caches.match(new URL("/web/app.wasm", location.href).href)) !== undefined)()`

// coldAndWarm loads url in a fresh browser, waits for the service worker,
// and loads it again.
func coldAndWarm(tb testing.TB, base, path string, wasm bool, rate float64) (cold, warm startupSample) {
	tb.Helper()
	ctx, stop := startupBrowser(tb, rate)
	defer stop()
	url := base + path
	if !wasm {
		url += "?wasm=false"
	}
	cold = loadOnce(tb, ctx, url, wasm)
	awaitWarm(tb, ctx)
	warm = loadOnce(tb, ctx, url, wasm)
	return cold, warm
}

// awaitWarm waits until the next load is a warm one: the service worker
// controls the page and has the wasm cached. It then leaves the page.
func awaitWarm(tb testing.TB, ctx context.Context) {
	tb.Helper()
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx,
		chromedp.Poll[chromedp.Void](offlineReady, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(50*time.Second)),
		chromedp.Navigate("about:blank"),
	); err != nil {
		tb.Fatalf("waiting for the service worker: %v", err)
	}
	// Let the browser write what it caches after a load (compiled wasm
	// code among it) before the warm load.
	time.Sleep(500 * time.Millisecond)
}

// startupCell is the samples of one column: a CPU rate, cold or warm.
type startupCell struct {
	wasm, nowasm []startupSample
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return -1
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianOf(samples []startupSample, f func(startupSample) float64) float64 {
	xs := make([]float64, 0, len(samples))
	for _, s := range samples {
		xs = append(xs, f(s))
	}
	return median(xs)
}

func BenchmarkStartup(b *testing.B) {
	a, err := embeddedAssets()
	if err != nil {
		b.Fatalf("%v (make bench builds it)", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil)))) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()
	if *startupTraceDir != "" {
		traceStartup(b, base+startupPage, *startupTraceDir)
		fmt.Printf("startup traces of %s in %s (cold.json, warm.json)\n", startupPage, *startupTraceDir)
	}

	rates := []float64{1, 4}
	type key struct {
		rate float64
		warm bool
	}
	cells := map[key]*startupCell{}
	for _, r := range rates {
		cells[key{r, false}] = &startupCell{}
		cells[key{r, true}] = &startupCell{}
	}
	for b.Loop() {
		for _, rate := range rates {
			for i := range startupRuns {
				// Alternate which of the two goes first, too.
				order := []bool{true, false}
				if i%2 == 1 {
					order = []bool{false, true}
				}
				for _, wasm := range order {
					cold, warm := coldAndWarm(b, base, startupPage, wasm, rate)
					for _, c := range []struct {
						warm bool
						s    startupSample
					}{{false, cold}, {true, warm}} {
						cell := cells[key{rate, c.warm}]
						if wasm {
							cell.wasm = append(cell.wasm, c.s)
						} else {
							cell.nowasm = append(cell.nowasm, c.s)
						}
					}
				}
			}
		}
	}

	var out strings.Builder
	fmt.Fprintf(&out, "startup of %s in headless Chromium, medians of %d runs, ms since navigation start\n", startupPage, len(cells[key{rates[0], false}].wasm))
	var cols []key
	for _, r := range rates {
		cols = append(cols, key{r, false}, key{r, true})
	}
	fmt.Fprintf(&out, "%-34s", "phase")
	for _, c := range cols {
		fmt.Fprintf(&out, " %12s", fmt.Sprintf("%s %g×", map[bool]string{false: "cold", true: "warm"}[c.warm], c.rate))
	}
	out.WriteString("\n")
	rows := []struct {
		name   string
		nowasm bool
		f      func(startupSample) float64
	}{
		{"wasm request starts", false, func(s startupSample) float64 { return s.WasmStart }},
		{"wasm body received", false, func(s startupSample) float64 { return s.WasmReceived }},
		{"compiled and instantiated", false, func(s startupSample) float64 { return s.Instantiated }},
		{"Go's main begins", false, func(s startupSample) float64 { return s.GoMain }},
		{"app running (time to interactive)", false, func(s startupSample) float64 { return s.Running }},
		{"h1 visible (time to content)", false, func(s startupSample) float64 { return s.Content }},
		{"load event", false, func(s startupSample) float64 { return s.Load }},
		{"?wasm=false: h1 visible", true, func(s startupSample) float64 { return s.Content }},
		{"?wasm=false: load event", true, func(s startupSample) float64 { return s.Load }},
	}
	for _, r := range rows {
		fmt.Fprintf(&out, "%-34s", r.name)
		for _, c := range cols {
			samples := cells[c].wasm
			if r.nowasm {
				samples = cells[c].nowasm
			}
			fmt.Fprintf(&out, " %12.0f", medianOf(samples, r.f))
		}
		out.WriteString("\n")
	}
	// Go's start on the page's main thread, split by the pinlab:go-main
	// mark: what any Go program pays (the runtime, package inits, V8
	// compiling each function on its first call) and what go-app's start
	// and the first render of the page add.
	out.WriteString("durations, ms\n")
	for _, r := range []struct {
		name string
		f    func(startupSample) float64
	}{
		{"  Go runtime and package init", func(s startupSample) float64 { return s.GoMain - s.Instantiated }},
		{"  go-app start and first render", func(s startupSample) float64 { return s.Running - s.GoMain }},
		{"  Go's start in all", func(s startupSample) float64 { return s.Running - s.Instantiated }},
	} {
		fmt.Fprintf(&out, "%-34s", r.name)
		for _, c := range cols {
			fmt.Fprintf(&out, " %12.0f", medianOf(cells[c].wasm, r.f))
		}
		out.WriteString("\n")
	}
	ratio := func(c key, f func(startupSample) float64) float64 {
		return medianOf(cells[c].wasm, f) / medianOf(cells[c].nowasm, func(s startupSample) float64 { return s.Load })
	}
	content := func(s startupSample) float64 { return s.Content }
	running := func(s startupSample) float64 { return s.Running }
	var over []string
	for _, r := range []struct {
		name   string
		f      func(startupSample) float64
		budget func(warm bool) float64
	}{
		{"content / ?wasm=false load", content, func(bool) float64 { return budgetContent }},
		{"running / ?wasm=false load", running, func(warm bool) float64 {
			if warm {
				return budgetWarm
			}
			return budgetCold
		}},
	} {
		fmt.Fprintf(&out, "%-34s", r.name)
		for _, c := range cols {
			x, budget := ratio(c, r.f), r.budget(c.warm)
			mark := " "
			if x > budget {
				mark = "!"
				over = append(over, fmt.Sprintf("%s at %s %g×: %.2f× > %.1f×", r.name, map[bool]string{false: "cold", true: "warm"}[c.warm], c.rate, x, budget))
			}
			fmt.Fprintf(&out, " %11.2f%s", x, mark)
		}
		out.WriteString("\n")
	}
	// How far one run is from the next: run i of the app beside run i of
	// ?wasm=false, taken one after the other.
	fmt.Fprintf(&out, "%-34s", "  lowest–highest of the runs")
	for _, c := range cols {
		var xs []float64
		for i := range min(len(cells[c].wasm), len(cells[c].nowasm)) {
			xs = append(xs, cells[c].wasm[i].Running/cells[c].nowasm[i].Load)
		}
		fmt.Fprintf(&out, " %12s", fmt.Sprintf("%.2f–%.2f", slices.Min(xs), slices.Max(xs)))
	}
	out.WriteString("\n")
	fmt.Fprintf(&out, "budgets: content within %.1f×, running within %.1f× cold and %.1f× warm (! marks a cell over budget)\n", budgetContent, budgetCold, budgetWarm)
	// Printed, not logged: the testing package cuts a benchmark's log
	// to ten lines.
	fmt.Print(out.String())
	b.ReportMetric(ratio(cols[0], running), "cold-running/nowasm-load")
	b.ReportMetric(ratio(cols[1], running), "warm-running/nowasm-load")
	b.ReportMetric(ratio(cols[0], content), "cold-content/nowasm-load")
	if len(over) > 0 {
		fmt.Printf("over budget:\n  %s\n", strings.Join(over, "\n  "))
	}
}
