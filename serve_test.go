//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"

	"pinlab/app"
)

func testAssets(t *testing.T) *assets {
	t.Helper()
	a, err := embeddedAssets()
	if err != nil {
		t.Fatalf("%v (make test builds it)", err)
	}
	return a
}

func get(t *testing.T, h http.Handler, method, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	paths := append([]string{"/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest",
		"/app.css", "/web/pinlab.css", "/web/icon.svg", "/web/app.wasm", "/healthz", "/favicon.ico",
		"/no-such-page", "/web/", "/web/no-such-file"}, app.Paths...)
	for _, p := range paths {
		for _, method := range []string{"GET", "HEAD", "DELETE"} {
			assertSecurityHeaders(t, method+" "+p, get(t, h, method, p))
		}
	}
}

// assertSecurityHeaders checks a response carries every security header
// with the value the server sets, and that the CSP is the strict one.
func assertSecurityHeaders(t *testing.T, where string, res *http.Response) {
	t.Helper()
	for k, want := range securityHeaderSet() {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s (status %d): %s = %q, want %q", where, res.StatusCode, k, got, want)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
		"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", where, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("%s: CSP allows unsafe code: %q", where, csp)
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s: %s = %q, want %q", where, k, got, want)
		}
	}
}

func TestPagesArePrerendered(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	for _, tc := range []struct{ path, want string }{
		{"/", "nothing you paste ever leaves your browser"},
		{"/inspect", "<h1>Inspect</h1>"},
		{"/pin", "<h1>Pin</h1>"},
		{"/simulate", "<h1>Simulate</h1>"},
		{"/check", "<h1>Check</h1>"},
		{"/learn", "<h1>Learn</h1>"},
		{"/learn/why-pinning", "<h1>Why pinning</h1>"},
	} {
		res := get(t, h, "GET", tc.path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !strings.Contains(string(body), tc.want) {
			t.Errorf("GET %s: status %d, body lacks %q", tc.path, res.StatusCode, tc.want)
		}
		if strings.Contains(string(body), "style=") {
			t.Errorf("GET %s: inline style attribute, which the CSP blocks", tc.path)
		}
	}
}

// TestNotFoundPage: an address with no page gets pinlab's not-found page,
// with a 404 status, naming the address; for a lesson's address it offers
// the lessons closest to it. The page itself is at app.NotFoundPath. Files
// under /web/ keep their bare 404.
func TestNotFoundPage(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	for _, tc := range []struct {
		path   string
		status int
		want   []string // in the page
		absent []string
	}{
		{"/nope", 404, []string{"<h1>Page not found</h1>", "<code>/nope</code>", `href="/inspect"`, `href="/learn"`}, []string{"Did you mean", `id="page-guess"`}},
		{"/learn/what-to-pn", 404, []string{"<code>/learn/what-to-pn</code>", "Did you mean", `href="/learn/what-to-pin"`}, []string{`id="not-found-links"`}},
		{"/learn/3", 404, []string{"Did you mean", `href="/learn/what-to-pin"`}, nil},
		{"/learn/zzzzzzzz", 404, []string{"No lesson has that name.", `href="/learn"`}, []string{"Did you mean"}},
		{"/inspect/extra?x=1", 404, []string{"<code>/inspect/extra</code>", `<p id="page-guess">Did you mean<a href="/inspect">Inspect</a>?</p>`}, nil},
		{"/Check/", 404, []string{`<p id="page-guess">Did you mean<a href="/check">Check</a>?</p>`}, nil},
		{"/not-found", 200, []string{"<h1>Page not found</h1>", "pinlab has no page at this address."}, []string{"<code>"}},
		{"/not-found?path=/learn/androi", 200, []string{"<code>/learn/androi</code>", `href="/learn/android"`}, nil},
	} {
		res := get(t, h, "GET", tc.path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: status %d, %s; want %d, a page", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.status)
		}
		if n, _ := strconv.Atoi(res.Header.Get("Content-Length")); n != len(body) {
			t.Errorf("GET %s: Content-Length %d for %d bytes", tc.path, n, len(body))
		}
		// The page as one line, without the indentation of its source.
		flat := regexp.MustCompile(`>\s+`).ReplaceAllString(regexp.MustCompile(`\s+<`).ReplaceAllString(string(body), "<"), ">")
		for _, w := range tc.want {
			if !strings.Contains(flat, w) {
				t.Errorf("GET %s: the page lacks %s", tc.path, w)
			}
		}
		for _, w := range tc.absent {
			if strings.Contains(string(body), w) {
				t.Errorf("GET %s: the page has %s", tc.path, w)
			}
		}
		if !bytes.Contains(body, earlyScript(compileWorker)) {
			t.Errorf("GET %s: the page does not start the wasm's compilation first", tc.path)
		}
		head := get(t, h, "HEAD", tc.path)
		if head.StatusCode != tc.status || head.Header.Get("Content-Length") != res.Header.Get("Content-Length") {
			t.Errorf("HEAD %s: status %d, Content-Length %s; GET gave %d, %s", tc.path, head.StatusCode, head.Header.Get("Content-Length"), res.StatusCode, res.Header.Get("Content-Length"))
		}
	}
	// ?wasm=false keeps its page without the wasm, not found or not.
	res := get(t, h, "GET", "/nope?wasm=false")
	if body, _ := io.ReadAll(res.Body); res.StatusCode != 404 || bytes.Contains(body, earlyScript(compileWorker)) || !bytes.Contains(body, []byte("<code>/nope</code>")) {
		t.Errorf("GET /nope?wasm=false: status %d, or the page starts the wasm, or does not name /nope", res.StatusCode)
	}
	res = get(t, h, "GET", "/web/nope.js")
	if body, _ := io.ReadAll(res.Body); res.StatusCode != 404 || strings.Contains(string(body), "<html") {
		t.Errorf("GET /web/nope.js: status %d, %.80q; want a bare 404", res.StatusCode, body)
	}
}

func TestWasmIsServedPrecompressed(t *testing.T) {
	a := testAssets(t)
	h := newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	raw, err := fs.ReadFile(a.files, "app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		accept, wantEncoding string
	}{
		{"gzip, deflate, br, zstd", "br"},
		{"br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"*", "br"},
		{"", ""},
		{"identity", ""},
		{"gzip;q=0, br;q=0", ""},
	}
	for _, tc := range tests {
		res := get(t, h, "GET", "/web/app.wasm", "Accept-Encoding", tc.accept)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", tc.accept, res.StatusCode)
		}
		if got := res.Header.Get("Content-Encoding"); got != tc.wantEncoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.wantEncoding)
		}
		if got := res.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Content-Type %q", got)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: no Vary: Accept-Encoding", tc.accept)
		}
		if got := res.Header.Get(wasmLengthHeader); got != itoa(len(raw)) {
			t.Errorf("%s = %s, want the raw length %d", wasmLengthHeader, got, len(raw))
		}
		if got := res.Header.Get("Content-Length"); got != itoa(len(body)) {
			t.Errorf("Content-Length %s, body %d bytes", got, len(body))
		}
		if !bytes.Equal(decode(t, tc.wantEncoding, body), raw) {
			t.Errorf("Accept-Encoding %q: body does not decode to app.wasm", tc.accept)
		}
	}
	if res := get(t, h, "HEAD", "/web/app.wasm", "Accept-Encoding", "br"); res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("HEAD: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func decode(t *testing.T, encoding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch encoding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAcceptsEncoding(t *testing.T) {
	tests := []struct {
		header, token string
		want          bool
	}{
		{"br", "br", true},
		{"gzip, br", "br", true},
		{" BR ; q=0.5", "br", true},
		{"br;q=0", "br", false},
		{"br;q=0.0", "br", false},
		{"gzip", "br", false},
		{"*", "br", true},
		{"*;q=0", "br", false},
		{"*, br;q=0", "br", false},
		{"gzip;q=0, *", "gzip", false},
		{"", "gzip", false},
		{"brotli", "br", false},
	}
	for _, tc := range tests {
		if got := acceptsEncoding(tc.header, tc.token); got != tc.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v, want %v", tc.header, tc.token, got, tc.want)
		}
	}
}

