//go:build !wasm

package main

// The harness of the end-to-end tests: the real server on a loopback port,
// a recording proxy that every browser request goes through (so a request
// to any other origin, from the page or its service worker, is seen), and
// Debian's headless Chromium driven by chromedp.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("screenshots", false, "write the README screenshots into docs/")

// testServer is pinlab's real HTTP server on a free loopback port.
type testServer struct {
	srv      *http.Server
	addr     string
	done     chan error
	stopFunc func()
}

func startServer(t *testing.T, a *assets) *testServer {
	t.Helper()
	return startHTTP(t, newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil))))
}

// startHTTP runs srv on a free loopback port until the test ends.
func startHTTP(t *testing.T, srv *http.Server) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{srv: srv, addr: ln.Addr().String(), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { ts.done <- serve(ctx, ln, ts.srv) }()
	ts.stopFunc = sync.OnceFunc(func() {
		cancel()
		<-ts.done
	})
	t.Cleanup(ts.stopFunc)
	return ts
}

// stopFunc shuts the server down gracefully (the same path as SIGTERM).
func (ts *testServer) stop() { ts.stopFunc() }

// recordingProxy forwards the browser's requests for the app's origin to
// the current backend and records every request the browser makes, to any
// host. With no backend it closes the connection: to the browser that is
// the network failing, as when the server is gone.
type recordingProxy struct {
	origin string // host:port the browser believes it talks to

	mu       sync.Mutex
	backend  string
	requests []string
	gates    []*requestGate // hold some requests back
}

func (p *recordingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.Method+" "+r.URL.Scheme+"://"+r.Host+r.URL.Path)
	backend, gates := p.backend, p.gates
	p.mu.Unlock()
	if r.Method == http.MethodConnect || r.Host != p.origin || backend == "" {
		dropConnection(w)
		return
	}
	for _, g := range gates {
		if !g.pass(r) {
			dropConnection(w)
			return
		}
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = "http"
			pr.Out.URL.Host = backend
			pr.Out.Host = p.origin
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) { dropConnection(w) },
	}
	rp.ServeHTTP(w, r)
}

// requestGate holds the browser's requests for some paths at the proxy,
// whichever of its threads asks (the page, a worker, the service worker),
// until the test opens or fails the gate.
type requestGate struct {
	paths   []string    // path suffixes held
	arrived chan string // each held request's path, as it comes

	mu     sync.Mutex
	counts map[string]int // held requests, by path suffix
	state  chan struct{}  // closed when the gate opens or fails
	failed bool
}

// hold starts holding the requests for paths ending in any of suffixes.
// The gate opens by itself when the test ends.
func (p *recordingProxy) hold(t *testing.T, suffixes ...string) *requestGate {
	g := &requestGate{paths: suffixes, arrived: make(chan string, 64), counts: map[string]int{}, state: make(chan struct{})}
	p.mu.Lock()
	p.gates = append(p.gates, g)
	p.mu.Unlock()
	t.Cleanup(func() {
		p.mu.Lock()
		p.gates = slices.DeleteFunc(p.gates, func(x *requestGate) bool { return x == g })
		p.mu.Unlock()
		g.open()
	})
	return g
}

// pass waits while r is held; false means drop its connection.
func (g *requestGate) pass(r *http.Request) bool {
	for _, suffix := range g.paths {
		if !strings.HasSuffix(r.URL.Path, suffix) {
			continue
		}
		g.mu.Lock()
		g.counts[suffix]++
		state := g.state
		g.mu.Unlock()
		select {
		case g.arrived <- suffix:
		default:
		}
		select {
		case <-state:
		case <-r.Context().Done():
			return false
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		return !g.failed
	}
	return true
}

// next waits for a held request for a path ending in suffix.
func (g *requestGate) next(t *testing.T, suffix string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case got := <-g.arrived:
			if got == suffix {
				return
			}
		case <-deadline:
			t.Fatalf("the browser never requested %s", suffix)
		}
	}
}

// count is how many requests for paths ending in suffix came so far.
func (g *requestGate) count(suffix string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.counts[suffix]
}

func (g *requestGate) settle(failed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.state:
	default:
		g.failed = failed
		close(g.state)
	}
}

// open lets every held request, and every later one, through.
func (g *requestGate) open() { g.settle(false) }

// fail drops every held request, and every later one.
func (g *requestGate) fail() { g.settle(true) }

func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	http.Error(w, "offline", http.StatusBadGateway)
}

func (p *recordingProxy) setBackend(addr string) {
	p.mu.Lock()
	p.backend = addr
	p.mu.Unlock()
}

func (p *recordingProxy) recorded() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// site is one app under test: the server behind the proxy, and the URL the
// browser uses.
type site struct {
	server *testServer
	proxy  *recordingProxy
	base   string // http://127.0.0.1:PORT

	proxyAddr string
}

func startSite(t *testing.T) *site {
	t.Helper()
	a, err := embeddedAssets()
	if err != nil {
		t.Fatalf("%v (run the tests with make test, which builds it)", err)
	}
	return proxied(t, startServer(t, a))
}

// proxied puts the recording proxy in front of a running server.
func proxied(t *testing.T, ts *testServer) *site {
	t.Helper()
	p := &recordingProxy{origin: ts.addr, backend: ts.addr}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	psrv := &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second}
	go psrv.Serve(ln)
	t.Cleanup(func() { psrv.Close() })
	return &site{server: ts, proxy: p, base: "http://" + ts.addr, proxyAddr: ln.Addr().String()}
}

