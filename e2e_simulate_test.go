//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

// TestE2ESimulate opens a deep link, checks the verdict and trace, reads
// the matrix, switches to soft-fail and sees the same matrix on a client
// with no soft-fail mode, then on TrustKit sees pin blocks become reported
// interceptions and reports sent in both modes, and opens a cell.
func TestE2ESimulate(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	link := "/simulate?client=android-legacy&scenario=proxy-user-ca&policy=intermediate-spki&mode=hard"
	b.run(t, "deep link", chromedp.Navigate(s.base+link), chromedp.WaitReady("#verdict"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("matrix") !== null`)

	t.Run("verdict and trace", func(t *testing.T) {
		sel := eval[[]string](t, b, `["client", "scenario", "policy"].map(id => document.getElementById(id).value)`)
		if strings.Join(sel, " ") != "android-legacy proxy-user-ca intermediate-spki" {
			t.Errorf("controls = %v, want the deep link's case", sel)
		}
		if v := eval[string](t, b, `(v => v.dataset.outcome + " " + v.textContent)(document.getElementById("verdict"))`); !strings.HasPrefix(v, "blocked") {
			t.Errorf("verdict %q, want blocked: the proxy's leaf does not carry the pinned intermediate key", v)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#trace li").length`); n < 4 {
			t.Errorf("trace has %d steps", n)
		}
		if eval[int](t, b, `document.querySelectorAll("#trace .pin-checks tbody tr").length`) == 0 {
			t.Error("the trace compares no pin with any certificate")
		}
		if eval[int](t, b, `document.querySelectorAll("#trace .pin-checks tr.match-yes").length`) != 0 {
			t.Error("a pin matched on the proxy's chain")
		}
	})

	// cells reads the matrix as "scenario/policy" -> outcome ID; the cells
	// say the outcome in words, with a glyph.
	const cells = `Object.fromEntries([...document.querySelectorAll("#matrix .cell")].map(c => [c.dataset.scenario + "/" + c.dataset.policy, c.dataset.outcome]))`
	var hard map[string]string
	t.Run("matrix", func(t *testing.T) {
		hard = eval[map[string]string](t, b, cells)
		if len(hard) != 14*6 {
			t.Fatalf("%d cells, want 84", len(hard))
		}
		// The page shows the engine's outcomes, cell for cell.
		w, err := sim.NewWorld(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		want, _ := w.Matrix("android-legacy", sim.Hard)
		for _, sc := range sim.Scenarios {
			for _, p := range sim.Policies {
				if hard[sc+"/"+p] != string(want.Outcomes[sc][p]) {
					t.Errorf("%s/%s: page %q, engine %q", sc, p, hard[sc+"/"+p], want.Outcomes[sc][p])
				}
			}
		}
		if hard["proxy-user-ca/none"] != "intercepted" || hard["baseline/intermediate-spki"] != "secure" {
			t.Errorf("android-legacy: proxy-user-ca/none = %s, baseline/intermediate-spki = %s", hard["proxy-user-ca/none"], hard["baseline/intermediate-spki"])
		}
		t.Logf("matrix in the wasm: %s", eval[string](t, b, `document.getElementById("matrix-time").textContent`))
	})

	t.Run("no soft-fail mode", func(t *testing.T) {
		// Android has no soft-fail mode: soft mode shows the hard matrix,
		// and the page says so beside the toggle, above the matrix and in
		// the verdict.
		if v := eval[string](t, b, `document.getElementById("soft-fail-clients").textContent`); v != "Only trustkit and naive have a soft-fail mode; the other clients block in both modes." {
			t.Errorf("beside the mode toggle: %q", v)
		}
		b.run(t, "soft", chromedp.Click("#mode-soft"))
		poll(t, b, "soft matrix", `location.search.includes("mode=soft") && document.querySelector("#matrix h2").textContent.includes("soft")`)
		soft := eval[map[string]string](t, b, cells)
		for cell, o := range hard {
			if soft[cell] != o {
				t.Errorf("android-legacy %s: %s in soft mode, %s in hard mode", cell, soft[cell], o)
			}
		}
		if v := eval[string](t, b, `document.getElementById("mode-note")?.textContent || ""`); !strings.HasPrefix(v, "android-legacy has no soft-fail mode") {
			t.Errorf("mode note %q", v)
		}
		if v := eval[string](t, b, `(v => v.dataset.outcome + " " + v.textContent)(document.getElementById("verdict"))`); !strings.HasPrefix(v, "blocked") || !strings.Contains(v, "no soft-fail mode") {
			t.Errorf("soft verdict %q, want blocked, with no soft-fail mode", v)
		}
		if eval[bool](t, b, `document.getElementById("report") !== null`) {
			t.Error("a report body for a client that cannot report")
		}
	})

	t.Run("soft-fail", func(t *testing.T) {
		// TrustKit has one: with enforcement off, pin blocks become
		// reported interceptions.
		setField(t, b, "#client", "trustkit", "change")
		poll(t, b, "trustkit soft matrix", `location.search.includes("client=trustkit") && document.querySelector("#matrix h2").textContent.includes("TrustKit (iOS), soft")`)
		soft := eval[map[string]string](t, b, cells)
		b.run(t, "hard", chromedp.Click("#mode-hard"))
		poll(t, b, "trustkit hard matrix", `document.querySelector("#matrix h2").textContent.includes("TrustKit (iOS), hard")`)
		tkHard := eval[map[string]string](t, b, cells)
		turned := 0
		for cell, o := range soft {
			if o == "intercepted-reported" {
				turned++
				if tkHard[cell] != "blocked" && tkHard[cell] != "n/a" {
					t.Errorf("%s: %s in soft mode but %s in hard mode", cell, o, tkHard[cell])
				}
			}
		}
		if turned == 0 || soft["proxy-user-ca/intermediate-spki"] != "intercepted-reported" {
			t.Errorf("no blocked cell turned intercepted-reported (proxy-user-ca/intermediate-spki = %s)", soft["proxy-user-ca/intermediate-spki"])
		}
		// Reporting is a switch of its own: enforcing, TrustKit blocks the
		// proxy and still sends its report.
		b.run(t, "cell", chromedp.Click(`#matrix .cell[data-scenario="proxy-user-ca"][data-policy="leaf-spki+backup"]`))
		poll(t, b, "the cell's case", `location.search.includes("policy=leaf-spki%2Bbackup") && document.getElementById("policy").value === "leaf-spki+backup"`)
		if v := eval[string](t, b, `(v => v.dataset.outcome + " " + v.textContent)(document.getElementById("verdict"))`); !strings.HasPrefix(v, "blocked") || !strings.Contains(v, "sends a report") {
			t.Errorf("trustkit hard verdict %q, want blocked, with a report sent", v)
		}
		if v := eval[string](t, b, `document.getElementById("mode-note")?.textContent || ""`); !strings.Contains(v, "reports whether or not it enforces") {
			t.Errorf("trustkit hard mode note %q", v)
		}
		if r := eval[string](t, b, `document.getElementById("report")?.textContent || ""`); !strings.Contains(r, "api.example.test") || !strings.Contains(r, `"enforce-pinning": true`) {
			t.Errorf("no report body shown for a blocked, enforced mismatch: %q", r)
		}
		b.run(t, "soft again", chromedp.Click("#mode-soft"))
		poll(t, b, "trustkit soft matrix", `document.querySelector("#matrix h2").textContent.includes("TrustKit (iOS), soft")`)
		t.Logf("matrix in the wasm, switching to soft-fail: %s", eval[string](t, b, `document.getElementById("matrix-time").textContent`))
		if r := eval[string](t, b, `document.getElementById("report")?.textContent || ""`); !strings.Contains(r, "api.example.test") || !strings.Contains(r, `"enforce-pinning": false`) {
			t.Errorf("no report body shown for a soft-fail mismatch: %q", r)
		}
	})

	t.Run("open a cell", func(t *testing.T) {
		b.run(t, "cell", chromedp.Click(`#matrix .cell[data-scenario="leaf-renewed-new-key"][data-policy="leaf-spki"]`))
		poll(t, b, "the cell's case", `location.search.includes("scenario=leaf-renewed-new-key") && document.getElementById("scenario").value === "leaf-renewed-new-key"`)
		if v := eval[string](t, b, `(v => v.dataset.outcome + " " + v.textContent)(document.getElementById("verdict"))`); !strings.HasPrefix(v, "secure-reported") {
			t.Errorf("soft-fail leaf renewal with a new key under a leaf pin: %q, want secure-reported", v)
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		setField(t, b, "#client", "android-legacy", "change")
		b.run(t, "hard", chromedp.Click("#mode-hard"))
		b.run(t, "scroll", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById("controls").offsetTop - 16)`))
		b.run(t, "screenshot", viewportScreenshotTo(screenshotPath(t, "screenshot-simulate.png")))
	})
	t.Run("your own chain", func(t *testing.T) {
		// The trustme chain of TrustKit's vectors: a leaf signed by its root.
		const tk = "pinlib/testdata/vectors/trustkit/"
		b.run(t, "inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitReady("#paste"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
		chain := pemOf(t, tk+"www.good.com.der", tk+"GoodRootCA.der")
		paste(t, b, chain)
		waitSummary(t, b, "2 certificates")
		b.run(t, "send to Simulate", chromedp.Click("#send-simulate"))
		poll(t, b, "the simulator on this chain", `location.pathname === "/simulate" && document.getElementById("use-chain")?.checked && document.getElementById("verdict") !== null`)
		if v := eval[string](t, b, `[...document.querySelectorAll("#scene svg:not(.pic-narrow) .actor-server text")].map(t => t.textContent).join(" ")`); v != "Server www.good.com" {
			t.Errorf("server %q, want the pasted leaf's name", v)
		}
		if n := eval[string](t, b, `document.getElementById("world-notes")?.textContent || ""`); !strings.Contains(n, "signed by the root") || !strings.Contains(n, "Intermediate key (SPKI)") {
			t.Errorf("notes %q, want the root standing in for the intermediate", n)
		}
		// The page's matrix is the engine's on the same chain.
		w, err := sim.NewWorldFromChain(time.Now(), pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(chain)}))
		if err != nil {
			t.Fatal(err)
		}
		ctl := eval[[]string](t, b, `[document.getElementById("client").value, document.getElementById("mode-soft").checked ? "soft" : "hard"]`)
		m, err := w.Matrix(ctl[0], sim.Mode(ctl[1]))
		if err != nil {
			t.Fatal(err)
		}
		page := eval[map[string]string](t, b, cells)
		for _, sc := range m.Scenarios {
			for _, pol := range m.Policies {
				if got, want := page[sc+"/"+pol], string(m.Outcomes[sc][pol]); got != want {
					t.Errorf("%s/%s on the page %q, engine %q", sc, pol, got, want)
				}
			}
		}
	})
	b.assertClean(t, "simulate")
	b.assertSameOrigin(t)
}
