//go:build !wasm

package main

import (
	"crypto/x509"
	"encoding/pem"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/samples"
)

// rootsOf is the root store the page builds from the roots pasted.
func rootsOf(t *testing.T, roots ...*pinlib.Certificate) *x509.CertPool {
	t.Helper()
	p, err := platform.RootPool(&pinlib.Bundle{Certificates: roots})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestE2ECheck drives the Check page: the chain comes over from Inspect,
// pinlab's own export is accepted, a broken pin, a wrong host and a leaf
// identity on iOS are judged as pinlib judges them, the trust line says
// the chain is assumed trusted until roots are pasted and then gives the
// verdict of verifying it, and a config that is not one gets a clear
// error. Nothing pasted leaves the page.
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
	// judge asserts that the page shows what pinlib says of the config and
	// the chain pasted, with the roots pasted (nil: none): the verdict, the
	// trust line and the pin rows.
	judge := func(t *testing.T, config string, pasted *pinlib.Bundle, roots *x509.CertPool) platform.CheckResult {
		t.Helper()
		want, err := platform.CheckConfigWith([]byte(config), host, pasted, pastedRoots(roots))
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
		poll(t, b, "verdict "+string(want.Verdict)+" with pinlib's trust line and pin rows", `document.getElementById("check-verdict")?.textContent === `+jsString(string(want.Verdict)+" "+want.Reason)+
			` && document.getElementById("check-trust")?.textContent === `+jsString(want.TrustText)+
			` && [...document.querySelectorAll("#check-pins tbody tr")].map(tr => tr.textContent).join("\n") === `+jsString(strings.Join(rows, "\n")))
		return want
	}
	same := func(t *testing.T, config string) platform.CheckResult {
		t.Helper()
		return judge(t, config, chain, nil)
	}
	// rootPinned is pinlab's own config in format, pinning the chain's root.
	rootPinned := func(t *testing.T, format string) string {
		t.Helper()
		pol, err := platform.Choose(chain, platform.Selection{Host: host, Pick: []string{"root"}, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		pf, _ := platform.ByID(format)
		files, _ := pf.Config(pol)
		f, _ := platform.Primary(files)
		return string(f.Content)
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
		poll(t, b, "untrusted for the host", `document.getElementById("check-verdict")?.textContent.startsWith("untrusted ") && document.getElementById("check-verdict").textContent.includes("is not valid for other.example.test")`)
		setField(t, b, "#check-host", host, "input")
		poll(t, b, "accepted again", `document.getElementById("check-verdict")?.textContent.startsWith("accepted ")`)
	})

	t.Run("ios: a CA identity alone accepts, a leaf pin in the CA list does not", func(t *testing.T) {
		config := rootPinned(t, "ios")
		setField(t, b, "#config-text", config, "input")
		if r := same(t, config); r.Verdict != platform.CheckAccepted || r.Pins[0].Where != platform.MatchCA {
			t.Errorf("%s %+v", r.Verdict, r.Pins)
		}
		leafInCA := strings.Replace(config, chain.Certificates[2].Pins.SPKISHA256Base64(), chain.Certificates[0].Pins.SPKISHA256Base64(), 1)
		setField(t, b, "#config-text", leafInCA, "input")
		if r := same(t, leafInCA); r.Verdict != platform.CheckRejected {
			t.Errorf("leaf key in NSPinnedCAIdentities: %s", r.Verdict)
		}
	})

	t.Run("trust: assumed until roots are pasted, then verified", func(t *testing.T) {
		setField(t, b, "#config-text", accepted, "input")
		if r := same(t, accepted); r.Trust != platform.TrustAssumed || !strings.HasPrefix(r.TrustText, "assuming the chain is trusted") {
			t.Errorf("no roots: %s %q", r.Trust, r.TrustText)
		}
		// Another CA's root: the chain does not lead there.
		other, err := samples.DemoChain(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		otherRoot := pinlib.Read(other...).ByRole(pinlib.RoleRoot)
		otherPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: otherRoot[0].Cert.Raw}))
		secrets = append(secrets, strings.Split(otherPEM, "\n")[2])
		setField(t, b, "#check-roots", otherPEM, "input")
		if r := judge(t, accepted, chain, rootsOf(t, otherRoot...)); r.Verdict != platform.CheckUntrusted || !strings.HasPrefix(r.TrustText, "untrusted: x509: certificate signed by unknown authority") {
			t.Errorf("another CA's root: %s %q", r.Verdict, r.TrustText)
		}
		poll(t, b, "the untrusted colour", `document.getElementById("check-result")?.classList.contains("outcome-outage")`)

		// The chain's own root: trusted, and the export still accepted.
		root := chain.ByRole(pinlib.RoleRoot)
		setField(t, b, "#check-roots", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root[0].Cert.Raw})), "input")
		if r := judge(t, accepted, chain, rootsOf(t, root...)); r.Verdict != platform.CheckAccepted || !strings.HasPrefix(r.TrustText, "trusted: verified up to "+root[0].Name()) {
			t.Errorf("its own root: %s %q", r.Verdict, r.TrustText)
		}

		// A root pin on the chain a server sends, without its root: the
		// pasted roots complete it; without them it stops short.
		config := rootPinned(t, "android")
		var sentText []byte
		for _, c := range chain.Certificates[:2] {
			sentText = append(sentText, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})...)
		}
		sent := pinlib.Read(pinlib.Input{Name: "chain", Data: sentText})
		setField(t, b, "#check-chain", string(sentText), "input")
		setField(t, b, "#config-text", config, "input")
		r := judge(t, config, sent, rootsOf(t, root...))
		if r.Verdict != platform.CheckAccepted || !strings.Contains(strings.Join(r.Notes, " "), "Completed the chain with "+root[0].Name()+" from the roots pasted") {
			t.Errorf("completed chain: %s %q", r.Verdict, r.Notes)
		}
		poll(t, b, "the completion note", `document.getElementById("check-notes")?.textContent.includes(`+jsString("Completed the chain with "+root[0].Name())+`)`)
		setField(t, b, "#check-roots", "", "input")
		if r := judge(t, config, sent, nil); r.Verdict != platform.CheckRejected {
			t.Errorf("root pin without roots or root: %s", r.Verdict)
		}
		setField(t, b, "#check-chain", chainText, "input")
	})

	// An app whose <trust-anchors> leave out the system CAs refuses any
	// other CA's chain: the page says so, and that its trust verdict was
	// assumed, or reached with the roots pasted.
	t.Run("trust anchors without the system CAs", func(t *testing.T) {
		config := strings.Replace(accepted, "<pin-set", `<trust-anchors><certificates src="@raw/my_ca"/></trust-anchors>
        <pin-set`, 1)
		if config == accepted {
			t.Fatal("the export has no <pin-set>")
		}
		setField(t, b, "#config-text", config, "input")
		notes := func(roots *x509.CertPool) string {
			r, err := platform.CheckConfigWith([]byte(config), host, chain, pastedRoots(roots))
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(r.Notes, "")
		}
		want := notes(nil)
		if !strings.Contains(want, `the app trusts only "@raw/my_ca", not the system CAs`) || !strings.Contains(want, "This check assumed the chain trusted") {
			t.Fatalf("pinlib's notes: %q", want)
		}
		poll(t, b, "the trust-anchors note", `[...document.querySelectorAll("#check-notes li")].map(li => li.textContent).join("") === `+jsString(want))
		root := chain.ByRole(pinlib.RoleRoot)
		setField(t, b, "#check-roots", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root[0].Cert.Raw})), "input")
		want = notes(rootsOf(t, root...))
		if !strings.Contains(want, "This check verified against the roots pasted") {
			t.Fatalf("pinlib's notes with roots: %q", want)
		}
		poll(t, b, "the note with roots", `[...document.querySelectorAll("#check-notes li")].map(li => li.textContent).join("") === `+jsString(want))
		setField(t, b, "#check-roots", "", "input")
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

// pastedRoots are the options the Check page judges with: now, and the
// roots box's certificates when it holds any (nil: none).
func pastedRoots(roots *x509.CertPool) platform.CheckOptions {
	o := platform.CheckOptions{Now: time.Now()}
	if roots != nil {
		o.Roots, o.RootsFrom = roots, "the roots pasted"
	}
	return o
}
