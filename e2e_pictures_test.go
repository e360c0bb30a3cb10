//go:build !wasm

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pinlab/content"
	"pinlab/pinlib/sim"
)

// colorScheme emulates the system's light or dark theme ("" for none).
func colorScheme(t *testing.T, b *browser, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

// outcomeStyle is what a cell of each outcome looks like: background, text
// and edge colours, and its glyph.
const outcomeStyle = `Object.fromEntries(["secure", "intercepted", "blocked", "outage"].map(o => {
	const c = document.querySelector("#matrix .cell.outcome-" + o);
	if (!c) return [o, null];
	const s = getComputedStyle(c);
	return [o, [s.backgroundColor, s.color, s.borderTopColor, c.querySelector(".glyph").textContent]];
}))`

// TestE2EOutcomes reads the simulator as a class would: the four main
// outcomes look different (in both themes, and by glyph without colour),
// a legend explains them, controls and headers say words, the trace marks
// each step by what it means for the user and ends in the verdict's colour.
func TestE2EOutcomes(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	link := "/simulate?client=android-legacy&scenario=proxy-user-ca&policy=none&mode=hard"
	b.run(t, "deep link", chromedp.Navigate(s.base+link), chromedp.WaitReady("#verdict"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("legend") !== null`)

	t.Run("four outcomes differ, with a legend", func(t *testing.T) {
		for _, scheme := range []string{"light", "dark"} {
			colorScheme(t, b, scheme)
			got := eval[map[string][]string](t, b, outcomeStyle)
			seen := map[string]string{}
			for o, st := range got {
				if st == nil {
					t.Fatalf("%s: no %s cell in the android-legacy matrix", scheme, o)
				}
				for i, what := range []string{"background", "glyph"} {
					v := st[[]int{0, 3}[i]]
					if prev, dup := seen[what+v]; dup {
						t.Errorf("%s: %s and %s share the %s %s", scheme, o, prev, what, v)
					}
					seen[what+v] = o
				}
				if st[0] == st[1] {
					t.Errorf("%s: %s text and background are both %s", scheme, o, st[0])
				}
			}
			t.Logf("%s: %v", scheme, got)
		}
		colorScheme(t, b, "")
		legend := eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll("#legend .legend-item")].map(li => [li.dataset.outcome, li.textContent]))`)
		for _, o := range []sim.Outcome{sim.Secure, sim.Intercepted, sim.Blocked, sim.Outage} {
			if !strings.Contains(legend[string(o)], o.Name()) || !strings.Contains(legend[string(o)], o.Meaning()) || !strings.Contains(legend[string(o)], o.Glyph()) {
				t.Errorf("legend for %s: %q", o, legend[string(o)])
			}
		}
		// A cell says its outcome in words beside the glyph.
		if c := eval[string](t, b, `document.querySelector('#matrix .cell[data-scenario="proxy-user-ca"][data-policy="none"]').textContent`); c != "✗ Intercepted" {
			t.Errorf("cell text %q", c)
		}
	})

	t.Run("words, not IDs", func(t *testing.T) {
		got := eval[[]string](t, b, `[
			document.querySelector('#scenario option[value="proxy-user-ca"]').textContent,
			document.querySelector('#policy option[value="intermediate-spki"]').textContent,
			document.querySelector('#matrix th[data-policy="intermediate-spki"]').textContent,
			document.querySelector('#matrix th[data-scenario="proxy-user-ca"]').textContent,
			document.querySelector("#trace h2").textContent,
			document.getElementById("scenario").value]`)
		want := []string{"Proxy with a user-installed root", "Intermediate key (SPKI)", "Intermediate key (SPKI)", "Proxy with a user-installed root",
			"Step by step: Proxy with a user-installed root, No pins", "proxy-user-ca"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("got %q\nwant %q", got, want)
		}
	})

	t.Run("trace judged for the user", func(t *testing.T) {
		// The proxy's chain builds: bad news, marked as such, not green.
		built := eval[[]string](t, b, `(() => { const li = [...document.querySelectorAll("#trace li")].find(l => l.querySelector("strong").textContent.includes("Chain built"));
			return [li.dataset.safety, li.querySelector("strong").textContent, getComputedStyle(li).borderLeftColor]; })()`)
		if built[0] != "unsafe" || !strings.HasPrefix(built[1], "✗ Chain built") || !strings.Contains(built[1], "the attacker passes this check") {
			t.Errorf("Chain built in a MITM case: %q", built)
		}
		// The last step wears the verdict's colours.
		same := `(() => { const last = [...document.querySelectorAll("#trace li")].pop(), v = document.querySelector("#verdict .outcome-label"), c = document.querySelector('#matrix .cell[aria-current="true"]');
			const bg = e => getComputedStyle(e).backgroundColor; return [bg(last), bg(v), bg(c), last.dataset.safety]; })()`
		for _, cell := range []string{"none", "intermediate-spki"} {
			b.run(t, "cell", chromedp.Click(`#matrix .cell[data-scenario="proxy-user-ca"][data-policy="`+cell+`"]`))
			poll(t, b, "the case", `document.getElementById("policy").value === "`+cell+`"`)
			got := eval[[]string](t, b, same)
			if got[0] != got[1] || got[1] != got[2] {
				t.Errorf("%s: last step %s, verdict %s, cell %s", cell, got[0], got[1], got[2])
			}
			want := map[string]string{"none": "unsafe", "intermediate-spki": "safe"}[cell]
			if got[3] != want {
				t.Errorf("%s: last step is %s, want %s", cell, got[3], want)
			}
		}
	})

	t.Run("390 px matrix", func(t *testing.T) {
		b.run(t, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
		defer b.run(t, "desktop", chromedp.EmulateViewport(1280, 800))
		b.run(t, "reload", chromedp.Navigate(s.base+link), chromedp.WaitReady("#verdict"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("legend") !== null`)
		if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("the page is %d px wide at %d px", w[0], w[1])
		}
		// The scene is the stacked one, and fits.
		if sc := eval[[]float64](t, b, `[...document.querySelectorAll("#scene svg")].map(s => s.getBoundingClientRect().width)`); len(sc) != 2 || sc[0] != 0 || sc[1] == 0 || sc[1] > 390 {
			t.Errorf("scene widths at 390 px (wide, stacked): %v", sc)
		}
		broken := eval[[]string](t, b, brokenWords("#matrix th, #matrix .cell, #legend li"))
		if len(broken) > 0 {
			t.Errorf("words broken across lines in the matrix: %q", broken)
		}
		// The table scrolls sideways inside its box; the scenario column stays.
		got := eval[[]float64](t, b, `(() => { const box = document.querySelector("#matrix .table-scroll"); box.scrollLeft = 400;
			const th = document.querySelector('#matrix th[data-scenario="baseline"]');
			return [box.scrollWidth - box.clientWidth, box.scrollLeft, th.getBoundingClientRect().left - box.getBoundingClientRect().left]; })()`)
		if got[0] <= 0 || got[1] == 0 || got[2] < -1 || got[2] > 1 {
			t.Errorf("sideways scroll %v (overflow, scrolled, first column's offset): the first column should stay", got)
		}
		b.run(t, "back", chromedp.Evaluate[chromedp.Void](`document.querySelector("#matrix .table-scroll").scrollLeft = 0`))
	})
	b.assertClean(t, "outcomes")
}

// brokenWords is a JavaScript expression: the words, in the elements sel
// finds, whose letters the browser laid out on more than one line. A line
// may end after a hyphen ("user-/installed"), as print does; never inside
// a run of letters ("blo/cke/d").
func brokenWords(sel string) string {
	return `(() => { const bad = [];
		for (const el of document.querySelectorAll(` + jsString(sel) + `)) {
			const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let n;
			while ((n = walk.nextNode())) {
				const re = /[^\s-]+-?/g; let m;
				while ((m = re.exec(n.data))) {
					const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
					const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
					if (lines.size > 1) bad.push(m[0]);
				}
			}
		}
		return bad; })()`
}

// TestE2EPictures finds a picture wherever the issue asks for one, drawn
// by the wasm on the tools and prerendered in the lessons.
func TestE2EPictures(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)

	t.Run("simulate", func(t *testing.T) {
		b.run(t, "simulate", chromedp.Navigate(s.base+"/simulate?client=android&scenario=baseline&policy=intermediate-spki&mode=hard"), chromedp.WaitReady("#verdict"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
		got := eval[[]string](t, b, `[document.querySelector("#scene svg.pic-scene")?.getAttribute("class") || "",
			document.querySelector("#sim-chain svg .node.pinned.matched .pic-name")?.textContent || "",
			document.querySelector("#scene svg .band-title")?.textContent || ""]`)
		if got[0] != "pic pic-scene outcome-secure" || got[1] != "Issuing CA A1" || got[2] != "✓ SECURE" {
			t.Errorf("simulate pictures: %q", got)
		}
	})

	t.Run("inspect and pin, with a chain", func(t *testing.T) {
		b.run(t, "inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitReady("#sample-demo"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
		b.run(t, "demo chain", chromedp.Click("#sample-demo"))
		waitSummary(t, b, "one chain")
		if n := eval[int](t, b, `document.querySelectorAll("#chain-picture svg.pic-chain .node").length`); n != 3 {
			t.Errorf("Inspect's chain picture has %d certificates, want 3", n)
		}
		b.run(t, "send to Pin", chromedp.Click("#send-pin"))
		poll(t, b, "the Pin page", `location.pathname === "/pin" && document.getElementById("pin-chain-picture") !== null`)
		// The default pick, the intermediate, is the one marked pinned.
		if r := eval[string](t, b, `[...document.querySelectorAll("#pin-chain-picture .node.pinned")].map(n => n.classList[1]).join(",")`); r != "node-intermediate" {
			t.Errorf("pinned in Pin's picture: %q, want the intermediate", r)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#rotation-picture svg.pic-timeline .bar").length`); n < 2 {
			t.Errorf("the rotation timeline has %d bars", n)
		}
	})

	t.Run("lessons, before the wasm runs", func(t *testing.T) {
		for _, tc := range []struct{ slug, class string }{
			{"what-to-pin", "pic-chain"},
			{"mitm-on-mobile", "pic-scene"},
			{"backup-and-rotation", "pic-timeline"},
		} {
			for _, q := range []string{"?wasm=false", ""} {
				b.run(t, tc.slug, chromedp.Navigate(s.base+"/learn/"+tc.slug+q), chromedp.WaitReady("main h1"))
				if q == "" {
					poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("present") !== null`)
				}
				if n := eval[int](t, b, `document.querySelectorAll("main svg.`+tc.class+`:not(.pic-narrow)").length`); n != 1 {
					t.Errorf("/learn/%s%s: %d %s pictures", tc.slug, q, n, tc.class)
				}
			}
		}
		// The lesson's matrix is the simulator's: words, glyphs, a legend.
		b.run(t, "what to pin", chromedp.Navigate(s.base+"/learn/what-to-pin"), chromedp.WaitReady("main h1"))
		if got := eval[[]int](t, b, `[document.querySelectorAll("main .matrix-table .cell").length, document.querySelectorAll("main .legend .legend-item").length]`); got[0] != 84 || got[1] < 4 {
			t.Errorf("lesson matrix: %d cells, %d legend items", got[0], got[1])
		}
	})
	b.assertClean(t, "pictures")
	b.assertSameOrigin(t)
}

// maxSlideFit is how many steps any slide may shrink to fit a 1280×720
// projector: 0.64 of the slide's type, about 16 px. A slide that needs
// more is too long for a room.
const maxSlideFit = 5

// slideFit is how many steps the projected slide's text shrank to fit.
func slideFit(t *testing.T, b *browser) int {
	t.Helper()
	return eval[int](t, b, `+((document.getElementById("slide").className.match(/fit-(\d)/) || [0, 0])[1])`)
}

// slideFits is a JavaScript expression: the projected slide, and every box
// in it that could scroll on its own, shows all it holds.
const slideFits = `(() => { const s = document.getElementById("slide"); if (!s) return false;
	const over = e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1;
	return !over(s) && ![...s.querySelectorAll("pre, table, .table-scroll, .pic-wrap")].some(over); })()`

// TestE2ESlides presents every lesson on a 1280×720 projector: a title
// slide first, no slide overflowing; then the presenter view in a second
// window shows the notes, the next slide and a timer, and its keys drive
// the projected window, which never shows a note.
func TestE2ESlides(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.run(t, "projector", chromedp.EmulateViewport(1280, 720))
	// The slide that shrinks most, and how far.
	var (
		worst, worstAt int
		worstSlug      string
	)

	t.Run("no slide overflows 1280x720", func(t *testing.T) {
		total := 0
		var small []string // slides whose text shrank a lot: candidates to split
		for _, l := range content.Lessons {
			b.run(t, l.Slug, chromedp.Navigate(s.base+"/learn/"+l.Slug+"?present=1"), chromedp.WaitReady("#slides"))
			poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.querySelector("#slide.title-slide") !== null`)
			if h := eval[string](t, b, `document.querySelector("#slide.title-slide h1").textContent`); h != l.Title {
				t.Errorf("%s: title slide %q", l.Slug, h)
			}
			for i := 0; i < len(l.Slides)+1; i++ {
				if i > 0 {
					b.run(t, "next", chromedp.KeyEvent(kb.ArrowRight))
					poll(t, b, "the next slide", fmt.Sprintf(`document.getElementById("slide-count").textContent.includes(" %d / ")`, i+1))
				}
				if !pollFor(b, 5*time.Second, slideFits) {
					t.Errorf("%s slide %d of %d overflows 1280×720 (fit step %s)", l.Slug, i+1, len(l.Slides)+1,
						eval[string](t, b, `document.getElementById("slide").className`))
				}
				fit := slideFit(t, b)
				if fit > worst {
					worst, worstSlug, worstAt = fit, l.Slug, i
				}
				total++
				if fit > maxSlideFit {
					t.Errorf("%s slide %d of %d shrank %d steps to fit 1280×720, more than %d: split it or shorten its lines", l.Slug, i+1, len(l.Slides)+1, fit, maxSlideFit)
				}
				if fit == maxSlideFit {
					small = append(small, fmt.Sprintf("%s #%d", l.Slug, i+1))
				}
			}
		}
		t.Logf("%d slides fit 1280×720; the most any shrank is %d steps; %d steps: %v", total, worst, maxSlideFit, small)
	})

	// A presenter who skips ahead presses the arrow again before a slide
	// has shrunk to fit; the slide landed on must shrink as far as it does
	// on its own, not go on from where the slides passed left off.
	t.Run("skipping ahead", func(t *testing.T) {
		if worst == 0 {
			t.Skip("no slide shrinks")
		}
		b.run(t, "present", chromedp.Navigate(s.base+"/learn/"+worstSlug+"?present=1"), chromedp.WaitReady("#slides"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.querySelector("#slide.title-slide") !== null`)
		var presses []chromedp.Action[chromedp.Void]
		for range worstAt {
			presses = append(presses, chromedp.KeyEvent(kb.ArrowRight))
		}
		b.run(t, "to the slide that shrinks most, without waiting", presses...)
		poll(t, b, "that slide", fmt.Sprintf(`document.getElementById("slide-count").textContent.includes(" %d / ")`, worstAt+1))
		pollFor(b, 5*time.Second, slideFits)
		time.Sleep(300 * time.Millisecond) // any step still queued
		if got := slideFit(t, b); got != worst {
			t.Errorf("%s slide %d shrank %d steps when skipped to, %d when shown on its own", worstSlug, worstAt+1, got, worst)
		}
	})

	t.Run("presenter view", func(t *testing.T) {
		l, _ := content.BySlug("what-to-pin")
		b.run(t, "present", chromedp.Navigate(s.base+"/learn/"+l.Slug+"?present=1"), chromedp.WaitReady("#slides"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("open-presenter") !== null`)
		// The button opens the presenter view in a second window. The
		// test reads that window through the projected one (same origin,
		// and window.open with its name returns it): headless Chromium
		// loses DevTools replies from popups.
		opened := chromedp.WaitNewTarget(b.ctx, func(i *target.Info) bool { return strings.Contains(i.URL, "view=presenter") })
		b.run(t, "open the presenter view", chromedp.Click("#open-presenter"))
		select {
		case <-opened:
		case <-time.After(20 * time.Second):
			t.Fatal("the presenter window did not open")
		}
		if u := eval[string](t, b, `(window.__p = window.open("", "pinlab-presenter")) ? __p.location.pathname + __p.location.search : ""`); u != "/learn/"+l.Slug+"?present=1&view=presenter" {
			t.Fatalf("presenter window at %q", u)
		}
		poll(t, b, "the presenter view", `__p.document.getElementById("notes") !== null && __p.document.getElementById("app-wasm-loader") === null`)
		state := func() []string {
			t.Helper()
			return eval[[]string](t, b, `[document.getElementById("slide-count").textContent, __p.document.getElementById("presenter-count").textContent,
				__p.document.querySelector("#notes p").textContent, __p.document.querySelector("#presenter-next-slide h2 + .slide h2")?.textContent || "",
				__p.document.getElementById("timer").textContent]`)
		}
		// Keys in the presenter window move both windows; keys in the
		// projected one too (a real key press there).
		eval[bool](t, b, `__p.dispatchEvent(new __p.KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}))`)
		eval[bool](t, b, `__p.dispatchEvent(new __p.KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}))`)
		poll(t, b, "both on slide 3", `document.getElementById("slide-count").textContent.includes(" 3 / ") && __p.document.getElementById("presenter-count").textContent.includes(" 3 / ")`)
		st := state()
		if st[2] != l.Slides[1].Notes {
			t.Errorf("presenter notes %q, want slide 3's %q", st[2], l.Slides[1].Notes)
		}
		if st[3] == "" || !strings.Contains(l.Slides[2].Parts[0].HTML, st[3]) {
			t.Errorf("the next slide shows %q", st[3])
		}
		b.run(t, "back, from the projector", chromedp.KeyEvent(kb.ArrowLeft))
		poll(t, b, "both on slide 2", `document.getElementById("slide-count").textContent.includes(" 2 / ") && __p.document.getElementById("presenter-count").textContent.includes(" 2 / ")`)
		// The projected window never shows a note, not even as text.
		projected := eval[string](t, b, `document.body.innerText`)
		for i, sl := range l.Slides {
			if first := strings.SplitN(sl.Notes, "\n", 2)[0]; first != "" && strings.Contains(projected, first) {
				t.Errorf("the projected window shows slide %d's notes", i+2)
			}
		}
		if eval[bool](t, b, `document.getElementById("notes") !== null || document.getElementById("timer") !== null`) {
			t.Error("notes or a timer in the projected window")
		}
		if tm := state()[4]; !strings.HasPrefix(tm, "0:") {
			t.Errorf("timer %q", tm)
		}
		poll(t, b, "the timer to run", `__p.document.getElementById("timer").textContent !== "0:00"`)
		b.assertClean(t, "slides")
	})
	b.assertSameOrigin(t)
}

// TestE2EPrintLinks prints a lesson: a link shows its address only when
// the address works on paper.
func TestE2EPrintLinks(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.run(t, "lesson", chromedp.Navigate(s.base+"/learn/what-to-pin"), chromedp.WaitReady("main h1"))
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	got := eval[[][]string](t, b, `[...document.querySelectorAll("main .prose a")].map(a => [a.getAttribute("href"), getComputedStyle(a, "::after").content])`)
	internal, external := 0, 0
	for _, l := range got {
		href, after := l[0], l[1]
		switch {
		case strings.HasPrefix(href, "https://"):
			external++
			if !strings.Contains(after, href) {
				t.Errorf("printed %s shows %s", href, after)
			}
		default:
			internal++
			if after != "none" && after != "normal" {
				t.Errorf("printed relative link %s shows %s", href, after)
			}
		}
	}
	if internal == 0 || external == 0 {
		t.Errorf("%d internal and %d external links: the check would prove nothing", internal, external)
	}
	// The matrix prints tinted, with its glyphs and legend.
	cells := eval[[]string](t, b, `["secure", "intercepted", "blocked"].map(o => { const c = document.querySelector("main .cell.outcome-" + o), s = getComputedStyle(c);
		return s.backgroundColor + " " + s.printColorAdjust + " " + c.querySelector(".glyph").textContent; })`)
	for i, c := range cells {
		if !strings.Contains(c, " exact ") || strings.HasPrefix(c, "rgba(0, 0, 0, 0)") {
			t.Errorf("printed matrix cell %d: %s", i, c)
		}
	}
	if n := eval[int](t, b, `document.querySelectorAll("main .legend .legend-item").length`); n == 0 {
		t.Error("no legend in print")
	}
}

// TestE2EPictureScreenshots takes the README's pictures and, with
// -screenshots, every picture at 1366 and 390 px in the light and dark
// themes into a folder to look at.
func TestE2EPictureScreenshots(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	review := filepath.Join(t.TempDir(), "review")
	if *updateScreenshots {
		review = filepath.Join(os.TempDir(), "pinlab-screenshots")
	}
	if err := os.MkdirAll(review, 0o755); err != nil {
		t.Fatal(err)
	}
	// Inspect, then Pin, on the demo chain: the chain and the timeline.
	b.run(t, "inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitReady("#sample-demo"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
	b.run(t, "demo chain", chromedp.Click("#sample-demo"))
	waitSummary(t, b, "one chain")

	shots := []struct {
		name, path, sel string
		present         bool
	}{
		{"simulate-scene", "/simulate?client=android-legacy&scenario=proxy-user-ca&policy=none&mode=hard", "#picture", false},
		{"simulate-chain", "/simulate?client=android&scenario=baseline&policy=intermediate-spki&mode=hard", "#sim-chain", false},
		{"simulate-matrix", "/simulate?client=android-legacy&scenario=proxy-user-ca&policy=none&mode=hard", "#matrix", false},
		{"inspect-chain", "/inspect", "#chain-picture", false},
		{"pin-chain", "/pin", "#pin-chain-picture", false},
		{"pin-timeline", "/pin", "#rotation-picture", false},
		{"lesson-chain", "/learn/what-to-pin", "main .pic-wrap:has(.pic-chain)", false},
		{"lesson-scene", "/learn/mitm-on-mobile", "main .pic-wrap:has(.pic-scene)", false},
		{"lesson-timeline", "/learn/backup-and-rotation", "main .pic-wrap:has(.pic-timeline)", false},
		{"lesson-matrix", "/learn/what-to-pin", "main .matrix-table", false},
	}
	open := func(path, sel string) {
		b.run(t, "open "+path, chromedp.Navigate(s.base+path), chromedp.WaitReady("main h1"))
		poll(t, b, "wasm on "+path, `document.getElementById("app-wasm-loader") === null && document.querySelector(`+jsString(sel)+`) !== null`)
		b.run(t, "scroll", chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector(`+jsString(sel)+`); window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 16); })()`))
	}
	// Pin the leaf as well as the intermediate, so Pin's pictures show two
	// pins and the leaf's near dates.
	b.run(t, "pin", chromedp.Navigate(s.base+"/pin"), chromedp.WaitReady("main h1"))
	poll(t, b, "wasm on /pin", `document.getElementById("app-wasm-loader") === null && document.getElementById("pick-0") !== null`)
	b.run(t, "pin the leaf too", chromedp.Click("#pick-0"))
	poll(t, b, "two pins", `document.querySelectorAll("#pin-chain-picture .node.pinned").length === 2`)
	// The README's: what a person sees at 1280×800 in the light theme.
	readme := map[string]string{"simulate-matrix": "screenshot-matrix.png", "pin-timeline": "screenshot-rotation.png"}
	for _, sh := range shots {
		if file, ok := readme[sh.name]; ok {
			open(sh.path, sh.sel)
			b.run(t, file, viewportScreenshotTo(screenshotPath(t, file)))
		}
	}
	if !*updateScreenshots {
		b.assertClean(t, "screenshots")
		return
	}
	for _, vp := range []struct{ w, h int }{{1366, 768}, {390, 844}} {
		for _, scheme := range []string{"light", "dark"} {
			b.run(t, "viewport", chromedp.EmulateViewport(int64(vp.w), int64(vp.h)))
			colorScheme(t, b, scheme)
			for _, sh := range shots {
				open(sh.path, sh.sel)
				name := fmt.Sprintf("%s-%d-%s.png", sh.name, vp.w, scheme)
				b.run(t, name, viewportScreenshotTo(filepath.Join(review, name)))
			}
		}
	}
	// The phone matrix in the dark, for the README too.
	b.run(t, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	colorScheme(t, b, "dark")
	open(shots[2].path, shots[2].sel)
	b.run(t, "phone matrix", viewportScreenshotTo(screenshotPath(t, "screenshot-matrix-phone-dark.png")))
	// A slide on a 1280×720 projector, dark.
	b.run(t, "projector", chromedp.EmulateViewport(1280, 720))
	b.run(t, "present", chromedp.Navigate(s.base+"/learn/mitm-on-mobile?present=1"), chromedp.WaitReady("#slides"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("open-presenter") !== null`)
	for i := 0; i < 3; i++ {
		b.run(t, "next", chromedp.KeyEvent(kb.ArrowRight))
	}
	poll(t, b, "the scene slide", `document.querySelector("#slide svg.pic-scene") !== null`)
	pollFor(b, 3*time.Second, slideFits)
	b.run(t, "slide", viewportScreenshotTo(screenshotPath(t, "screenshot-slide-dark.png")))
	// The presenter view of the same slide, light, as on the laptop.
	colorScheme(t, b, "light")
	b.run(t, "presenter", chromedp.Navigate(s.base+"/learn/mitm-on-mobile?present=1&view=presenter"), chromedp.WaitReady("#presenter"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null && document.getElementById("timer").textContent !== "0:00"`)
	for i := 0; i < 3; i++ {
		b.run(t, "next", chromedp.KeyEvent(kb.ArrowRight))
	}
	poll(t, b, "the scene slide", `document.querySelector("#presenter-current svg.pic-scene") !== null`)
	b.run(t, "presenter", viewportScreenshotTo(screenshotPath(t, "screenshot-presenter.png")))
	colorScheme(t, b, "")
	t.Logf("review screenshots in %s", review)
	b.assertClean(t, "screenshots")
}