func TestVersionFollowsAssets(t *testing.T) {
	icon := solidPNG(t, 192, color.RGBA{15, 23, 42, 255})
	files := func(wasm, css string) fstest.MapFS {
		return fstest.MapFS{"app.wasm": {Data: []byte(wasm)}, "pinlab.css": {Data: []byte(css)}, faviconSource: {Data: icon}}
	}
	mustAssets := func(files fstest.MapFS) *assets {
		t.Helper()
		a, err := newAssets(files)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a1 := mustAssets(files("wasm v1", "body{}"))
	same := mustAssets(files("wasm v1", "body{}"))
	changedWasm := mustAssets(files("wasm v2", "body{}"))
	changedCSS := mustAssets(files("wasm v1", "body{ }"))
	if a1.version != same.version {
		t.Errorf("same assets, different versions %s %s", a1.version, same.version)
	}
	if a1.version == changedWasm.version || a1.version == changedCSS.version {
		t.Errorf("changed assets kept version %s", a1.version)
	}
	if _, err := newAssets(fstest.MapFS{"pinlab.css": {Data: []byte("x")}}); err != errNoWasm {
		t.Errorf("no app.wasm: err = %v, want errNoWasm", err)
	}
	if a1.wasmSize != len("wasm v1") {
		t.Errorf("wasmSize = %d", a1.wasmSize)
	}
}

// The service worker caches only this origin's files, every page among
// them, so each page reloads offline and nothing is fetched from elsewhere.
// solidPNG is a size×size PNG of one colour.
func solidPNG(t *testing.T, size int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWorkerCachesEveryPageLocally(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	body, _ := io.ReadAll(get(t, h, "GET", "/app-worker.js").Body)
	m := regexp.MustCompile(`const resourcesToCache = (\[.*\]);`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no resourcesToCache in app-worker.js")
	}
	var cached []string
	if err := json.Unmarshal(m[1], &cached); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, c := range cached {
		if !strings.HasPrefix(c, "/") || strings.HasPrefix(c, "//") {
			t.Errorf("worker caches a remote resource: %s", c)
		}
		set[c] = true
	}
	for _, want := range append([]string{"/web/app.wasm", "/app.js", "/wasm_exec.js", "/web/pinlab.css", icon192, icon512, iconSVG}, app.Paths...) {
		if !set[want] {
			t.Errorf("worker does not cache %s", want)
		}
	}
	manifest, _ := io.ReadAll(get(t, h, "GET", "/manifest.webmanifest").Body)
	if bytes.Contains(manifest, []byte("http")) {
		t.Errorf("manifest names a remote resource: %s", manifest)
	}
}

func TestHealthz(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	res := get(t, h, "GET", "/healthz")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("/healthz: %d %q", res.StatusCode, body)
	}
}

func TestServerTimeouts(t *testing.T) {
	srv := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 {
		t.Errorf("timeouts not all set: %+v", srv)
	}
}

// serve returns nil once its context is cancelled, after in-flight requests.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv := newServer(testAssets(t), slog.New(slog.NewTextHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, srv) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
	if !strings.Contains(logs.String(), "path=/healthz") || !strings.Contains(logs.String(), "status=200") {
		t.Errorf("request log lacks the request: %s", logs.String())
	}
}

