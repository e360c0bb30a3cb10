//go:build !wasm

package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2EDeceptiveNames pastes a certificate whose name holds a
// right-to-left override, so that printed raw "api.\u202emoc.lapyap" reads
// "api.paypal.com". Inspect must show the escape instead, marked so it
// stands out from the name, and list the deceptive-characters warning.
func TestE2EDeceptiveNames(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.run(t, "open /inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitReady("#paste"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)

	pemText, err := selfSignedPEM("api.\u202emoc.lapyap", "api.example.com")
	if err != nil {
		t.Fatal(err)
	}
	paste(t, b, string(pemText))
	waitSummary(t, b, "1 certificate")

	if got := eval[string](t, b, `document.querySelector("#cert-0 .cert-name").textContent`); got != `api.\u202emoc.lapyap` {
		t.Errorf("the name reads %q on the page, want the escape api.\\u202emoc.lapyap", got)
	}
	// The mark is drawn: its own background and outline, unlike the name
	// around it, and it takes room on the line.
	mark := eval[map[string]any](t, b, `(() => {
		const m = document.querySelector("#cert-0 .cert-name mark.deceptive");
		if (!m) return {found: false};
		const st = getComputedStyle(m), around = getComputedStyle(m.parentElement);
		return {found: true, text: m.textContent, title: m.title, width: m.getBoundingClientRect().width,
			bg: st.backgroundColor, aroundBg: around.backgroundColor, outline: st.outlineStyle, font: st.fontFamily, aroundFont: around.fontFamily};
	})()`)
	switch {
	case mark["found"] != true:
		t.Fatal("no mark.deceptive in the certificate's name")
	case mark["text"] != `\u202e`:
		t.Errorf("the mark reads %q, want \\u202e", mark["text"])
	case mark["bg"] == mark["aroundBg"] || mark["bg"] == "rgba(0, 0, 0, 0)":
		t.Errorf("the mark has the name's background (%v): not visibly marked", mark["bg"])
	case mark["outline"] != "solid" || mark["font"] == mark["aroundFont"]:
		t.Errorf("the mark is not boxed in a monospace font: outline %v, font %v", mark["outline"], mark["font"])
	case mark["width"].(float64) <= 0:
		t.Errorf("the mark takes no room: width %v", mark["width"])
	}
	if title, _ := mark["title"].(string); title == "" {
		t.Error("the mark does not say which character it stands for")
	}

	// Opened (a single certificate's card starts open; a click would close
	// it), the card's subject is marked too; nowhere in the chain does the
	// override itself reach the page.
	eval[bool](t, b, `(() => { const d = document.querySelector("#cert-0 details"); if (!d.open) d.querySelector("summary").click(); return true; })()`)
	poll(t, b, "the details", `document.querySelector("#cert-0 .details") !== null`)
	if n := eval[int](t, b, `document.querySelectorAll("#cert-0 .details mark.deceptive").length`); n < 1 {
		t.Error("the subject in the details is not marked")
	}
	if eval[bool](t, b, `document.getElementById("chain").textContent.includes("\u202e")`) {
		t.Error("a raw U+202E is in the chain's text")
	}
	if !eval[bool](t, b, `document.querySelector('#warnings [data-code="deceptive-characters"]') !== null`) {
		t.Error("no deceptive-characters warning on the page")
	}
	b.assertClean(t, "deceptive names")
}
