//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The code startup.go and web/start.js replace or call in go-app v10.1.11.
// A go-app upgrade that changes either file fails TestGoAppStartupCodeUnchanged
// until someone has checked pinlab's start against the new code.
const (
	goappAppJSSHA256  = "ad5b3247b9013e48ccd11647ccb2c7fbecd9e5f96fa455a7b4d143024e3c49dc"
	goappWorkerSHA256 = "fb64efe18fb6e1f389eb20f75b68828729f001324647548eaab24c5add47ab0d"
)

// vanillaAppJS is go-app's app.js as an unconfigured Handler serves it: the
// template with fixed values, so its hash changes only when go-app does.
func vanillaAppJS(t *testing.T) string {
	t.Helper()
	h := &goapp.Handler{Version: "pinned", Resources: goapp.LocalDir("")}
	res := get(t, h, http.MethodGet, "/app.js")
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("go-app's app.js: status %d, %v", res.StatusCode, err)
	}
	return string(b)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestGoAppStartupCodeUnchanged(t *testing.T) {
	for _, c := range []struct{ file, got, want string }{
		{"app.js", sha256Hex(vanillaAppJS(t)), goappAppJSSHA256},
		{"app-worker.js", sha256Hex(goapp.DefaultAppWorkerJS), goappWorkerSHA256},
	} {
		if c.got != c.want {
			t.Errorf("go-app's %s changed (sha256 %s, pinned %s). pinlab edits it and web/start.js calls it: "+
				"check that appJSEdits and workerEdits in startup.go still replace what they should, that "+
				"goappInitWebAssembly does nothing start.js misses and that start.js still calls goappCanLoadWebAssembly, "+
				"goappGetenv, goappInitServiceWorker and goappOnUpdate correctly; run the browser tests (TestE2EStartup, TestE2EShell, "+
				"TestE2EOfflineLinks), then pin the new hash here", c.file, c.got, c.want)
		}
	}
}

