//go:build !wasm

package main

// BenchmarkStartup can also record where a start's time goes: with
// -startup.trace=DIR it writes a Chrome trace of one cold and one warm
// load of the page it measures (cold.json, warm.json), which chrome's
// about:tracing or any Perfetto viewer opens. The traces name every main-
// thread task, the compiler worker's download and streaming compile
// (v8.wasm.*), each function the wasm compiles on first call
// (wasm.CompileLazy) and the page's marks (pinlab:wasm-*).

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

var startupTraceDir = flag.String("startup.trace", "", "BenchmarkStartup: write Chrome traces of a cold and a warm load into this directory")

// startupTraceCategories are what the traces record: the main thread's
// tasks, loading, V8's wasm compilation and the page's marks.
var startupTraceCategories = []string{
	"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "blink.user_timing",
	"loading", "navigation", "v8", "v8.execute", "v8.wasm", "disabled-by-default-v8.wasm.detailed",
	"disabled-by-default-v8.compile", "ServiceWorker",
}

// traceStartup writes the traces of one cold and one warm load of url.
func traceStartup(tb testing.TB, url, dir string) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	ctx, stop := startupBrowser(tb, 1)
	defer stop()
	var events []json.RawMessage
	var complete chan struct{}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				if b, err := json.Marshal(v); err == nil {
					events = append(events, b)
				}
			}
		case *tracing.EventTracingComplete:
			close(complete)
		}
	}); err != nil {
		tb.Fatal(err)
	}
	record := func(name string) {
		events, complete = nil, make(chan struct{})
		if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: startupTraceCategories},
			TransferMode: tracing.StartTransferModeReportEvents,
		}); err != nil {
			tb.Fatalf("tracing: %v", err)
		}
		loadOnce(tb, ctx, url, true)
		time.Sleep(300 * time.Millisecond) // the first frames after the start
		if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
			tb.Fatalf("tracing: %v", err)
		}
		select {
		case <-complete:
		case <-time.After(30 * time.Second):
			tb.Fatal("tracing: the trace never completed")
		}
		b, err := json.Marshal(map[string]any{"traceEvents": events})
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	record("cold")
	awaitWarm(tb, ctx)
	record("warm")
}