// chromiumPath finds Debian's Chromium. The browser tests never skip: a
// machine without it fails with a message saying how to get it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium not found: the browser tests need Debian's chromium package (make test installs it)")
	return ""
}

// browser is one headless Chromium with a fresh profile, whose traffic all
// goes through the site's proxy, loopback included.
type browser struct {
	ctx  context.Context
	site *site

	mu       sync.Mutex
	problems []string // console errors, exceptions, error log entries
	requests []string // every URL the page asked for, from CDP
	bodies   bool     // whether any request carried a body
}

func newBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("proxy-server", "http://"+s.proxyAddr),
		// Chromium skips the proxy for loopback unless told not to.
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &browser{site: s}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Record CSP violations as the page sees them, from the first script on.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`,
	}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	b.ctx = ctx
	return b
}

func (b *browser) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.mu.Lock()
		b.requests = append(b.requests, e.Request.Method+" "+e.Request.URL)
		if e.Request.HasPostData {
			b.bodies = true
		}
		b.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			msg = "console.error: " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError {
			msg = "log error (" + string(e.Entry.Source) + "): " + e.Entry.Text + " " + e.Entry.URL
		}
	}
	if msg != "" {
		b.mu.Lock()
		b.problems = append(b.problems, msg)
		b.mu.Unlock()
	}
}

// takeProblems returns the console errors seen so far and forgets them.
func (b *browser) takeProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// run runs chromedp actions with a deadline, failing the test on error.
func (b *browser) run(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.mu.Lock()
		reqs := b.requests
		b.mu.Unlock()
		t.Fatalf("%s: %v\nconsole: %q\npage requests: %q", what, err, b.takeProblems(), reqs)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is truthy.
func poll(t *testing.T, b *browser, what, expr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 45*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// assertClean fails on any CSP violation the page saw and on any console
// error or exception since the last check.
func (b *browser) assertClean(t *testing.T, where string) {
	t.Helper()
	if v := eval[[]string](t, b, `window.__csp || []`); len(v) > 0 {
		t.Errorf("%s: CSP violations: %q", where, v)
	}
	if p := b.takeProblems(); len(p) > 0 {
		t.Errorf("%s: console errors: %q", where, p)
	}
}

// assertServerGone stops the test unless the page's requests reach no
// server any more: the offline checks would prove nothing. It asks with a
// fetch, which the service worker passes on to the network; a navigation
// it would answer itself, with the not-found page.
func (b *browser) assertServerGone(t *testing.T) {
	t.Helper()
	if eval[bool](t, b, `fetch("/healthz", { cache: "no-store" }).then(r => r.ok, () => false)`, chromedp.EvalAwaitPromise) {
		t.Fatal("the server still answers after stop: the offline check would prove nothing")
	}
	// The browser logs that failed fetch; anything else is the test's.
	for _, p := range b.takeProblems() {
		if !strings.Contains(p, "/healthz") {
			t.Errorf("before going offline: %s", p)
		}
	}
}

// assertSameOrigin fails if the page, or the service worker, asked for
// anything outside the app's origin. The page's requests come from the
// DevTools protocol (every fetch, including those the service worker
// answers); the worker's own requests are the resources it caches, checked
// in app-worker.js. The proxy log is not used: Chromium's own background
// traffic goes through it too.
func (b *browser) assertSameOrigin(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	reqs := append([]string(nil), b.requests...)
	b.mu.Unlock()
	if len(reqs) == 0 {
		t.Fatal("no request recorded: the check would prove nothing")
	}
	origin := b.site.base
	for _, r := range reqs {
		_, u, _ := strings.Cut(r, " ")
		if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") {
			continue
		}
		if pu, err := url.Parse(u); err != nil || pu.Scheme+"://"+pu.Host != origin {
			t.Errorf("the page requested something outside %s: %s", origin, r)
		}
	}
	t.Logf("%d page requests, all to %s", len(reqs), origin)
}

// elapsed is the time since start, rounded for logs.
func elapsed(start time.Time) string {
	return fmt.Sprint(time.Since(start).Round(time.Millisecond))
}

// assertNothingSent fails if any request carried a body or had pasted data
// in its URL. Pasted data may only travel in a URL fragment, which the
// browser never puts on the wire (CDP reports the URL without it).
func (b *browser) assertNothingSent(t *testing.T, secrets []string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bodies {
		t.Error("a request carried a body")
	}
	for _, r := range b.requests {
		for _, s := range secrets {
			if s != "" && (strings.Contains(r, s) || strings.Contains(r, url.QueryEscape(s))) {
				t.Errorf("request carries pasted data: %s", r)
			}
		}
		if strings.Contains(r, "#") {
			t.Errorf("request URL with a fragment: %s", r)
		}
	}
}

// grantClipboard lets the page write and read the clipboard, as a person
// allows when a copy button is used for the first time.
func (b *browser) grantClipboard(t *testing.T) {
	t.Helper()
	for _, perm := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: perm}, Setting: cdpbrowser.PermissionSettingGranted, Origin: b.site.base,
		}); err != nil {
			t.Fatal(err)
		}
	}
}
