//go:build !wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// startDesk starts the site and a browser whose pages may use the
// clipboard: the set-up of every test that presses a Copy button. The site
// is b.site.
func startDesk(t *testing.T) *browser {
	t.Helper()
	b := newBrowser(t, startSite(t))
	b.grantClipboard(t)
	return b
}

// downloads lets a page save files into a directory, and reports each
// file once Chromium has written it whole.
type downloads struct {
	dir string

	mu    sync.Mutex
	names map[string]string // GUID -> the file name the page suggested
	done  chan string       // GUIDs of completed downloads
}

// allowDownloads makes Chromium save the page's downloads (named by
// their GUID) into a fresh directory, and listens for their completion.
func (b *browser) allowDownloads(t *testing.T) *downloads {
	t.Helper()
	d := &downloads{dir: t.TempDir(), names: map[string]string{}, done: make(chan string, 16)}
	events := true
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: d.dir, EventsEnabled: &events,
	}); err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
	if err := chromedp.ListenBrowser(b.ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			d.mu.Lock()
			d.names[e.GUID] = e.SuggestedFilename
			d.mu.Unlock()
		case *cdpbrowser.EventDownloadProgress:
			if e.State == cdpbrowser.DownloadProgressStateCompleted {
				d.done <- e.GUID
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	return d
}

// take clicks the button and returns the file it downloads: its name as
// the page gave it, and its bytes as Chromium wrote them.
func (d *downloads) take(t *testing.T, b *browser, button string) (string, []byte) {
	t.Helper()
	b.run(t, "click "+button, chromedp.Click(button))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case guid := <-d.done:
		data, err := os.ReadFile(filepath.Join(d.dir, guid))
		if err != nil {
			t.Fatal(err)
		}
		d.mu.Lock()
		name := d.names[guid]
		d.mu.Unlock()
		return name, data
	case <-ctx.Done():
		t.Fatalf("%s: no download completed: %q", button, b.takeProblems())
		return "", nil
	}
}

// open loads path in the site, waits for the element ready and for the
// app to have started.
func (b *browser) open(t *testing.T, path, ready string) {
	t.Helper()
	b.run(t, "open "+path, chromedp.Navigate(b.site.base+path), chromedp.WaitReady(ready))
	poll(t, b, "the app on "+path, `document.getElementById("app-wasm-loader") === null`)
}

// storedWorkspaceJS is the text of the saved workspace: what follows its
// header line in local storage (app/workspace.go).
const storedWorkspaceJS = `(localStorage.getItem("pinlab.workspace") || "").replace(/^pinlab workspace\n/, "")`

// loadDemo opens Inspect, loads the demo chain and returns its text as the
// page saved it.
func (b *browser) loadDemo(t *testing.T) string {
	t.Helper()
	b.open(t, "/inspect", "#sample-demo")
	b.run(t, "demo chain", chromedp.Click("#sample-demo"))
	waitSummary(t, b, "one chain")
	return eval[string](t, b, storedWorkspaceJS)
}
