//go:build !wasm

package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
)

// TestE2EPinsAtAGlance: Inspect puts every pin in a table right under the
// summary, readable without a click (all of Debian's bundle too), with a
// filter, "Copy all pins" and downloads that equal `pinlab pins --json`
// and `pinlab pins` byte for byte; the first pin of a 3-certificate chain
// is in the first screen of a 1366×768 laptop. No dead ends: an error
// leaves no "Nothing to show yet", a bundle without a leaf offers "Pin
// this", a pasted public key "Use as backup pin", an Ed25519 leaf a note.
func TestE2EPinsAtAGlance(t *testing.T) {
	b := startDesk(t)
	dl := b.allowDownloads(t)
	b.run(t, "laptop", chromedp.EmulateViewport(1366, 768))
	b.open(t, "/inspect", "#paste")
	const tk = "pinlib/testdata/vectors/trustkit/"
	globalsign := pemOf(t, tk+"www.globalsign.com.der", tk+"GlobalSignDomainValidationCA-SHA256-G2.der", tk+"GlobalSignRootCA.der")

	t.Run("nothing yet, then an error, and the line goes", func(t *testing.T) {
		if !eval[bool](t, b, `document.getElementById("nothing-yet") !== null`) {
			t.Fatal("no “Nothing to show yet” on the empty page: the check below would prove nothing")
		}
		paste(t, b, "this is not a certificate at all")
		poll(t, b, "the error", `document.querySelector(".input-error")?.textContent.includes("no certificate found")`)
		if eval[bool](t, b, `document.getElementById("nothing-yet") !== null`) {
			t.Error("“Nothing to show yet” stays under an error")
		}
	})

	t.Run("first pin of a 3-certificate chain on the first screen", func(t *testing.T) {
		paste(t, b, globalsign)
		waitSummary(t, b, "3 certificates")
		poll(t, b, "the table", `document.querySelectorAll("#pins-table tbody tr").length === 3`)
		b.run(t, "top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		box := eval[[]float64](t, b, `(() => { const r = document.querySelector("#pins-table tbody tr .pin-value").getBoundingClientRect();
			return [r.top, r.bottom, window.innerWidth, window.innerHeight, window.scrollY]; })()`)
		t.Logf("first pin at %.0f–%.0f px in a %.0f×%.0f window", box[0], box[1], box[2], box[3])
		if box[2] != 1366 || box[3] != 768 || box[4] != 0 {
			t.Fatalf("window %.0f×%.0f scrolled %.0f, want 1366×768 at the top", box[2], box[3], box[4])
		}
		if box[1] > 768 {
			t.Errorf("the first pin ends %.0f px down, below the first 768 px", box[1])
		}
		want := pinlib.Read(pinlib.Input{Name: "paste", Data: []byte(globalsign)}).Certificates
		got := eval[[]string](t, b, `[...document.querySelectorAll("#pins-table tbody tr .pin-value")].map(e => e.textContent)`)
		for i, c := range want {
			if i >= len(got) || got[i] != c.Pins.SPKISHA256Base64() {
				t.Errorf("row %d pin %q, pinlib says %s", i, got, c.Pins.SPKISHA256Base64())
			}
		}
		if !eval[bool](t, b, `document.getElementById("paste").classList.contains("compact")`) {
			t.Error("the paste box did not shrink after a successful read")
		}
		b.run(t, "copy the first pin", chromedp.Click(`#pin-row-0 button.copy`))
		poll(t, b, "Copied", `document.querySelector("#pin-row-0 button.copy").textContent === "Copied"`)
		if clip := eval[string](t, b, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise); clip != want[0].Pins.SPKISHA256Base64() {
			t.Errorf("clipboard %q", clip)
		}
	})

	bundle, err := os.ReadFile("pinlib/testdata/ca-certificates.crt")
	if err != nil {
		t.Fatal(err)
	}
	roots := pinlib.Read(pinlib.Input{Name: "paste", Data: bundle})
	n := len(roots.Certificates)
	t.Run("every pin of Debian's bundle without a click", func(t *testing.T) {
		arg, _ := json.Marshal(string(bundle))
		eval[bool](t, b, `(() => { window.__tableAt = undefined; const t0 = performance.now(); const el = document.getElementById("paste"); el.value = `+string(arg)+`;
			el.dispatchEvent(new InputEvent("input", {inputType: "insertFromPaste", bubbles: true}));
			const tick = () => { if (document.querySelectorAll("#pins-table tbody tr").length === `+itoa(n)+`) { window.__tableAt = performance.now() - t0 } else { requestAnimationFrame(tick) } };
			requestAnimationFrame(tick); return true; })()`)
		poll(t, b, "the table of the bundle", `window.__tableAt !== undefined`)
		t.Logf("Debian's bundle (%d KB, %d certificates as pinlib reads it): paste to table in %.0f ms (%s)",
			len(bundle)>>10, n, eval[float64](t, b, `window.__tableAt`), eval[string](t, b, `document.getElementById("summary").textContent`))
		rows := eval[[][]string](t, b, `[...document.querySelectorAll("#pins-table tbody tr")].map(tr => {
			const pin = tr.querySelector(".pin-value");
			const shown = pin.checkVisibility() && pin.closest("details:not([open])") === null && pin.getClientRects().length > 0;
			return [tr.dataset.index, pin.textContent, String(shown)]; })`)
		if len(rows) != n {
			t.Fatalf("%d rows, pinlib reads %d certificates", len(rows), n)
		}
		for i, c := range roots.Certificates {
			if rows[i][0] != itoa(c.Index) || rows[i][1] != c.Pins.SPKISHA256Base64() || rows[i][2] != "true" {
				t.Errorf("row %d = %q, want certificate %d's pin %s, shown", i, rows[i], c.Index, c.Pins.SPKISHA256Base64())
			}
		}
		if got := eval[string](t, b, `document.getElementById("send-pin").textContent`); got != "Pick a certificate to pin →" {
			t.Errorf("the leafless bundle's Pin button says %q", got)
		}
		b.assertClean(t, "bundle")
	})

	t.Run("downloads equal pinlab pins", func(t *testing.T) {
		dir := t.TempDir()
		// The page reads the paste as an input named "paste": give the
		// command the same bytes under the same name.
		if err := os.WriteFile(filepath.Join(dir, "paste"), bundle, 0o644); err != nil {
			t.Fatal(err)
		}
		var jsonOut, textOut, stderr bytes.Buffer
		t.Run("the command", func(t *testing.T) {
			t.Chdir(dir)
			if code := run([]string{"pins", "--json", "paste"}, &jsonOut, &stderr); code != 0 {
				t.Fatalf("pinlab pins --json: exit %d: %s", code, stderr.String())
			}
			if code := run([]string{"pins", "paste"}, &textOut, &stderr); code != 0 {
				t.Fatalf("pinlab pins: exit %d", code)
			}
		})
		for _, c := range []struct {
			button, name string
			want         []byte
		}{
			{"#download-pins-json", "pins.json", jsonOut.Bytes()},
			{"#download-pins-text", "pins.txt", textOut.Bytes()},
			{"#download-pins-csv", "pins.csv", []byte(roots.PinsCSV())},
		} {
			name, got := dl.take(t, b, c.button)
			if name != c.name {
				t.Errorf("%s saved as %q, want %q", c.button, name, c.name)
			}
			if !bytes.Equal(got, c.want) {
				t.Errorf("%s: %d bytes differ from the command's %d bytes\npage: %.300s\ncommand: %.300s", c.name, len(got), len(c.want), got, c.want)
			}
			t.Logf("%s: %d bytes, equal to the command's", c.name, len(got))
		}
		var report pinlib.Report
		if err := json.Unmarshal(jsonOut.Bytes(), &report); err != nil || len(report.Certificates) != n {
			t.Errorf("the JSON holds %d certificates (%v), want %d", len(report.Certificates), err, n)
		}
		// A download is navigation to a blob: URL, which the CSP does not
		// govern: nothing was blocked.
		b.assertClean(t, "downloads")
	})

	t.Run("filter and copy all pins", func(t *testing.T) {
		const q = "globalsign"
		var want []string
		for _, c := range roots.Certificates {
			if strings.Contains(strings.ToLower(c.Name()+" "+c.Subject()), q) {
				want = append(want, c.Pins.SPKISHA256Base64())
			}
		}
		if len(want) < 2 || len(want) == n {
			t.Fatalf("%d of %d roots match %q: pick another query", len(want), n, q)
		}
		setField(t, b, "#pins-filter", "GlobalSign", "input")
		poll(t, b, "the filtered rows", `document.querySelectorAll("#pins-table tbody tr").length === `+itoa(len(want)))
		if label := eval[string](t, b, `document.getElementById("copy-all-pins").textContent`); label != "Copy the "+itoa(len(want))+" pins shown" {
			t.Errorf("copy button says %q", label)
		}
		b.run(t, "copy all", chromedp.Click("#copy-all-pins"))
		poll(t, b, "Copied", `document.getElementById("copy-all-pins").textContent === "Copied"`)
		if clip := eval[string](t, b, `navigator.clipboard.readText()`, chromedp.EvalAwaitPromise); clip != strings.Join(want, "\n") {
			t.Errorf("clipboard:\n%s\nwant:\n%s", clip, strings.Join(want, "\n"))
		}
		setField(t, b, "#pins-filter", "", "input")
		poll(t, b, "every row again", `document.querySelectorAll("#pins-table tbody tr").length === `+itoa(n))
	})

	t.Run("a bundle without a leaf: Simulate says why, beside a working simulator", func(t *testing.T) {
		b.run(t, "simulate with it", chromedp.Click("#send-simulate"))
		poll(t, b, "the simulator with the reason", `location.pathname === "/simulate" && document.getElementById("use-chain")?.checked &&
			document.getElementById("sim-error")?.textContent.includes("cannot be the real server's") && document.getElementById("verdict") !== null && document.getElementById("matrix") !== null`)
		t.Logf("Simulate: %s", eval[string](t, b, `document.getElementById("sim-error").textContent`))
		b.open(t, "/inspect", "#paste")
		poll(t, b, "the bundle back", `document.querySelectorAll("#pins-table tbody tr").length === `+itoa(n))
	})

	t.Run("a bundle without a leaf: pick a certificate to pin", func(t *testing.T) {
		pick := roots.Certificates[5]
		b.run(t, "pin this", chromedp.Click("#pin-this-5"))
		poll(t, b, "Pin with that certificate ticked", `location.pathname === "/pin" && document.getElementById("pick-5")?.checked`)
		// No leaf, no host to take: the export waits for one.
		poll(t, b, "the host asked for", `document.getElementById("choose-error")?.textContent.includes("host")`)
		setField(t, b, "#host", "ca.example.test", "input")
		poll(t, b, "the export with its pin", `document.getElementById("config-output")?.textContent.includes(`+jsString(pick.Pins.SPKISHA256Base64())+`)`)
		checked := eval[[]string](t, b, `[...document.querySelectorAll("#choices input[type=checkbox]:checked")].map(e => e.id)`)
		if len(checked) != 1 || checked[0] != "pick-5" {
			t.Errorf("ticked %q, want pick-5 only", checked)
		}
		if !strings.Contains(eval[string](t, b, `document.getElementById("pick-hint").textContent`), "pick a certificate to pin") {
			t.Error("no hint to pick a certificate")
		}
		if got := eval[int](t, b, `document.querySelectorAll("#choices .choice").length`); got != n {
			t.Errorf("%d certificates to pick from, want %d", got, n)
		}
		// Clear once the saved bundle is back: a click while it is still
		// being drawn can land where the button no longer is.
		b.open(t, "/inspect", "#paste")
		poll(t, b, "the bundle back", `document.querySelectorAll("#pins-table tbody tr").length === `+itoa(n))
		b.run(t, "clear", chromedp.Click("#clear"))
		poll(t, b, "an empty Inspect", `location.pathname === "/inspect" && document.getElementById("paste")?.value === "" && document.getElementById("pins-table") === null`)
	})

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a pasted public key is a backup pin", func(t *testing.T) {
		der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
		paste(t, b, globalsign+string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
		waitSummary(t, b, "1 public key")
		pin := pinlib.Read(pinlib.Input{Name: "k", Data: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})}).PublicKeys[0].Pins.SPKISHA256Base64()
		b.run(t, "use as backup", chromedp.Click("#use-key-0"))
		poll(t, b, "Pin with the backup", `location.pathname === "/pin" && document.getElementById("backup-list")?.textContent.includes(`+jsString(pin)+`)`)
		b.open(t, "/inspect", "#paste")
	})

	t.Run("the leaf's own key is not a backup", func(t *testing.T) {
		leaf := pinlib.Read(pinlib.Input{Name: "p", Data: []byte(globalsign)}).Leaf()
		der, _ := x509.MarshalPKIXPublicKey(leaf.Cert.PublicKey)
		paste(t, b, globalsign+string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
		waitSummary(t, b, "1 public key")
		b.run(t, "use as backup", chromedp.Click("#use-key-0"))
		poll(t, b, "the refusal", `document.getElementById("use-key-error")?.textContent === "that is the leaf's own key; a backup must be a key that is not in the current chain"`)
		if p := eval[string](t, b, `location.pathname`); p != "/inspect" {
			t.Errorf("went to %s", p)
		}
	})

	t.Run("an Ed25519 leaf gets a note", func(t *testing.T) {
		paste(t, b, ed25519Chain(t))
		waitSummary(t, b, "2 certificates")
		poll(t, b, "the note", `document.querySelector('#warnings [data-code="ed25519-leaf"]')?.textContent.includes("mobile TLS stacks")`)
		b.run(t, "clear", chromedp.Click("#clear"))
	})

	b.assertClean(t, "pins at a glance")
	b.assertSameOrigin(t)
	b.assertNothingSent(t, []string{strings.Split(globalsign, "\n")[2], strings.Split(string(bundle), "\n")[2]})
}

// ed25519Chain is an ECDSA root and an Ed25519 leaf it signed, as PEM.
func ed25519Chain(t *testing.T) string {
	t.Helper()
	rootKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	root := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Ed Test Root"}, NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	rootDER, err := x509.CreateCertificate(rand.Reader, root, root, &rootKey.PublicKey, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	root, _ = x509.ParseCertificate(rootDER)
	leafPub, _, _ := ed25519.GenerateKey(rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "ed.example.test"}, DNSNames: []string{"ed.example.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(0, 3, 0), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, root, leafPub, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER})) + string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER}))
}
