//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// TestE2ECheckOkHttpVersion: for an OkHttp config, the Check page asks
// which OkHttp the app uses, as `pinlab check --okhttp-version` does, and
// judges by that version's rule: "**.domain" covers any depth from OkHttp
// 4.3.0 and pins no host at all on 3.x. An export Pin wrote for OkHttp 3.x
// arrives with 3.x chosen. Other formats do not show the choice.
func TestE2ECheckOkHttpVersion(t *testing.T) {
	b := newBrowser(t, startSite(t))
	chainText := demoOnPin(t, b)
	chain := pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(chainText)})

	// Pin: the Kotlin export for OkHttp 3.x, subdomains included, then
	// "Check this export".
	eval[bool](t, b, `(() => { const el = document.getElementById("subdomains"); el.checked = true;
		el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	setField(t, b, "#format", "okhttp", "change")
	poll(t, b, "the OkHttp choice on Pin", `document.getElementById("okhttp-version") !== null`)
	setField(t, b, "#okhttp-version", "3", "change")
	poll(t, b, "OkHttp 3.x export", `document.getElementById("config-output").textContent.includes("for OkHttp 3.x")`)
	b.run(t, "to Check", chromedp.Click("#to-check"))
	poll(t, b, "Pin's export on Check", `location.pathname === "/check" && document.getElementById("config-text")?.value.includes("CertificatePinner")`)
	host := eval[string](t, b, `document.getElementById("check-host").value`)

	// judge asserts that the page shows what pinlib says of config for
	// the OkHttp chosen: the verdict, the rule and the notes.
	judge := func(t *testing.T, config string, v platform.OkHttpTarget) platform.CheckResult {
		t.Helper()
		want, err := platform.CheckConfigWith([]byte(config), host, chain, platform.CheckOptions{Now: time.Now(), OkHttp: v})
		if err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(want.Notes, "\n")
		choice := string(v)
		if v == "" {
			choice = "unsaid"
		}
		poll(t, b, "verdict "+string(want.Verdict)+" for OkHttp "+choice,
			`document.getElementById("check-okhttp")?.value === `+jsString(choice)+
				` && document.getElementById("check-verdict")?.textContent === `+jsString(string(want.Verdict)+" "+want.Reason)+
				` && [...document.querySelectorAll("#check-result .details dd")].some(dd => dd.textContent === `+jsString(want.Rule)+`)`+
				` && [...document.querySelectorAll("#check-notes li")].map(li => li.textContent).join("\n") === `+jsString(notes))
		return want
	}

	t.Run("Pin's OkHttp 3.x export arrives read as 3.x", func(t *testing.T) {
		config := eval[string](t, b, `document.getElementById("config-text").value`)
		if strings.Contains(config, `.add("**.`) {
			t.Fatalf("Pin's 3.x export has a \"**.\" pattern:\n%s", config)
		}
		if r := judge(t, config, platform.OkHttp3); r.Verdict != platform.CheckAccepted {
			t.Errorf("Pin's own export: %s %s", r.Verdict, r.Reason)
		}
	})

	// A config pinning the host's parent domain at any depth, with a pin
	// the chain does not have: OkHttp 4.3.0 refuses the chain, OkHttp 3.x
	// pins nothing and connects.
	parent := host[strings.Index(host, ".")+1:]
	wrongPin := "sha256/" + strings.Repeat("B", 43) + "="
	config := "val pinner = CertificatePinner.Builder()\n    .add(\"**." + parent + "\", \"" + wrongPin + "\")\n    .build()\n"
	setField(t, b, "#config-text", config, "input")

	var on3, on4 platform.CheckResult
	t.Run("3.x pins no host", func(t *testing.T) {
		on3 = judge(t, config, platform.OkHttp3)
	})
	t.Run("4.3.0 or later", func(t *testing.T) {
		setField(t, b, "#check-okhttp", "4", "change")
		on4 = judge(t, config, platform.OkHttp4)
	})
	t.Run("not sure: read as 4.3.0 or later, with a note", func(t *testing.T) {
		setField(t, b, "#check-okhttp", "unsaid", "change")
		r := judge(t, config, "")
		if r.Verdict != on4.Verdict || len(r.Notes) <= len(on4.Notes) {
			t.Errorf("unsaid: %s with notes %q; 4.3.0: %s with %q", r.Verdict, r.Notes, on4.Verdict, on4.Notes)
		}
	})
	if on3.Verdict == on4.Verdict {
		t.Errorf("OkHttp 3.x and 4.3.0 judge %q alike (%s): the choice changes nothing", "**."+parent, on3.Verdict)
	}

	t.Run("other formats do not ask", func(t *testing.T) {
		pol, err := platform.Choose(chain, platform.Selection{Host: host, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		android, _ := platform.ByID("android")
		files, _ := android.Config(pol)
		f, _ := platform.Primary(files)
		setField(t, b, "#config-text", string(f.Content), "input")
		poll(t, b, "Android config without the OkHttp choice", `document.getElementById("config-format")?.textContent.includes("android")`+
			` && document.getElementById("check-verdict") !== null && document.getElementById("check-okhttp") === null`)
	})
	b.assertClean(t, "check okhttp")
}
