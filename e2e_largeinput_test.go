//go:build !wasm

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
)

// watchFramesJS runs in every page before the app: on each animation frame
// it notes the "Reading N KB…" statuses on screen (a status seen in a frame
// was painted, not just put in the DOM), and it notes when the app started
// (go-app removes its loader) and when an input problem first appeared,
// in milliseconds since the navigation began.
const watchFramesJS = `window.__reading = []; window.__started = 0; window.__problemAt = 0;
(function frame() {
	for (const el of document.querySelectorAll(".reading")) if (!window.__reading.includes(el.textContent)) window.__reading.push(el.textContent);
	requestAnimationFrame(frame);
})();
let loaderSeen = false;
new MutationObserver(() => {
	const loader = document.getElementById("app-wasm-loader");
	loaderSeen = loaderSeen || !!loader;
	if (!window.__started && loaderSeen && !loader) window.__started = performance.now();
	if (!window.__problemAt && document.querySelector("#input-problems li")) window.__problemAt = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});`

// beginMarkerLink crafts a share link of BEGIN markers about size
// characters long: markers with a random separator between them (dense:
// with random base64 too, so it unpacks to less). It returns the payload
// and how many bytes it unpacks to.
func beginMarkerLink(t *testing.T, size int, dense bool) (string, int) {
	t.Helper()
	text := func(n int) []byte {
		r := rand.New(rand.NewPCG(7, uint64(n)))
		const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		var out strings.Builder
		for range n {
			out.WriteString("-----BEGIN CERTIFICATE-----")
			out.WriteString([]string{"", " ", "\n"}[r.IntN(3)])
			if dense {
				for range 3 {
					out.WriteByte(b64[r.IntN(64)])
				}
			}
		}
		return []byte(out.String())
	}
	// The largest count whose link fits in size, below the 4 MiB that
	// any link may unpack to.
	lo, hi := 1, pinlib.MaxInputSize/40
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(craftShare(t, shareItem{'c', text(mid)})) <= size {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	content := text(lo)
	return craftShare(t, shareItem{'c', content}), len(content)
}

// TestE2ELargeInputs: no share link or saved workspace freezes the page.
// A 7 kB link of repeated BEGIN markers shows its error within 2 s of
// being opened; a link over the cap is refused with a message, and so is
// making one; a large saved workspace or paste is read after the page has
// painted "Reading N KB…".
func TestE2ELargeInputs(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchFramesJS}); err != nil {
		t.Fatal(err)
	}
	open := func(path, ready string) {
		t.Helper()
		b.run(t, "open "+path, chromedp.Navigate("about:blank"), chromedp.Navigate(s.base+path), chromedp.WaitReady(ready))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
	}
	// First visit: the service worker caches the app, as for anyone who
	// opens a link after having used pinlab once.
	open("/inspect", "#paste")

	for _, dense := range []bool{false, true} {
		name := map[bool]string{false: "7 kB link of BEGIN markers", true: "7 kB link of BEGIN markers and base64"}[dense]
		t.Run(name, func(t *testing.T) {
			payload, unpacked := beginMarkerLink(t, 7000, dense)
			open("/inspect#chain="+payload, "#paste")
			poll(t, b, "the link's error", `document.querySelector("#input-problems li")?.textContent.includes("share link")`)
			times := eval[[]float64](t, b, `[window.__started, window.__problemAt]`)
			msg := eval[string](t, b, `document.getElementById("input-problems").textContent`)
			t.Logf("%d-character link unpacking to %d bytes: app started at %.0f ms, error at %.0f ms after the link was opened: %s",
				len(payload), unpacked, times[0], times[1], msg)
			if times[0] == 0 || times[1] == 0 {
				t.Fatal("the page's timings were not recorded")
			}
			// From the navigation, wasm start-up included.
			if times[1] > 2000 {
				t.Errorf("the error came %.0f ms after the link was opened, more than 2 s", times[1])
			}
			if h := eval[string](t, b, `location.hash`); h != "" {
				t.Errorf("the refused link stays in the address bar: %.60s…", h)
			}
			b.assertClean(t, name)
		})
	}

	bundle, err := os.ReadFile("pinlib/testdata/ca-certificates.crt")
	if err != nil {
		t.Fatal(err)
	}
	roots := pinlib.Read(pinlib.Input{Name: "roots", Data: bundle})
	bundleLink := pinlib.EncodeShare(roots)
	kb := func(n int) string { return fmt.Sprintf("%d KB", (n+1023)/1024) }

	t.Run("a link over the cap is refused", func(t *testing.T) {
		open("/inspect#chain="+bundleLink, "#paste")
		poll(t, b, "the refusal", `document.querySelector("#input-problems li")?.textContent.includes("share link")`)
		msg := eval[string](t, b, `document.getElementById("input-problems").textContent`)
		times := eval[[]float64](t, b, `[window.__started, window.__problemAt]`)
		t.Logf("the Debian bundle's %d-character link: refused %.0f ms after the app started: %s", len(bundleLink), times[1]-times[0], msg)
		if !strings.Contains(msg, kb(len(bundleLink))) || !strings.Contains(msg, "32 KB") {
			t.Errorf("the refusal does not give the link's size (%s) and the cap: %q", kb(len(bundleLink)), msg)
		}
		if n := eval[int](t, b, `document.querySelectorAll(".chain-item").length`); n != 0 {
			t.Errorf("%d certificates read from a refused link", n)
		}
	})

	t.Run("Copy link refuses a bundle too large for a link", func(t *testing.T) {
		paste(t, b, string(bundle))
		poll(t, b, "the paste read after a painted status", `window.__reading.includes("Reading `+kb(len(bundle))+`…")`)
		waitSummary(t, b, "142 certificates")
		b.run(t, "share", chromedp.Click("#share"))
		poll(t, b, "the refusal", `document.getElementById("share-error")?.textContent.includes("file")`)
		if msg := eval[string](t, b, `document.getElementById("share-error").textContent`); !strings.Contains(msg, kb(len(bundleLink))) {
			t.Errorf("the refusal does not give the link's size %s: %q", kb(len(bundleLink)), msg)
		}
		if eval[bool](t, b, `document.getElementById("share-url") !== null`) {
			t.Error("a link was made anyway")
		}
	})

	t.Run("a large saved workspace is read after the first paint", func(t *testing.T) {
		stored := eval[int](t, b, storedWorkspaceJS+`.length`)
		if stored <= 64<<10 {
			t.Fatalf("the saved workspace is %d bytes: not large, the test would prove nothing", stored)
		}
		status := "Reading " + kb(stored) + "…"
		for _, pg := range []struct{ path, ready, done string }{
			{"/inspect", "#paste", `document.getElementById("summary")?.textContent.includes("142 certificates")`},
			{"/pin", "main", `document.querySelectorAll("#choices .choice").length === 142`},
			{"/check", "#check-chain", `document.getElementById("check-chain").value.length > 200000 && document.getElementById("check-reading") === null`},
			// 142 roots are no server's chain: the simulator says so and runs on its own.
			{"/simulate?chain=mine", "main", `document.getElementById("sim-error")?.textContent.includes("cannot be the real server's") && document.getElementById("sim-reading") === null && document.getElementById("matrix") !== null`},
		} {
			open(pg.path, pg.ready)
			poll(t, b, pg.path+" read", pg.done)
			if seen := eval[[]string](t, b, `window.__reading`); len(seen) == 0 || seen[0] != status {
				t.Errorf("%s: statuses painted %q, want %q before the workspace was read", pg.path, seen, status)
			}
		}
		b.assertClean(t, "large workspace")
	})
}
