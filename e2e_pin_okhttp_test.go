//go:build !wasm

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2EPinOkHttpVersion: on the Pin page the okhttp exports offer the
// OkHttp they are written for; for 3.x, include-subdomains becomes the host
// plus "*.host" (3.x takes "**." for a host name and pins nothing), and the
// page prints what `pinlab config --okhttp-version 3` prints.
func TestE2EPinOkHttpVersion(t *testing.T) {
	b := newBrowser(t, startSite(t))
	chain := demoOnPin(t, b)

	if eval[bool](t, b, `document.getElementById("okhttp-version") !== null`) {
		t.Error("the OkHttp choice shows for the Android export")
	}
	eval[bool](t, b, `(() => { const el = document.getElementById("subdomains"); el.checked = true;
		el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	setField(t, b, "#format", "okhttp-java", "change")
	poll(t, b, "OkHttp 4.3", `document.getElementById("config-output").textContent.includes('.add("**.api.example.test"')`)
	if v := eval[string](t, b, `document.getElementById("okhttp-version").value`); v != "4" {
		t.Errorf("the OkHttp choice starts at %q, want 4 (4.3.0 or later)", v)
	}

	setField(t, b, "#okhttp-version", "3", "change")
	poll(t, b, "OkHttp 3.x", `document.getElementById("config-output").textContent.includes("for OkHttp 3.x")`)
	page := eval[string](t, b, `document.getElementById("config-output").textContent`)
	if strings.Contains(page, `.add("**.`) || !strings.Contains(page, `.add("*.api.example.test"`) || !strings.Contains(page, `.add("api.example.test"`) {
		t.Errorf("the OkHttp 3.x export:\n%s", page)
	}

	file := filepath.Join(t.TempDir(), "chain.pem")
	if err := os.WriteFile(file, []byte(chain), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"config", "--format", "okhttp-java", "--okhttp-version", "3", "--host", "api.example.test", "--include-subdomains", file}, &stdout, &stderr); code != 0 {
		t.Fatalf("pinlab config: exit %d: %s", code, stderr.String())
	}
	if page != stdout.String() {
		t.Errorf("page and CLI differ\npage:\n%s\nCLI:\n%s", page, stdout.String())
	}
	b.assertClean(t, "pin okhttp")
}

// demoOnPin opens the demo chain on Inspect and sends it to the Pin page,
// as a person would; it returns the chain's PEM.
func demoOnPin(t *testing.T, b *browser) string {
	t.Helper()
	chain := b.loadDemo(t)
	b.run(t, "send to Pin", chromedp.Click("#send-pin"))
	poll(t, b, "the Pin page", `location.pathname === "/pin" && document.getElementById("config-output") !== null`)
	return chain
}