func TestApplyEdits(t *testing.T) {
	edits := []jsEdit{{what: "x", old: "old();\n", new: "new();\n"}}
	for _, c := range []struct {
		name, src, want, err string
	}{
		{"once", "a();\nold();\nb();\n", "a();\nnew();\nb();\n", ""},
		{"missing", "a();\nb();\n", "", "found 0 times"},
		{"twice", "old();\nold();\n", "", "found 2 times"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := applyEdits(c.src, edits)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "pinlab: ") {
					t.Fatalf("error = %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// statements are the lines of a script that are a bare call, as the
// start-up calls of go-app's app.js are.
func hasStatement(js, stmt string) bool {
	for _, line := range strings.Split(js, "\n") {
		if strings.TrimSpace(line) == stmt {
			return true
		}
	}
	return false
}

// deferredScript is where the page loads src as a deferred script, or -1.
// go-app writes attributes in any order.
// checkEarlyScript checks that a page starts with the script that compiles
// the wasm (startearly.go): right after the charset, before any stylesheet,
// once, pointing at the worker under the prefix, and allowed by
// the page's CSP through the hash of exactly the text the page carries.
func checkEarlyScript(t *testing.T, name, html, csp, prefix string) {
	t.Helper()
	open := fmt.Sprintf(`<meta charset="UTF-8"><script data-worker="%s/web/compile.js">`, prefix)
	i := strings.Index(html, open)
	if i < 0 || strings.Count(html, "<script data-worker") != 1 {
		t.Errorf("%s: the page does not start with one early script %s", name, open)
		return
	}
	if css := strings.Index(html, `rel="stylesheet"`); css >= 0 && css < i {
		t.Errorf("%s: a stylesheet comes before the early script, which then waits for it", name)
	}
	body, _, ok := strings.Cut(html[i+len(open):], "</script>")
	if !ok {
		t.Fatalf("%s: the early script is not closed", name)
	}
	sum := sha256.Sum256([]byte(body))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval' "+hash+";") {
		t.Errorf("%s: the CSP does not allow the early script by its hash %s: %s", name, hash, csp)
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: the CSP allows any inline script: %s", name, csp)
	}
}

func deferredScript(html, src string) int {
	re := regexp.MustCompile(`<script[^>]*\ssrc="` + regexp.QuoteMeta(src) + `"[^>]*>`)
	loc := re.FindStringIndex(html)
	if loc == nil || !regexp.MustCompile(`\sdefer[\s>]`).MatchString(html[loc[0]:loc[1]]) {
		return -1
	}
	return loc[0]
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServedStartup(t *testing.T) {
	a := testAssets(t)
	h := newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler

	t.Run("app.js leaves the start to start.js", func(t *testing.T) {
		for _, path := range []string{"/app.js", "/goapp.js", "/" + a.version + "/app.js"} {
			res := get(t, h, http.MethodGet, path)
			js := readBody(t, res)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/javascript") {
				t.Fatalf("%s: status %d, type %q", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
			for _, stmt := range []string{"goappInitWebAssembly();", "goappInitServiceWorker();"} {
				if hasStatement(js, stmt) {
					t.Errorf("%s still calls %s", path, stmt)
				}
			}
			for _, want := range []string{"goappWatchForUpdate();", "goappWatchForInstallable();"} {
				if !hasStatement(js, want) {
					t.Errorf("%s lost the call %s", path, want)
				}
			}
			for _, fn := range []string{"function goappInitServiceWorker(", "function goappCanLoadWebAssembly(", "function goappGetenv(", "function goappTryUpdate(", "var goappOnUpdate = "} {
				if !strings.Contains(js, fn) {
					t.Errorf("%s lacks %s…), which start.js or the Go side calls", path, fn)
				}
			}
		}
		etag := get(t, h, http.MethodGet, "/app.js").Header.Get("ETag")
		if etag != `"`+a.version+`"` {
			t.Errorf("app.js ETag = %q, want the version", etag)
		}
		if res := get(t, h, http.MethodGet, "/app.js", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("app.js with If-None-Match: status %d, want 304", res.StatusCode)
		}
	})

	t.Run("the worker installs fully and serves pages whatever the query", func(t *testing.T) {
		js := readBody(t, get(t, h, http.MethodGet, "/app-worker.js"))
		for _, want := range []string{"event.waitUntil(installWorker()", "caches.match(request, { ignoreSearch: true })", `"/web/start.js"`} {
			if !strings.Contains(js, want) {
				t.Errorf("app-worker.js lacks %q", want)
			}
		}
	})

	t.Run("pages start compiling the wasm first thing, unless it will not run", func(t *testing.T) {
		for _, c := range []struct {
			name, path string
			header     []string
			early      bool
		}{
			{"page", "/inspect", nil, true},
			{"page with a query", "/simulate?client=ios", nil, true},
			{"home", "/", nil, true},
			{"lesson", "/learn/what-to-pin", nil, true},
			{"?wasm=false", "/inspect?wasm=false", nil, false},
			{"robot", "/inspect", []string{"User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1)"}, false},
		} {
			res := get(t, h, http.MethodGet, c.path, c.header...)
			html := readBody(t, res)
			if c.early {
				checkEarlyScript(t, c.name, html, res.Header.Get("Content-Security-Policy"), "")
			} else if strings.Contains(html, "<script data-worker") {
				t.Errorf("%s: the page starts a wasm that will not run", c.name)
			}
			if got, want := res.Header.Get("Content-Length"), strconv.Itoa(len(html)); got != want {
				t.Errorf("%s: Content-Length %s for a %s-byte page", c.name, got, want)
			}
			app, start := strings.Index(html, `src="/app.js"`), deferredScript(html, "/web/start.js")
			if app < 0 || start < app {
				t.Errorf("%s: start.js must be a deferred script after app.js (at %d and %d)", c.name, app, start)
			}
			if !strings.Contains(html, `id="app-wasm-loader"`) {
				t.Errorf("%s: the loader element, which start.js and the CSS use, is gone", c.name)
			}
		}
	})
}

func TestStaticExportStartup(t *testing.T) {
	a := testAssets(t)
	dir := t.TempDir()
	if _, err := exportStatic(a, dir, "/pinlab"); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got, want := read("app.js"), string(newAppHandler(a, "/pinlab").appJS); got != want {
		t.Error("the exported app.js is not pinlab's edited one")
	}
	if got := read("web/start.js"); !strings.Contains(got, "goappInitServiceWorker") {
		t.Error("web/start.js is missing from the export")
	}
	if !strings.Contains(read("app-worker.js"), "ignoreSearch: true") {
		t.Error("the exported worker lacks pinlab's edits")
	}
	csp := ""
	for line := range strings.Lines(read("_headers")) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Content-Security-Policy: "); ok {
			csp = v
		}
	}
	for _, page := range []string{"index.html", "inspect.html", "learn/what-to-pin.html"} {
		html := read(page)
		checkEarlyScript(t, page, html, csp, "/pinlab")
		if deferredScript(html, "/pinlab/web/start.js") < 0 {
			t.Errorf("%s: no start.js under the prefix", page)
		}
	}
}