func TestStaticExport(t *testing.T) {
	a := testAssets(t)
	for _, prefix := range []string{"", "/pinlab"} {
		out := t.TempDir()
		n, err := exportStatic(a, out, prefix)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"index.html", "inspect.html", "pin.html", "simulate.html", "check.html", "learn.html",
			"app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "app.css", "_headers", "favicon.ico",
			"web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz", "web/pinlab.css", "web/icon.svg"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("prefix %q: %s missing from the export", prefix, f)
			}
		}
		index, _ := os.ReadFile(filepath.Join(out, "index.html"))
		for _, want := range []string{prefix + "/web/pinlab.css", prefix + "/app.js", prefix + "/inspect"} {
			if !bytes.Contains(index, []byte(`"`+want+`"`)) {
				t.Errorf("prefix %q: index.html lacks %q", prefix, want)
			}
		}
		// Static hosts answer an address with no file with 404.html.
		notFound, _ := os.ReadFile(filepath.Join(out, "404.html"))
		// A static host serves it for any address, which it cannot name.
		if !bytes.Contains(notFound, []byte("<h1>Page not found</h1>")) || !bytes.Contains(notFound, []byte(`"`+prefix+`/web/pinlab.css"`)) ||
			bytes.Contains(notFound, []byte("<code>/not-found</code>")) {
			t.Errorf("prefix %q: 404.html is not pinlab's not-found page under the prefix: %.300s", prefix, notFound)
		}
		if ico, _ := os.ReadFile(filepath.Join(out, "favicon.ico")); !bytes.Equal(ico, a.favicon) {
			t.Errorf("prefix %q: favicon.ico in the export differs from the one served", prefix)
		}
		headers, _ := os.ReadFile(filepath.Join(out, "_headers"))
		assertHeadersFileMatchesServer(t, prefix, string(headers))
		t.Logf("prefix %q: %d files", prefix, n)
	}
}

