//go:build !wasm

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// TestE2EPinKeepsWork: the host, format, options and backup pins (typed
// and generated, never a private key) chosen on Pin survive a reload,
// another page and a round trip through Check, which opens with the
// export built, its host and its format; a backup already in the chain is
// refused with whose key it is; the rotation plan counts the backups; the
// iOS lint for them appears once; Start over forgets it all.
func TestE2EPinKeepsWork(t *testing.T) {
	b := startDesk(t)
	chainText := b.loadDemo(t)
	chain := pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(chainText)})
	inter := chain.ByRole(pinlib.RoleIntermediate)[0]
	b.run(t, "send to Pin", chromedp.Click("#send-pin"))
	poll(t, b, "the Pin page", `location.pathname === "/pin" && document.getElementById("config-output") !== null`)

	t.Run("a backup in the chain is refused, with whose key it is", func(t *testing.T) {
		setField(t, b, "#backup-pin", inter.Pins.OkHttp(), "input")
		b.run(t, "add", chromedp.Click("#add-backup"))
		poll(t, b, "the refusal", `document.getElementById("backup-error")?.textContent === "that is the intermediate's own key; a backup must be a key that is not in the current chain"`)
		if eval[bool](t, b, `document.getElementById("backup-list") !== null`) {
			t.Error("the intermediate's key was added anyway")
		}
	})

	const host = "pins.example.test"
	const typed = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	expires := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	var generated, before string
	t.Run("choose", func(t *testing.T) {
		setField(t, b, "#host", host, "input")
		setField(t, b, "#format", "ios", "change")
		setField(t, b, "#expires", expires, "change")
		setField(t, b, "#backup-pin", typed, "input")
		b.run(t, "add", chromedp.Click("#add-backup"))
		poll(t, b, "the typed backup", `document.getElementById("backup-list")?.textContent.includes(`+jsString(typed)+`)`)
		b.run(t, "generate", chromedp.Click("#generate-key"))
		poll(t, b, "the generated key", `document.querySelector("#generated .pin-value") !== null`)
		generated = eval[string](t, b, `document.querySelector("#generated .pin-value").textContent`)
		poll(t, b, "the iOS export with both backups", `document.getElementById("config-output").textContent.includes(`+jsString(generated)+`) && document.getElementById("config-output").textContent.includes("pins.example.test")`)
		before = eval[string](t, b, `document.getElementById("config-output").textContent`)

		// The same choice on the command line gives the same bytes.
		file := filepath.Join(t.TempDir(), "chain.pem")
		if err := os.WriteFile(file, []byte(chainText), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"config", "--format", "ios", "--host", host, "--pin", "intermediate", "--expires", expires,
			"--backup-pin", typed, "--backup-pin", generated, file}, &stdout, &stderr); code != 0 {
			t.Fatalf("pinlab config: exit %d: %s", code, stderr.String())
		}
		if before != stdout.String() {
			t.Errorf("page and CLI differ\npage:\n%s\nCLI:\n%s", before, stdout.String())
		}
	})

	t.Run("one look: the export's buttons and the selects match the app's controls", func(t *testing.T) {
		// [font size, height, border radius] of each control, as drawn.
		look := eval[map[string][]float64](t, b, `Object.fromEntries([["copy", "#export .export-actions button.copy"], ["download", "#download-primary"],
			["generate", "#generate-key"], ["format", "#format"], ["key", "#key-alg"], ["host", "#host"]].map(([k, sel]) => {
			const el = document.querySelector(sel), cs = getComputedStyle(el);
			return [k, [parseFloat(cs.fontSize), el.getBoundingClientRect().height, parseFloat(cs.borderTopLeftRadius)]]; }))`)
		t.Logf("font size, height, radius: %v", look)
		button := look["download"]
		for _, k := range []string{"copy", "generate", "format", "key"} {
			got := look[k]
			if got[0] != button[0] || got[1] < button[1]-2 || got[1] > button[1]+2 || got[2] != button[2] {
				t.Errorf("%s is drawn %v, the Download button %v", k, got, button)
			}
		}
	})

	t.Run("the rotation plan counts the backups", func(t *testing.T) {
		plan := eval[string](t, b, `document.getElementById("rotation").textContent`)
		if !strings.Contains(plan, "with its 2 backup pins") || strings.Contains(plan, "Ship the release carrying a backup pin") || strings.Contains(plan, "No backup pin") {
			t.Errorf("the plan does not count the 2 backups:\n%s", plan)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#timeline .event-release-by").length`); n != 1 {
			t.Errorf("%d release-by events, want one for the intermediate", n)
		}
		if !strings.Contains(plan, "First unpinned day: pins stop being checked on "+expires) {
			t.Errorf("the expiration is not given as the first unpinned day:\n%s", plan)
		}
		if n := eval[int](t, b, `document.querySelectorAll('#lints [data-code="ios-backup-as-ca"]').length`); n != 1 {
			t.Errorf("the iOS backup lint appears %d times for 2 backups, want once", n)
		}
	})

	// same asserts that the page shows the work as chosen above.
	same := func(t *testing.T, where string) {
		t.Helper()
		poll(t, b, "Pin restored "+where, `document.getElementById("config-output")?.textContent === `+jsString(before))
		got := eval[[]string](t, b, `[document.getElementById("host").value, document.getElementById("format").value, document.getElementById("expires").value,
			document.getElementById("backup-list").textContent]`)
		if got[0] != host || got[1] != "ios" || got[2] != expires || !strings.Contains(got[3], typed) || !strings.Contains(got[3], generated) {
			t.Errorf("%s: host, format, expiry, backups = %q", where, got)
		}
		stored := eval[string](t, b, `JSON.stringify(localStorage) + JSON.stringify(sessionStorage)`)
		if strings.Contains(stored, "PRIVATE KEY") || !strings.Contains(stored, generated) {
			t.Errorf("%s: storage holds a private key, or not the generated key's pin", where)
		}
	}

	t.Run("reload", func(t *testing.T) {
		b.open(t, "/pin", "main")
		same(t, "after a reload")
		if eval[bool](t, b, `document.getElementById("generated") !== null`) {
			t.Error("the generated private key is offered again after a reload: it was kept somewhere")
		}
	})

	t.Run("another page", func(t *testing.T) {
		b.open(t, "/simulate", "main")
		b.run(t, "Pin in the menu", chromedp.Click(`.nav-link[href="/pin"]`))
		same(t, "after Simulate")
	})

	t.Run("round trip through Check", func(t *testing.T) {
		b.run(t, "check this export", chromedp.Click("#to-check"))
		poll(t, b, "Check with the export", `location.pathname === "/check" && document.getElementById("config-text")?.value === `+jsString(before))
		if h := eval[string](t, b, `document.getElementById("check-host").value`); h != host {
			t.Errorf("Check's host %q, want %q", h, host)
		}
		poll(t, b, "read as iOS", `document.getElementById("config-format")?.textContent === "Read as: ios"`)
		want, err := platform.CheckConfig([]byte(before), host, chain, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		poll(t, b, "pinlib's verdict", `document.getElementById("check-verdict")?.textContent === `+jsString(string(want.Verdict)+" "+want.Reason))
		if !strings.Contains(eval[string](t, b, `document.getElementById("from-pin").textContent`), "2 backup pins") {
			t.Error("Check does not say the config is the Pin export with its backups")
		}
		b.run(t, "back to Pin", chromedp.Click("#back-to-pin"))
		same(t, "after Check")
	})

	t.Run("Check starts from the Pin export", func(t *testing.T) {
		b.open(t, "/check", "#check-chain")
		poll(t, b, "the start button", `document.getElementById("check-example")?.textContent === "Start from your export on Pin"`)
		b.run(t, "start", chromedp.Click("#check-example"))
		poll(t, b, "the Pin export in the box", `document.getElementById("config-text").value === `+jsString(before))
		b.open(t, "/pin", "main")
	})

	t.Run("start over", func(t *testing.T) {
		b.run(t, "start over", chromedp.Click("#start-over"))
		poll(t, b, "the defaults", `document.getElementById("host").value === "api.example.test" && document.getElementById("format").value === "android" && document.getElementById("backup-list") === null`)
		if eval[bool](t, b, `localStorage.getItem("pinlab.pin") !== null`) {
			t.Error("the saved work stays in local storage")
		}
		b.open(t, "/pin", "main")
		poll(t, b, "the defaults after a reload", `document.getElementById("config-output")?.textContent.includes("network-security-config") && document.getElementById("host").value === "api.example.test"`)
	})

	b.assertClean(t, "pin keeps work")
	b.assertSameOrigin(t)
	b.assertNothingSent(t, []string{generated, typed, strings.Split(chainText, "\n")[2]})
}
