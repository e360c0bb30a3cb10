//go:build !wasm

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2EHomePaste: a chain pasted on the home page opens on Inspect with
// its pins, in one step; a private key pasted there is cut out at once and
// said so, and only the rest goes on.
func TestE2EHomePaste(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	const tk = "pinlib/testdata/vectors/trustkit/"
	chain := pemOf(t, tk+"www.globalsign.com.der", tk+"GlobalSignDomainValidationCA-SHA256-G2.der", tk+"GlobalSignRootCA.der")
	// pasteInto pastes text into the box with that id, as a paste does.
	pasteInto := func(id, text string) {
		eval[bool](t, b, `(() => { const el = document.getElementById(`+jsString(id)+`); el.focus(); el.value = `+jsString(text)+`;
			el.dispatchEvent(new InputEvent("input", {inputType: "insertFromPaste", bubbles: true})); return true; })()`)
	}

	b.open(t, "/", "#home-paste")
	pasteInto("home-paste", chain)
	poll(t, b, "Inspect with the chain", `location.pathname === "/inspect" && document.querySelectorAll("#pins-table tbody tr").length === 3`)
	if got := eval[string](t, b, `document.querySelector("#pins-table tbody tr .pin-value").textContent`); got != "NDCIt6TrQnfOk+lquunrmlPQB3K/7CLOCmSS5kW+KCc=" {
		t.Errorf("first pin %q, TrustKit asserts NDCIt6Tr… for www.globalsign.com", got)
	}

	const keyLine = "MC4CAQAwBQYDK2VwBCIEIDzRmBQx0yLbjVJ1K9rYW8iZnGLWOPMx5kE3Ihm3VBc1"
	b.open(t, "/", "#home-paste")
	pasteInto("home-paste", "-----BEGIN PRIVATE KEY-----\n"+keyLine+"\n-----END PRIVATE KEY-----\n"+chain)
	poll(t, b, "the notice, on the home page", `document.querySelector("#home-removed .key-removed") !== null && location.pathname === "/"`)
	if v := eval[string](t, b, `document.getElementById("home-paste").value + JSON.stringify(localStorage)`); strings.Contains(v, keyLine) {
		t.Error("the private key stays in the box or in storage")
	}
	b.run(t, "inspect the rest", chromedp.Click("#home-inspect"))
	poll(t, b, "Inspect with the rest", `location.pathname === "/inspect" && document.querySelectorAll("#pins-table tbody tr").length === 3`)
	b.assertClean(t, "home")
	b.assertSameOrigin(t)
	b.assertNothingSent(t, []string{keyLine, strings.Split(chain, "\n")[2]})
}
