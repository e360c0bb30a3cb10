//go:build !wasm

package main

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pinlab/pinlib"
)

// everyConsoleMessage keeps the text of every console call of any level,
// every exception and every browser log entry: a key must reach none.
type everyConsoleMessage struct {
	mu   sync.Mutex
	text strings.Builder
}

func (c *everyConsoleMessage) listen(ev any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		for _, a := range e.Args {
			c.text.WriteString(string(a.Value) + " " + a.Description + "\n")
			if a.Preview != nil {
				for _, p := range a.Preview.Properties {
					c.text.WriteString(p.Value + "\n")
				}
			}
		}
	case *runtime.EventExceptionThrown:
		c.text.WriteString(e.ExceptionDetails.Text + "\n")
		if e.ExceptionDetails.Exception != nil {
			c.text.WriteString(e.ExceptionDetails.Exception.Description + "\n")
		}
	case *cdplog.EventEntryAdded:
		c.text.WriteString(e.Entry.Text + " " + e.Entry.URL + "\n")
	}
}

func (c *everyConsoleMessage) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text.String()
}

// shareItem is one item of a share link: 'c' certificate or 'k' key.
type shareItem struct {
	kind byte
	data []byte
}

// craftShare writes a share link's payload by hand, in the format of
// pinlib/share.go (version 1, items of kind, uvarint length and bytes,
// deflated, base64url), so a test can put into a link what pinlab never
// would.
func craftShare(t *testing.T, items ...shareItem) string {
	t.Helper()
	raw := []byte{1}
	for _, it := range items {
		raw = append(raw, it.kind)
		raw = binary.AppendUvarint(raw, uint64(len(it.data)))
		raw = append(raw, it.data...)
	}
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(z.Bytes())
}

// shareContent is everything a URL's share fragment unpacks to, or nil.
func shareContent(t *testing.T, link string) []byte {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("bad URL %q: %v", link, err)
	}
	payload, ok := strings.CutPrefix(u.Fragment, "chain=")
	if !ok {
		return nil
	}
	inputs, err := pinlib.DecodeShare(payload)
	if err != nil {
		return []byte(payload) // not a link pinlab reads: look at it as it is
	}
	var all []byte
	for _, in := range inputs {
		all = append(all, in.Data...)
	}
	return all
}

// keyCheck looks for a pasted key everywhere a page could keep or send
// it. The page side runs in the page: every DOM node, attribute and
// field value, local and session storage, the URL (and what its share
// fragment unpacks to), the title, and Cache Storage (entry URLs here;
// bodies once at the end, as they are large).
type keyCheck struct {
	b       *browser
	console *everyConsoleMessage
	proxy   *recordingProxy
}

const findInPageJS = `(async (secrets, bodies) => {
	const found = [];
	const look = (where, text) => { for (const s of secrets) if (text && String(text).includes(s)) found.push(where + " holds " + s); };
	look("the DOM", document.documentElement.outerHTML);
	for (const el of document.querySelectorAll("input, textarea, select")) look("the value of " + (el.id || el.tagName), el.value);
	look("local storage", JSON.stringify(localStorage));
	look("session storage", JSON.stringify(sessionStorage));
	look("the URL", location.href);
	look("the URL, decoded", decodeURIComponent(location.href));
	look("the title", document.title);
	for (const name of await caches.keys()) {
		const cache = await caches.open(name);
		for (const req of await cache.keys()) {
			look("Cache Storage " + name, req.url);
			if (bodies) look("Cache Storage " + name + " " + req.url, await (await cache.match(req)).text());
		}
	}
	return found;
})`

// assertGone fails if any secret of k is anywhere it may not be.
func (c *keyCheck) assertGone(t *testing.T, where string, secrets []string, raw [][]byte, cacheBodies bool) {
	t.Helper()
	args, _ := json.Marshal(secrets)
	found := eval[[]string](t, c.b, findInPageJS+`(`+string(args)+`, `+jsBool(cacheBodies)+`)`, chromedp.EvalAwaitPromise)
	for _, f := range found {
		t.Errorf("%s: %s", where, f)
	}
	links := []string{eval[string](t, c.b, `location.href`), eval[string](t, c.b, `document.getElementById("share-url")?.value || ""`)}
	for _, link := range links {
		content := shareContent(t, link)
		for _, s := range secrets {
			if bytes.Contains(content, []byte(s)) {
				t.Errorf("%s: the share link %.80s… carries %s", where, link, s)
			}
		}
		for _, r := range raw {
			if bytes.Contains(content, r) {
				t.Errorf("%s: the share link %.80s… carries the key's bytes", where, link)
			}
		}
	}
	console := c.console.String()
	c.b.mu.Lock()
	requests := strings.Join(c.b.requests, "\n")
	bodies := c.b.bodies
	c.b.mu.Unlock()
	requests += strings.Join(c.proxy.recorded(), "\n")
	for _, s := range secrets {
		if strings.Contains(console, s) {
			t.Errorf("%s: a console message holds %s", where, s)
		}
		if strings.Contains(requests, s) || strings.Contains(requests, url.QueryEscape(s)) {
			t.Errorf("%s: a request holds %s", where, s)
		}
	}
	if bodies {
		t.Errorf("%s: a request carried a body", where)
	}
}

