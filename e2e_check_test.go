//go:build !wasm

package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// TestE2ECheck drives the Check page: the chain comes over from Inspect,
// pinlab's own export is accepted, a broken pin, a wrong host and a leaf
// identity on iOS are judged as pinlib judges them, and a config that is
// not one gets a clear error. Nothing pasted leaves the page.
func TestE2ECheck(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.run(t, "inspect", chromedp.Navigate(s.base+"/inspect"), chromedp.WaitReady("#sample-demo"))
	poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
	b.run(t, "demo chain", chromedp.Click("#sample-demo"))
	waitSummary(t, b, "one chain")
	b.run(t, "to Pin", chromedp.Click("#send-pin"))
	poll(t, b, "the Pin page", `location.pathname === "/pin" && document.getElementById("to-check") !== null`)
	b.run(t, "to Check", chromedp.Click("#to-check"))
	poll(t, b, "the chain on the Check page", `location.pathname === "/check" && document.getElementById("check-chain")?.value.includes("BEGIN CERTIFICATE")`)

	chainText := eval[string](t, b, `document.getElementById("check-chain").value`)
	chain := pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(chainText)})
	host := eval[string](t, b, `document.getElementById("check-host").value`)
	if leaf := chain.Leaf(); leaf == nil || host != leaf.Cert.DNSNames[0] {
		t.Fatalf("host %q, want the demo leaf's name", host)
	}
	var secrets []string
	// same asserts that the page shows what pinlib says of the config.
	same := func(t *testing.T, config string) platform.CheckResult {
		t.Helper()
		want, err := platform.CheckConfig([]byte(config), host, chain, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		// The rows as the page writes them: pin, line, where, what matched.
		var rows []string
		for _, p := range want.Pins {
			line, matched := "–", p.Matched
			if p.Line > 0 {
				line = strconv.Itoa(p.Line)
			}
			if matched == "" {
				matched = "no match"
			}
			rows = append(rows, p.Pin+line+p.Where+matched)
		}
		poll(t, b, "verdict "+string(want.Verdict)+" with pinlib's pin rows", `document.getElementById("check-verdict")?.textContent === `+jsString(string(want.Verdict)+" "+want.Reason)+
			` && [...document.querySelectorAll("#check-pins tbody tr")].map(tr => tr.textContent).join("\n") === `+jsString(strings.Join(rows, "\n")))
		return want
	}

	var accepted string
	t.Run("pinlab's export is accepted", func(t *testing.T) {
		b.run(t, "example", chromedp.Click("#check-example"))
		poll(t, b, "config", `document.getElementById("config-text").value.includes("<network-security-config>")`)
		accepted = eval[string](t, b, `document.getElementById("config-text").value`)
		if r := same(t, accepted); r.Verdict != platform.CheckAccepted || !strings.Contains(r.Pins[0].Matched, "intermediate") {
			t.Errorf("pinlab's own export: %s, %+v", r.Verdict, r.Pins)
		}
		if f := eval[string](t, b, `document.getElementById("config-format").textContent`); !strings.Contains(f, "android") {
			t.Errorf("format shown %q", f)
		}
	})

	t.Run("a changed pin is rejected, with the chain's pins", func(t *testing.T) {
		defer b.run(t, "screenshot", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById("check-host").offsetTop - 16)`), viewportScreenshotTo(screenshotPath(t, "screenshot-check.png")))
		inter := chain.Certificates[1].Pins.SPKISHA256Base64()
		broken := strings.Replace(accepted, inter, strings.Repeat("A", 43)+"=", 1)
		if broken == accepted {
			t.Fatal("the export does not hold the intermediate's pin")
		}
		secrets = append(secrets, strings.Repeat("A", 43))
		setField(t, b, "#config-text", broken, "input")
		if r := same(t, broken); r.Verdict != platform.CheckRejected {
			t.Errorf("verdict %s", r.Verdict)
		}
		if got := eval[string](t, b, `document.getElementById("chain-pins").textContent`); !strings.Contains(got, inter) {
			t.Errorf("the chain's pins %q lack the intermediate's %s", got, inter)
		}
	})

	t.Run("a host the leaf does not cover", func(t *testing.T) {
		setField(t, b, "#config-text", accepted, "input")
		setField(t, b, "#check-host", "other.example.test", "input")
		poll(t, b, "rejected for the host", `document.getElementById("check-verdict")?.textContent.includes("is not valid for other.example.test")`)
		setField(t, b, "#check-host", host, "input")
		poll(t, b, "accepted again", `document.getElementById("check-verdict")?.textContent.startsWith("accepted ")`)
	})

	t.Run("ios: a CA identity alone accepts, a leaf pin in the CA list does not", func(t *testing.T) {
		pol, err := platform.Choose(chain, platform.Selection{Host: host, Pick: []string{"root"}, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		ios, _ := platform.ByID("ios")
		files, _ := ios.Config(pol)
		f, _ := platform.Primary(files)
		setField(t, b, "#config-text", string(f.Content), "input")
		if r := same(t, string(f.Content)); r.Verdict != platform.CheckAccepted || r.Pins[0].Where != platform.MatchCA {
			t.Errorf("%s %+v", r.Verdict, r.Pins)
		}
		leafInCA := strings.Replace(string(f.Content), chain.Certificates[2].Pins.SPKISHA256Base64(), chain.Certificates[0].Pins.SPKISHA256Base64(), 1)
		setField(t, b, "#config-text", leafInCA, "input")
		if r := same(t, leafInCA); r.Verdict != platform.CheckRejected {
			t.Errorf("leaf key in NSPinnedCAIdentities: %s", r.Verdict)
		}
	})

	t.Run("not a config", func(t *testing.T) {
		setField(t, b, "#config-text", "hello, pins", "input")
		poll(t, b, "the error", `document.getElementById("check-error")?.textContent.includes("not a config pinlab can check")`)
		setField(t, b, "#check-chain", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "input")
		setField(t, b, "#config-text", accepted, "input")
		poll(t, b, "the chain's error", `document.getElementById("check-error")?.textContent.startsWith("The chain: ")`)
	})

	t.Run("360 px", func(t *testing.T) {
		setField(t, b, "#check-chain", chainText, "input")
		setField(t, b, "#config-text", accepted, "input")
		b.run(t, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
		defer b.run(t, "desktop", chromedp.EmulateViewport(1280, 800))
		poll(t, b, "accepted", `document.getElementById("check-verdict")?.textContent.startsWith("accepted ")`)
		if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("Check at 360 px is %d px wide", w[0])
		}
	})
	b.assertClean(t, "check")
	b.assertNothingSent(t, append(secrets, strings.Split(chainText, "\n")[2]))
	b.assertSameOrigin(t)
}