// assertHeadersFileMatchesServer checks that the export's _headers gives
// every path exactly the security headers the server sends on a page.
func assertHeadersFileMatchesServer(t *testing.T, prefix, file string) {
	t.Helper()
	blocks := map[string]http.Header{}
	var cur string
	for line := range strings.Lines(file) {
		line = strings.TrimRight(line, "\n")
		if !strings.HasPrefix(line, " ") {
			cur = line
			blocks[cur] = http.Header{}
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || cur == "" {
			t.Fatalf("_headers: malformed line %q", line)
		}
		blocks[cur].Add(k, v)
	}
	all, ok := blocks[prefix+"/*"]
	if !ok {
		t.Fatalf("prefix %q: _headers has no %s/* block:\n%s", prefix, prefix, file)
	}
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	served := get(t, h, "GET", "/inspect").Header
	for k := range securityHeaderSet() {
		if got, want := all.Get(k), served.Get(k); got != want || want == "" {
			t.Errorf("prefix %q: _headers gives %s: %q, the server sends %q", prefix, k, got, want)
		}
	}
	if len(all) != len(securityHeaderSet()) {
		t.Errorf("prefix %q: _headers sets %d headers on every path, the server %d: %v", prefix, len(all), len(securityHeaderSet()), all)
	}
}

func TestCleanPrefix(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "pinlab": "/pinlab", "/a/b/": "/a/b", " /x ": "/x"} {
		if got, err := cleanPrefix(in); err != nil || got != want {
			t.Errorf("cleanPrefix(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"/a/../b", "a?b", "a#b", "a b"} {
		if _, err := cleanPrefix(bad); err == nil {
			t.Errorf("cleanPrefix(%q) accepted", bad)
		}
	}
}

func TestCLIExitCodes(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{nil, 2, "", "Usage: pinlab"},
		{[]string{"help"}, 0, "Commands:", ""},
		{[]string{"--help"}, 0, "Commands:", ""},
		{[]string{"help", "serve"}, 0, "Usage: pinlab serve", ""},
		{[]string{"help", "nope"}, 2, "", "unknown command"},
		{[]string{"version"}, 0, "pinlab ", ""},
		{[]string{"version", "x"}, 2, "", "unexpected argument"},
		{[]string{"nope"}, 2, "", `unknown command "nope"`},
		{[]string{"serve", "-bogus"}, 2, "", "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, "", "unexpected argument"},
		{[]string{"serve", "-addr", "256.0.0.1:99999"}, 1, "", "cannot listen"},
		{[]string{"static", "-prefix", "a/../b"}, 2, "", "invalid -prefix"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("pinlab %q: exit %d (want %d)\nstdout: %s\nstderr: %s", tc.args, code, tc.code, stdout.String(), stderr.String())
		}
	}
}
