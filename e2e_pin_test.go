//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// setField sets an input or select the way typing or choosing does.
func setField(t *testing.T, b *browser, sel, value, event string) {
	t.Helper()
	s, _ := json.Marshal(sel)
	v, _ := json.Marshal(value)
	eval[bool](t, b, `(() => { const el = document.querySelector(`+string(s)+`); el.value = `+string(v)+`;
		el.dispatchEvent(new Event(`+"`"+event+"`"+`, {bubbles: true})); return true; })()`)
}

// TestE2EPin drives the Pin page from the demo chain: default choice, a
// generated backup key, the Android export copied to the clipboard and
// compared byte for byte with `pinlab config` for the same choice, other
// formats, lints, input errors and the rotation plan.
func TestE2EPin(t *testing.T) {
	b := startDesk(t)
	chain := demoOnPin(t, b)

	t.Run("default choice is the intermediate", func(t *testing.T) {
		got := eval[[]bool](t, b, `[0, 1, 2].map(i => document.getElementById("pick-" + i).checked)`)
		if !got[1] || got[0] || got[2] {
			t.Errorf("checked leaf, intermediate, root = %v; want the intermediate only", got)
		}
		if h := eval[string](t, b, `document.getElementById("host").value`); h != "api.example.test" {
			t.Errorf("host = %q, want the leaf's name", h)
		}
	})

	var backup string
	t.Run("generate a backup key", func(t *testing.T) {
		b.run(t, "generate", chromedp.Click("#generate-key"))
		poll(t, b, "the new key", `document.querySelector("#generated .pin-value") !== null`)
		backup = eval[string](t, b, `document.querySelector("#generated .pin-value").textContent`)
		if !strings.Contains(eval[string](t, b, `document.getElementById("backup-list").textContent`), backup) {
			t.Error("the generated key's pin is not in the backup list")
		}
		if strings.Contains(eval[string](t, b, `JSON.stringify(localStorage) + document.documentElement.outerHTML`), "PRIVATE KEY") {
			t.Error("the backup private key is stored or shown in the page")
		}
	})

	t.Run("Android config equals the CLI's", func(t *testing.T) {
		poll(t, b, "the backup in the config", `document.getElementById("config-output").textContent.includes(`+jsString(backup)+`)`)
		b.run(t, "copy", chromedp.Click("#export button.copy"))
		poll(t, b, "Copied", `document.querySelector("#export button.copy").textContent === "Copied"`)
		clip := eval[string](t, b, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)

		file := filepath.Join(t.TempDir(), "chain.pem")
		if err := os.WriteFile(file, []byte(chain), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"config", "--format", "android", "--host", "api.example.test", "--pin", "intermediate", "--backup-pin", backup, file}, &stdout, &stderr); code != 0 {
			t.Fatalf("pinlab config: exit %d: %s", code, stderr.String())
		}
		if clip != stdout.String() {
			t.Errorf("clipboard and CLI differ\nclipboard:\n%s\nCLI:\n%s", clip, stdout.String())
		}
		if !strings.Contains(clip, "<pin digest=\"SHA-256\">"+backup+"</pin>") {
			t.Errorf("the Android config lacks the backup pin:\n%s", clip)
		}
	})

	t.Run("lints and other formats", func(t *testing.T) {
		if l := eval[string](t, b, `document.getElementById("lints").textContent`); !strings.Contains(l, "expiration") {
			t.Errorf("Android lints %q lack the missing expiration", l)
		}
		setField(t, b, "#format", "ios", "change")
		poll(t, b, "iOS", `document.getElementById("config-output").textContent.includes("NSPinnedDomains")`)
		setField(t, b, "#format", "curl", "change")
		poll(t, b, "curl", `document.getElementById("config-output").textContent.includes("--pinnedpubkey")`)
		if l := eval[string](t, b, `document.getElementById("lints").textContent`); !strings.Contains(l, "leaf") {
			t.Errorf("curl lints %q do not say curl checks the leaf only", l)
		}
		setField(t, b, "#format", "android", "change")
	})

	t.Run("bad input gets clear errors", func(t *testing.T) {
		setField(t, b, "#backup-pin", "7af75c776d67148e70aa6279dbb6986c8e5841bc7ba5210bc6a4802b9c441ac4", "input")
		b.run(t, "add", chromedp.Click("#add-backup"))
		poll(t, b, "the hex error", `document.getElementById("backup-error")?.textContent.includes("hex")`)
		setField(t, b, "#host", `a.com"><script>`, "input")
		poll(t, b, "the host error", `document.getElementById("choose-error")?.textContent.includes("not allowed")`)
		setField(t, b, "#host", "api.example.test", "input")
		poll(t, b, "the config again", `document.getElementById("config-output") !== null`)
	})

	t.Run("rotation plan", func(t *testing.T) {
		if n := eval[int](t, b, `document.querySelectorAll("#timeline li").length`); n < 3 {
			t.Errorf("timeline has %d events", n)
		}
		setField(t, b, "#expires", "2020-01-01", "change")
		poll(t, b, "the past expiration", `document.getElementById("rotation").textContent.includes("2020-01-01")`)
	})

	t.Run("screenshot", func(t *testing.T) {
		b.run(t, "top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		b.run(t, "screenshot", viewportScreenshotTo(screenshotPath(t, "screenshot-pin.png")))
	})
	b.assertClean(t, "pin")
	b.assertSameOrigin(t)
	b.assertNothingSent(t, []string{backup})
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
