//go:build !wasm

package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pinlab/content"
	"pinlab/content/learn"
)

// rightAnswer finds an answer the checker accepts, by asking the checker:
// the test knows no answer of its own.
func rightAnswer(t *testing.T, ex learn.Exercise, candidates []string) string {
	t.Helper()
	for _, c := range candidates {
		if v, err := learn.Check(ex.ID, c); err == nil && v.Correct {
			return c
		}
	}
	t.Fatalf("%s: no candidate passes", ex.ID)
	return ""
}

func wrongAnswer(t *testing.T, ex learn.Exercise, candidates []string) string {
	t.Helper()
	for _, c := range candidates {
		if v, err := learn.Check(ex.ID, c); err == nil && !v.Correct {
			return c
		}
	}
	t.Fatalf("%s: no candidate fails", ex.ID)
	return ""
}

// TestE2ELearn crawls every lesson and every link in them, solves and fails
// each choice exercise in the page, runs workshop mode, and reads lessons
// with the wasm disabled, printed, and offline.
func TestE2ELearn(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	open := func(path string) {
		t.Helper()
		b.run(t, "open "+path, chromedp.Navigate(s.base+path), chromedp.WaitReady("main h1, #slides"))
		poll(t, b, "wasm on "+path, `document.getElementById("app-wasm-loader") === null`)
	}

	t.Run("crawl every lesson and link", func(t *testing.T) {
		open("/learn")
		if n := eval[int](t, b, `document.querySelectorAll(".lesson-list li").length`); n != len(content.Lessons) || n != 11 {
			t.Fatalf("%d lessons listed, want 11", n)
		}
		links := map[string]bool{}
		for _, l := range content.Lessons {
			open("/learn/" + l.Slug)
			poll(t, b, l.Slug+" rendered by the wasm", `document.querySelector("main h1").textContent === `+jsString(l.Title)+` && document.querySelector("#present") !== null`)
			for _, h := range eval[[]string](t, b, `[...document.querySelectorAll("main a[href^='/']")].map(a => a.getAttribute("href"))`) {
				links[h] = true
			}
			b.assertClean(t, "/learn/"+l.Slug)
		}
		var all []string
		for l := range links {
			all = append(all, l)
		}
		sort.Strings(all)
		for _, l := range all {
			open(l)
			if strings.HasPrefix(l, "/simulate?") {
				poll(t, b, "the simulated case of "+l, `document.getElementById("verdict") !== null`)
			}
			b.assertClean(t, l)
		}
		t.Logf("crawled %d lessons and %d distinct internal links", len(content.Lessons), len(all))
	})

	t.Run("exercises are checked by the app", func(t *testing.T) {
		for _, ex := range learn.All() {
			if ex.Kind != learn.KindChoice {
				continue
			}
			open("/learn/" + ex.Lesson)
			sel := "#ex-" + ex.ID
			for _, tc := range []struct {
				answer, want string
			}{{wrongAnswer(t, ex, ex.Choices), "verdict-wrong"}, {rightAnswer(t, ex, ex.Choices), "verdict-right"}} {
				id, _ := json.Marshal(strings.TrimPrefix(sel, "#") + "-" + tc.answer)
				eval[bool](t, b, `document.getElementById(`+string(id)+`).click(), true`)
				b.run(t, "check", chromedp.Click(sel+" .check-answer"))
				poll(t, b, ex.ID+" "+tc.want, `document.querySelector("`+sel+` .exercise-verdict")?.classList.contains("`+tc.want+`")`)
			}
		}
		open("/learn")
		// The wasm loader goes before the page's first client render, so
		// wait for the count read from local storage.
		poll(t, b, "progress read from local storage", `document.getElementById("progress").textContent.includes("done in this browser: ")`)
		if p := eval[string](t, b, `document.getElementById("progress").textContent`); strings.Contains(p, ": 0 of") {
			t.Errorf("progress after solving: %q", p)
		}
		b.run(t, "reset", chromedp.Click("#reset-progress"))
		poll(t, b, "progress reset", `localStorage.getItem("pinlab.progress") === null && document.getElementById("progress").textContent.includes(": 0 of")`)
	})

	t.Run("text exercise: the pin of E5", func(t *testing.T) {
		ex, _ := learn.ByID("spki-pin-e5")
		open("/learn/" + ex.Lesson)
		area := "#ex-spki-pin-e5-answer"
		setField(t, b, area, "e788d14b0436b5120bbee3f15c15badf08c1407fe72568a4f16f9151c380e1e3", "input")
		b.run(t, "check", chromedp.Click("#ex-spki-pin-e5 .check-answer"))
		poll(t, b, "wrong: a fingerprint", `document.querySelector("#ex-spki-pin-e5 .verdict-wrong") !== null`)
		setField(t, b, area, "sha256/NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg=", "input")
		b.run(t, "check", chromedp.Click("#ex-spki-pin-e5 .check-answer"))
		poll(t, b, "right: the pin", `document.querySelector("#ex-spki-pin-e5 .verdict-right") !== null`)
	})

	t.Run("workshop mode", func(t *testing.T) {
		l := content.Lessons[2]
		open("/learn/" + l.Slug)
		b.run(t, "present", chromedp.Click("#present"), chromedp.WaitVisible("#slides"))
		if c := eval[string](t, b, `document.getElementById("slide-count").textContent`); !strings.Contains(c, " 1 / ") {
			t.Errorf("first slide counter %q", c)
		}
		// The lesson opens with its title slide.
		if h := eval[string](t, b, `document.querySelector("#slide.title-slide h1")?.textContent || ""`); h != l.Title {
			t.Errorf("first slide's title %q, want %q", h, l.Title)
		}
		b.run(t, "next", chromedp.KeyEvent(kb.ArrowRight))
		poll(t, b, "slide 2", `document.getElementById("slide-count").textContent.includes(" 2 / ")`)
		// Notes never show on the projected slide, whatever the key.
		b.run(t, "n", chromedp.KeyEvent("n"))
		if eval[bool](t, b, `document.getElementById("notes") !== null`) {
			t.Error("speaker notes on the projected slide")
		}
		b.run(t, "leave", chromedp.Click("#leave-slides"))
		poll(t, b, "back to the lesson", `document.getElementById("slides") === null && document.getElementById("lesson") !== null`)
		b.run(t, "deep link to slides", chromedp.Navigate(s.base+"/learn/"+l.Slug+"?present=1"), chromedp.WaitVisible("#slides"))
	})

	t.Run("prints cleanly", func(t *testing.T) {
		open("/learn/" + content.Lessons[0].Slug)
		if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		got := eval[[]string](t, b, `[".site-header", ".site-footer", ".toolbar"].map(s => getComputedStyle(document.querySelector(s)).display)`)
		if strings.Join(got, " ") != "none none none" {
			t.Errorf("printed: header, footer, toolbar display %v", got)
		}
		chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	})

	t.Run("reads without the wasm", func(t *testing.T) {
		l := content.Lessons[4]
		b.run(t, "no wasm", chromedp.Navigate(s.base+"/learn/"+l.Slug+"?wasm=false"), chromedp.WaitReady("main h1"))
		text := eval[string](t, b, `document.querySelector("main").textContent`)
		if !strings.Contains(text, l.Title) || len(text) < 1000 {
			t.Errorf("prerendered lesson: %d characters, title present %v", len(text), strings.Contains(text, l.Title))
		}
	})

	t.Run("offline", func(t *testing.T) {
		open("/learn")
		poll(t, b, "the service worker", `navigator.serviceWorker.controller !== null`)
		b.assertClean(t, "before offline")
		s.server.stop()
		s.proxy.setBackend("")
		for _, l := range []content.Lesson{content.Lessons[6], content.Lessons[10]} {
			open("/learn/" + l.Slug)
			if h := eval[string](t, b, `document.querySelector("main h1").textContent`); h != l.Title {
				t.Errorf("offline /learn/%s: h1 %q", l.Slug, h)
			}
		}
		b.takeProblems()
	})
	b.assertSameOrigin(t)
}
