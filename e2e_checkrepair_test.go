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

// TestE2ECheckRepair: on a 1366×768 laptop Check shows its verdict beside
// the config box, and says which typo broke a config, as pinlib finds it
// (a pin one character off the chain's, the config's host or the host
// typed one edit off), with a button that repairs it.
func TestE2ECheckRepair(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.run(t, "laptop", chromedp.EmulateViewport(1366, 768))
	chainText := b.loadDemo(t)
	chain := pinlib.Read(pinlib.Input{Name: "chain", Data: []byte(chainText)})
	host := chain.Leaf().Cert.DNSNames[0]
	inter := chain.ByRole(pinlib.RoleIntermediate)[0].Pins.SPKISHA256Base64()

	b.open(t, "/check", "#check-chain")
	poll(t, b, "the chain and its host", `document.getElementById("check-host")?.value === `+jsString(host))
	b.run(t, "start from pinlab's export", chromedp.Click("#check-example"))
	poll(t, b, "accepted", `document.getElementById("check-verdict")?.textContent.startsWith("accepted")`)
	export := eval[string](t, b, `document.getElementById("config-text").value`)

	t.Run("the verdict beside the config box", func(t *testing.T) {
		b.run(t, "top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		got := eval[[]float64](t, b, `(() => { const v = document.getElementById("check-verdict").getBoundingClientRect(), c = document.getElementById("config-text").getBoundingClientRect();
			return [v.top, v.bottom, v.left, c.right, c.top, window.innerHeight]; })()`)
		t.Logf("verdict at %.0f–%.0f px, from x=%.0f; config box ends at x=%.0f", got[0], got[1], got[2], got[3])
		if got[1] > got[5] {
			t.Errorf("the verdict ends %.0f px down, below the %.0f px window", got[1], got[5])
		}
		if got[2] < got[3] || got[0] > got[4]+200 {
			t.Errorf("the verdict (x=%.0f, y=%.0f) is not beside the config box (right edge %.0f, top %.0f)", got[2], got[0], got[3], got[4])
		}
	})

	// hint sets the config and host, waits for pinlib's hints for them
	// and for its verdict, and repairs the first.
	hint := func(t *testing.T, config, typedHost, wantConfig, wantHost string) {
		t.Helper()
		setField(t, b, "#config-text", config, "input")
		setField(t, b, "#check-host", typedHost, "input")
		verdict := platform.CheckVerdict("")
		if r, err := platform.CheckConfig([]byte(config), typedHost, chain, time.Now()); err == nil {
			verdict = r.Verdict
		}
		hints := platform.CheckHints([]byte(config), typedHost, chain, verdict)
		if len(hints) != 1 {
			t.Fatalf("pinlib finds %d hints, want one: %+v", len(hints), hints)
		}
		poll(t, b, "pinlib's hint", `document.querySelector("#check-hints li")?.textContent.startsWith(`+jsString(hints[0].Message)+`)`)
		if verdict == platform.CheckAccepted {
			t.Fatalf("the broken config is accepted: the repair would prove nothing")
		}
		b.run(t, "repair", chromedp.Click("#hint-fix-0"))
		poll(t, b, "accepted after the repair", `document.getElementById("check-verdict")?.textContent.startsWith("accepted") && document.getElementById("check-hints") === null`)
		if got := eval[[]string](t, b, `[document.getElementById("config-text").value, document.getElementById("check-host").value]`); got[0] != wantConfig || got[1] != wantHost {
			t.Errorf("after the repair: host %q, config\n%s", got[1], got[0])
		}
	}

	t.Run("a pin one character off", func(t *testing.T) {
		c := byte('A')
		if inter[10] == c {
			c = 'B'
		}
		typo := inter[:10] + string(c) + inter[11:]
		hint(t, strings.Replace(export, inter, typo, 1), host, export, host)
	})
	t.Run("two characters swapped", func(t *testing.T) {
		i := 20
		for inter[i] == inter[i+1] {
			i++
		}
		typo := inter[:i] + inter[i+1:i+2] + inter[i:i+1] + inter[i+2:]
		hint(t, strings.Replace(export, inter, typo, 1), host, export, host)
	})
	t.Run("the config's host one edit off: did you mean", func(t *testing.T) {
		typo := host[:len(host)-2] + host[len(host)-1:] + host[len(host)-2:len(host)-1] // api.example.tset
		hint(t, strings.Replace(export, ">"+host+"<", ">"+typo+"<", 1), host, export, host)
	})
	t.Run("the host typed one edit off", func(t *testing.T) {
		hint(t, export, host[:len(host)-1], export, host)
	})
	b.assertClean(t, "check repair")
	b.assertSameOrigin(t)
}