func jsBool(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// pollFor waits up to d for a JavaScript expression to be truthy, and
// says whether it was.
func pollFor(b *browser, d time.Duration, expr string) bool {
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(25*time.Millisecond)))
	return err == nil
}

// noneIn is a JavaScript expression: the element's value holds none of
// the secrets.
func noneIn(sel string, secrets []string) string {
	s, _ := json.Marshal(secrets)
	return `(() => { const el = document.querySelector(` + jsString(sel) + `); return !!el && !` + string(s) + `.some(x => el.value.includes(x)); })()`
}

// TestE2EPrivateKeysNeverKept pastes, re-pastes, drops, picks and
// share-links every form of private key (the forms of issue 10), then
// pastes each into Check's two boxes and Pin's backup box, and a stored
// workspace holding one: after each, the key's text is in no DOM node or
// value, no storage, no URL, no Cache Storage entry, no console message
// and no request, the page says the key was discarded, and every
// certificate pasted with it is still read.
func TestE2EPrivateKeysNeverKept(t *testing.T) {
	b := startDesk(t)
	s := b.site
	console := &everyConsoleMessage{}
	if err := chromedp.Listen(b.ctx, console.listen); err != nil {
		t.Fatal(err)
	}
	check := &keyCheck{b: b, console: console, proxy: s.proxy}
	open := func(path, ready string) {
		t.Helper()
		b.run(t, "open "+path, chromedp.Navigate("about:blank"), chromedp.Navigate(s.base+path), chromedp.WaitReady(ready))
		poll(t, b, "wasm", `document.getElementById("app-wasm-loader") === null`)
	}

	const tk = "pinlib/testdata/vectors/trustkit/"
	oneCert := pemOf(t, tk+"www.cloudflare.com.der")
	twoCerts := pemOf(t, tk+"www.globalsign.com.der", tk+"GlobalSignDomainValidationCA-SHA256-G2.der")
	keys := makePastedKeys(t)
	var allSecrets []string
	var allRaw [][]byte
	for _, k := range keys {
		allSecrets = append(allSecrets, k.secrets...)
		allRaw = append(allRaw, k.raw)
	}
	// pasted is what each test pastes: the key, then certificates. The
	// cut-off key has two after it, and both must survive.
	pasted := func(k pastedKey) (string, string) {
		if strings.HasPrefix(k.name, "cut off") {
			return k.text + twoCerts, "2 certificates"
		}
		return k.text + oneCert, "1 certificate"
	}
	// processed waits until Inspect has read what came in and said a key
	// was removed, then looks for the key everywhere.
	processed := func(t *testing.T, k pastedKey, want, where string) {
		t.Helper()
		waitSummary(t, b, want)
		poll(t, b, "the private-key notice", `document.querySelector("#input-problems .key-removed")?.textContent.includes("exposed")`)
		if !pollFor(b, 5*time.Second, noneIn("#paste", k.secrets)) {
			t.Errorf("%s: the paste box still holds the key", where)
		}
		check.assertGone(t, where, k.secrets, [][]byte{k.raw}, false)
	}
	clearInspect := func() {
		t.Helper()
		b.run(t, "clear", chromedp.Click("#clear"))
		poll(t, b, "cleared", `document.getElementById("paste").value === "" && !document.querySelector("#input-problems .key-removed")`)
	}

	open("/inspect", "#paste")
	dir := t.TempDir()
	for _, k := range keys {
		t.Run("Inspect/"+k.name, func(t *testing.T) {
			text, want := pasted(k)

			clearInspect()
			paste(t, b, text)
			processed(t, k, want, "paste")

			// The same paste again: the redacted text equals what the
			// page last rendered, so only a direct write empties the box.
			paste(t, b, text)
			if !pollFor(b, 5*time.Second, noneIn("#paste", k.secrets)) {
				t.Fatal("re-paste: the paste box keeps the key")
			}
			processed(t, k, want, "re-paste")

			// A link made from the paste that held the key, opened.
			b.run(t, "share", chromedp.Click("#share"))
			poll(t, b, "the link", `document.getElementById("share-url")?.value.includes("#chain=")`)
			link := eval[string](t, b, `document.getElementById("share-url").value`)
			check.assertGone(t, "the link made", k.secrets, [][]byte{k.raw}, false)
			open(strings.TrimPrefix(link, s.base), "#paste")
			waitSummary(t, b, want)
			check.assertGone(t, "the link opened", k.secrets, [][]byte{k.raw}, false)

			// A crafted link that carries the key's text, and one that
			// carries its DER bytes, beside certificates.
			crafted := [][]shareItem{{{'c', []byte(text)}}}
			if k.der != nil {
				crafted = append(crafted, []shareItem{{'c', k.der}, {'c', []byte(strings.TrimPrefix(text, k.text))}})
			}
			for i, items := range crafted {
				open("/inspect#chain="+craftShare(t, items...), "#paste")
				processed(t, k, want, "crafted link "+itoa(i+1))
			}

			clearInspect()
			dropFile(t, b, "keys-and-chain.pem", []byte(text))
			processed(t, k, want, "drop")

			clearInspect()
			file := filepath.Join(dir, "picked.pem")
			if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			b.run(t, "pick", chromedp.SetUploadFiles("#file-input", []string{file}))
			processed(t, k, want, "pick")
		})
	}

	t.Run("Check's two boxes", func(t *testing.T) {
		open("/check", "#config-text")
		config := "curl --pinnedpubkey 'sha256//" + strings.Repeat("B", 43) + "=' https://api.example.test/\n"
		for _, k := range keys {
			text, _ := pasted(k)
			for _, round := range []string{"paste", "re-paste"} {
				setField(t, b, "#config-text", k.text+config, "input")
				setField(t, b, "#check-chain", text, "input")
				if !pollFor(b, 5*time.Second, noneIn("#config-text", k.secrets)+" && "+noneIn("#check-chain", k.secrets)) {
					t.Errorf("%s, %s: a box on Check keeps the key", k.name, round)
				}
				poll(t, b, "both notices", `document.querySelector("#config-removed .key-removed") && document.querySelector("#chain-removed .key-removed")`)
				check.assertGone(t, "Check, "+k.name+", "+round, k.secrets, [][]byte{k.raw}, false)
			}
		}
		// What is left is read: the config by its format, the chain's leaf
		// by its name (the cut-off key came last, with two certificates).
		poll(t, b, "the config read as curl", `document.getElementById("config-format")?.textContent.includes("curl")`)
		poll(t, b, "the chain read", `document.getElementById("check-verdict") !== null || document.getElementById("check-error") !== null`)
	})

	t.Run("Pin's backup box", func(t *testing.T) {
		// The workspace holds the last chain Inspect read: Pin shows it.
		open("/pin", "#backup-pin")
		for _, k := range keys {
			setField(t, b, "#backup-pin", k.text, "input")
			if !pollFor(b, 5*time.Second, noneIn("#backup-pin", k.secrets)) {
				t.Errorf("%s: the backup box keeps the key", k.name)
			}
			poll(t, b, "the notice", `document.querySelector("#backup-removed .key-removed") !== null`)
			b.run(t, "add", chromedp.Click("#add-backup"))
			poll(t, b, "the pin's error", `document.getElementById("backup-error") !== null`)
			check.assertGone(t, "Pin, "+k.name, k.secrets, [][]byte{k.raw}, false)
		}
	})

	// Every form at once, between certificates.
	var everything strings.Builder
	for _, k := range keys {
		text, _ := pasted(k)
		everything.WriteString(text)
	}

	t.Run("all forms in one paste", func(t *testing.T) {
		open("/inspect", "#paste")
		clearInspect()
		paste(t, b, everything.String())
		waitSummary(t, b, "certificate")
		if !pollFor(b, 5*time.Second, noneIn("#paste", allSecrets)) {
			t.Error("the paste box keeps a key")
		}
		if n := eval[int](t, b, `document.querySelectorAll("#input-problems .key-removed").length`); n < len(keys) {
			t.Errorf("%d private-key notices for %d keys", n, len(keys))
		}
		check.assertGone(t, "all forms", allSecrets, allRaw, false)
	})

	t.Run("a stored workspace with keys", func(t *testing.T) {
		// What an older pinlab saved, or storage edited by hand: every page
		// that reads the workspace cuts the keys out and saves it back clean.
		ws, _ := json.Marshal(map[string]string{"text": everything.String()})
		for _, path := range []string{"/inspect", "/pin", "/check", "/simulate?chain=mine"} {
			eval[bool](t, b, `localStorage.setItem("pinlab.workspace", `+jsString(string(ws))+`), true`)
			open(path, "main")
			if path == "/simulate?chain=mine" {
				poll(t, b, "the simulator on the chain", `document.getElementById("sim-error") !== null || document.querySelector(".outcome-label") !== null`)
			} else {
				poll(t, b, "the notice on "+path, `document.querySelector(".key-removed")?.textContent.includes("exposed")`)
			}
			poll(t, b, "the workspace cleaned", `!(localStorage.getItem("pinlab.workspace") || "").includes(`+jsString(keys[0].secrets[0])+`)`)
			check.assertGone(t, "the workspace on "+path, allSecrets, allRaw, false)
		}
	})

	check.assertGone(t, "at the end (Cache Storage bodies too)", allSecrets, allRaw, true)
	b.assertSameOrigin(t)
	b.assertNothingSent(t, allSecrets)
}
