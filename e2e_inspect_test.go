//go:build !wasm

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pemOf reads DER files into one PEM text, as people paste chains.
func pemOf(t *testing.T, files ...string) string {
	t.Helper()
	var b strings.Builder
	for _, f := range files {
		der, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	return b.String()
}

// paste puts text into the paste box the way a paste does: the value
// changes and an input event of type insertFromPaste fires.
func paste(t *testing.T, b *browser, text string) {
	t.Helper()
	arg, _ := json.Marshal(text)
	eval[bool](t, b, `(() => { const el = document.getElementById("paste"); el.focus(); el.value = `+string(arg)+`;
		el.dispatchEvent(new InputEvent("input", {inputType: "insertFromPaste", bubbles: true})); return true; })()`)
}

// dropFile drops a file on the page, as dragging one from the desktop does.
func dropFile(t *testing.T, b *browser, name string, data []byte) {
	t.Helper()
	n, _ := json.Marshal(name)
	eval[bool](t, b, `(() => { const bytes = Uint8Array.from(atob("`+base64.StdEncoding.EncodeToString(data)+`"), c => c.charCodeAt(0));
		const dt = new DataTransfer(); dt.items.add(new File([bytes], `+string(n)+`));
		document.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
		document.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); return true; })()`)
}

// pagePins reads, for each certificate card on the page, its name and the
// SPKI SHA-256 pin shown first.
func pagePins(t *testing.T, b *browser) map[string]string {
	t.Helper()
	return eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll(".chain-item")].map(li =>
		[li.querySelector(".cert-name").textContent, (li.querySelector(".pin-value") || {}).textContent || ""]))`)
}

func waitSummary(t *testing.T, b *browser, want string) {
	t.Helper()
	w, _ := json.Marshal(want)
	poll(t, b, "summary "+want, `(document.getElementById("summary") || {}).textContent?.includes(`+string(w)+`)`)
}

// TestE2EInspect drives the Inspect page: paste, drop, pick, samples, the
// private key guard, errors, share links, clear, and the hand-off to Pin,
// checking pins against openssl and that nothing pasted leaves the page.
func TestE2EInspect(t *testing.T) {
	b := startDesk(t)
	s := b.site
	open := func(path string) {
		t.Helper()
		b.run(t, "open "+path, chromedp.Navigate(s.base+path), chromedp.WaitReady("#paste"))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
	}
	open("/inspect")

	const tk = "pinlib/testdata/vectors/trustkit/"
	globalsign := []string{tk + "www.globalsign.com.der", tk + "GlobalSignDomainValidationCA-SHA256-G2.der", tk + "GlobalSignRootCA.der"}
	secrets := []string{} // pasted data that must never leave the page

	t.Run("paste a chain, pins equal openssl's", func(t *testing.T) {
		text := pemOf(t, globalsign...)
		secrets = append(secrets, strings.Split(text, "\n")[2])
		paste(t, b, text)
		waitSummary(t, b, "3 certificates")
		got := pagePins(t, b)
		for _, f := range globalsign {
			der, _ := os.ReadFile(f)
			want := opensslPins(t, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))[0]
			wantPin := strings.Fields(want)[1]
			found := false
			for _, pin := range got {
				found = found || pin == wantPin
			}
			if !found {
				t.Errorf("%s: openssl pin %s not on the page (page: %v)", f, wantPin, got)
			}
		}
		if got["www.globalsign.com"] != "NDCIt6TrQnfOk+lquunrmlPQB3K/7CLOCmSS5kW+KCc=" {
			t.Errorf("www.globalsign.com pin on the page = %q, TrustKit asserts NDCIt6Tr…", got["www.globalsign.com"])
		}
		if n := eval[int](t, b, `document.querySelectorAll(".badge-bad").length`); n < 2 {
			t.Errorf("expired badges: %d, want the expired leaf and intermediate flagged", n)
		}
		if !strings.Contains(eval[string](t, b, `document.getElementById("warnings").textContent`), "not in the input") {
			t.Error("no missing-issuer warning for the GlobalSign leaf")
		}
		b.assertClean(t, "paste")
	})

	t.Run("copy button", func(t *testing.T) {
		b.run(t, "click copy", chromedp.Click(`#cert-0 button.copy`))
		poll(t, b, "Copied", `document.querySelector("#cert-0 button.copy").textContent === "Copied"`)
		clip := eval[string](t, b, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)
		if clip != eval[string](t, b, `document.querySelector("#cert-0 .pin-value").textContent`) {
			t.Errorf("clipboard holds %q", clip)
		}
	})

	t.Run("private key is removed and never kept", func(t *testing.T) {
		key, err := os.ReadFile("testdata/script/pins_private_key.txtar")
		if err != nil {
			t.Fatal(err)
		}
		keyLine := "Lj6VC0CzWVr/dKZ47jie+YkXuomhRANCAAQKZyE3t1r+1chd59AFLRDJ/igcNWCV"
		if !strings.Contains(string(key), keyLine) {
			t.Fatal("fixture changed")
		}
		text := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc+9y8skXLsJWGnPb\n" + keyLine +
			"\nCxwW6uJnwgouFFV45RHo4OzkSp9oUaXYWQxAuLchj37u3sVE1oNs3JW8\n-----END PRIVATE KEY-----\n" + pemOf(t, tk+"www.cloudflare.com.der")
		secrets = append(secrets, keyLine)
		paste(t, b, text)
		waitSummary(t, b, "1 certificate")
		msg := eval[string](t, b, `document.querySelector(".key-removed").textContent`)
		if !strings.Contains(msg, "exposed") {
			t.Errorf("private key notice = %q", msg)
		}
		everywhere := eval[string](t, b, `document.documentElement.outerHTML + document.getElementById("paste").value + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)`)
		for _, part := range []string{keyLine, "MIGHAgEAMBMGByqGSM49", "BEGIN PRIVATE KEY"} {
			if strings.Contains(everywhere, part) {
				t.Errorf("the private key (%q) is still in the DOM or storage", part)
			}
		}
	})

	t.Run("garbage gets an error", func(t *testing.T) {
		paste(t, b, "this is not a certificate at all")
		poll(t, b, "the error", `document.querySelector(".input-error")?.textContent.includes("no certificate found")`)
		b.assertClean(t, "garbage")
	})

	t.Run("a broken block keeps the good one", func(t *testing.T) {
		paste(t, b, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"+pemOf(t, tk+"www.good.com.der"))
		waitSummary(t, b, "1 certificate")
		if e := eval[string](t, b, `document.querySelector(".input-error").textContent`); !strings.Contains(e, "paste line 1") {
			t.Errorf("error %q does not give the line", e)
		}
	})

	t.Run("drop a DER file", func(t *testing.T) {
		b.run(t, "clear", chromedp.Click("#clear"))
		der, _ := os.ReadFile(tk + "www.cloudflare.com.der")
		dropFile(t, b, "www.cloudflare.com.der", der)
		waitSummary(t, b, "1 certificate")
		if pins := pagePins(t, b); len(pins) != 1 || firstValue(pins) != "Gc7EN2acfkbE0dUOAd34tr1XLr+JdkTiTrMAfhESQHI=" {
			t.Errorf("dropped DER pins: %v", pins)
		}
	})

	t.Run("pick a .p7b file", func(t *testing.T) {
		b.run(t, "clear", chromedp.Click("#clear"))
		b.run(t, "pick", chromedp.SetUploadFiles("#file-input", []string{mustAbs(t, "pinlib/testdata/openssl/chain.p7b")}))
		waitSummary(t, b, "3 certificates")
		if got := pagePins(t, b)["leaf.pinlab.test"]; got != "hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk=" {
			t.Errorf("p7b leaf pin %q", got)
		}
	})

	t.Run("samples", func(t *testing.T) {
		for id, want := range map[string]string{"globalsign": "3 certificates", "letsencrypt": "10 certificates", "superfish": "1 certificate", "demo": "one chain"} {
			b.run(t, id, chromedp.Click("#sample-"+id))
			waitSummary(t, b, want)
		}
		b.assertClean(t, "samples")
	})

	t.Run("keyboard only", func(t *testing.T) {
		eval[bool](t, b, `document.getElementById("clear").focus(), true`)
		b.run(t, "Enter on Clear", chromedp.KeyEvent("\r"))
		poll(t, b, "cleared", `document.getElementById("paste").value === ""`)
		// Tab from Clear reaches the samples; Space presses a button.
		b.run(t, "Tab", chromedp.KeyEvent("\t"))
		if id := eval[string](t, b, `document.activeElement.id`); id != "sample-globalsign" {
			t.Fatalf("Tab from Clear focused %q, want the first sample", id)
		}
		b.run(t, "Space", chromedp.KeyEvent(" "))
		waitSummary(t, b, "3 certificates")
		b.run(t, "Tab to the share button", chromedp.Focus("#share"), chromedp.KeyEvent("\r"))
		poll(t, b, "the link", `document.getElementById("share-url")?.value.includes("#chain=")`)
	})

	var link string
	var pinsBefore map[string]string
	t.Run("share link", func(t *testing.T) {
		b.run(t, "globalsign", chromedp.Click("#sample-globalsign"))
		waitSummary(t, b, "3 certificates")
		pinsBefore = pagePins(t, b)
		b.run(t, "share", chromedp.Click("#share"))
		poll(t, b, "the link", `document.getElementById("share-url")?.value.includes("#chain=")`)
		link = eval[string](t, b, `document.getElementById("share-url").value`)
		if clip := eval[string](t, b, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise); clip != link {
			t.Errorf("clipboard %q, link %q", clip, link)
		}
		// A fresh browser context: no local storage, only the link.
		fresh, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		ctx, cancel2 := context.WithTimeout(fresh, 30*time.Second)
		defer cancel2()
		if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("summary")?.textContent.includes("3 certificates")`)); err != nil {
			t.Fatalf("shared link did not restore the chain: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll(".chain-item")].map(li =>
			[li.querySelector(".cert-name").textContent, (li.querySelector(".pin-value") || {}).textContent || ""]))`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got["www.globalsign.com"] != pinsBefore["www.globalsign.com"] {
			t.Errorf("restored pins %v, want %v", got, pinsBefore)
		}
	})

	t.Run("send to Pin", func(t *testing.T) {
		b.run(t, "send", chromedp.Click("#send-pin"))
		poll(t, b, "the Pin page with the chain", `location.pathname === "/pin" && document.getElementById("choices")?.textContent.includes("www.globalsign.com")`)
		open("/inspect")
		waitSummary(t, b, "3 certificates") // the workspace came back from local storage
		b.run(t, "send to Simulate", chromedp.Click("#send-simulate"))
		// The GlobalSign leaf came without its issuer: the simulator says so.
		poll(t, b, "the simulator on this chain", `location.pathname === "/simulate" && document.getElementById("use-chain")?.checked && document.getElementById("sim-error")?.textContent.includes("without its issuer")`)
		open("/inspect")
		waitSummary(t, b, "3 certificates")
	})

	t.Run("the workspace is stored as text, which go-app's start-up skips at once", func(t *testing.T) {
		// go-app decodes every item of local storage as JSON at each start
		// (app/workspace.go): the workspace must stop that at its first byte.
		stored := eval[string](t, b, `localStorage.getItem("pinlab.workspace")`)
		text, ok := strings.CutPrefix(stored, "pinlab workspace\n")
		if !ok || !strings.Contains(text, "-----BEGIN CERTIFICATE-----") {
			t.Fatalf("the stored workspace is not the pasted text after its header: %.80q", stored)
		}
		var v any
		if err := json.Unmarshal([]byte(stored), &v); err == nil {
			t.Error("the stored workspace decodes as JSON")
		} else if se, ok := err.(*json.SyntaxError); !ok || se.Offset > 1 {
			t.Errorf("a JSON decoder gives up on the stored workspace only at %v, want its first byte", err)
		}
		// What pinlab stored before: JSON. It is read, and stored again as text.
		old, _ := json.Marshal(map[string]string{"text": text})
		eval[bool](t, b, `localStorage.setItem("pinlab.workspace", `+jsString(string(old))+`), true`)
		open("/inspect")
		waitSummary(t, b, "3 certificates")
		poll(t, b, "the workspace stored again as text", `localStorage.getItem("pinlab.workspace") === `+jsString(stored))
	})

	t.Run("clear wipes local storage", func(t *testing.T) {
		if eval[int](t, b, `localStorage.length`) == 0 {
			t.Fatal("nothing in local storage before clear: the check would prove nothing")
		}
		b.run(t, "clear", chromedp.Click("#clear"))
		poll(t, b, "empty", `document.getElementById("paste").value === "" && localStorage.getItem("pinlab.workspace") === null`)
		open("/inspect")
		if v := eval[string](t, b, `document.getElementById("paste").value`); v != "" {
			t.Errorf("after clear and reload the paste box holds %q", v)
		}
	})

	t.Run("142-root bundle", func(t *testing.T) {
		bundle, err := os.ReadFile("pinlib/testdata/ca-certificates.crt")
		if err != nil {
			t.Fatal(err)
		}
		arg, _ := json.Marshal(string(bundle))
		eval[bool](t, b, `(() => { window.__t0 = performance.now(); const el = document.getElementById("paste"); el.value = `+string(arg)+`;
			el.dispatchEvent(new InputEvent("input", {inputType: "insertFromPaste", bubbles: true}));
			const tick = () => { if (document.getElementById("summary")?.textContent.includes("142 certificates")) { window.__listed = performance.now() - window.__t0 } else { requestAnimationFrame(tick) } };
			requestAnimationFrame(tick); return true; })()`)
		poll(t, b, "the 142 certificates", `window.__listed !== undefined`)
		t.Logf("142-root bundle: paste to rendered list in %.0f ms (%d list items; %s)",
			eval[float64](t, b, `window.__listed`), eval[int](t, b, `document.querySelectorAll(".chain-item").length`),
			eval[string](t, b, `document.getElementById("summary").textContent`))
		b.run(t, "clear", chromedp.Click("#clear"))
	})

	t.Run("phone layout", func(t *testing.T) {
		b.run(t, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		defer b.run(t, "desktop", chromedp.EmulateViewport(1280, 800))
		b.run(t, "globalsign", chromedp.Click("#sample-globalsign"))
		waitSummary(t, b, "3 certificates")
		if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("Inspect at 360 px is %d px wide", w[0])
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		b.run(t, "demo chain", chromedp.Click("#sample-demo"))
		waitSummary(t, b, "one chain")
		b.run(t, "scroll", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById("summary").offsetTop - 16)`))
		b.run(t, "screenshot", viewportScreenshotTo(screenshotPath(t, "screenshot-inspect.png")))
		b.run(t, "clear", chromedp.Click("#clear"))
	})

	b.assertSameOrigin(t)
	b.assertNothingSent(t, secrets)
}

func firstValue(m map[string]string) string {
	for _, v := range m {
		return v
	}
	return ""
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
