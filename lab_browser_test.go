//go:build !wasm

package main

import (
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
)

// tunnelProxy is the browser's proxy for the lab: it opens CONNECT tunnels
// to the lab's own ports and to nothing else, so that the browser reaches
// the lab over real TLS and nowhere else.
type tunnelProxy struct {
	allowed []string // host:port
}

func (p *tunnelProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect || !slices.Contains(p.allowed, r.Host) {
		dropConnection(w)
		return
	}
	server, err := net.DialTimeout("tcp", r.Host, 5*time.Second)
	if err != nil {
		dropConnection(w)
		return
	}
	client, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		server.Close()
		return
	}
	io.WriteString(client, "HTTP/1.1 200 Connection Established\r\n\r\n")
	go func() {
		io.Copy(server, client)
		server.Close()
	}()
	io.Copy(client, server)
	client.Close()
}

// TestE2ELab opens a lab scenario's page in headless Chromium over real
// TLS (the browser told to go past the lab's test certificates, as a
// person clicks through the warning), checks it renders under its CSP with
// its stylesheet and no error, then follows its link to another scenario's
// port. The lab logs the browser's connections.
func TestE2ELab(t *testing.T) {
	start := time.Now()
	l, log := startTestLab(t)
	p := &tunnelProxy{}
	for _, s := range l.scenarios {
		p.allowed = append(p.allowed, net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)))
	}
	proxy := startHTTP(t, &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second})

	baseline := l.scenarios[0]
	s := &site{base: strings.TrimSuffix(urlAt(l.urlHost, baseline.Port), "/"), proxyAddr: proxy.addr}
	b := newBrowser(t, s)
	if _, err := chromedp.Call(b.ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true}); err != nil {
		t.Fatalf("telling Chromium to go past the lab's certificates: %v", err)
	}
	b.run(t, "open the baseline page", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible("#scenario"))
	if got := eval[string](t, b, `document.querySelector("h1").textContent + " | " + document.title`); got != "baseline | baseline · pinlab lab" {
		t.Errorf("the page says %q", got)
	}
	cells := eval[int](t, b, `document.querySelectorAll(".matrix td[class^='outcome-']").length`)
	if cells != 8*6 {
		t.Errorf("%d outcome cells, want 8 clients x 6 policies", cells)
	}
	// The stylesheet applies: the only style the CSP lets in.
	if got := eval[string](t, b, `getComputedStyle(document.querySelector("table")).borderCollapse`); got != "collapse" {
		t.Errorf("lab.css not applied: border-collapse %q", got)
	}
	b.assertClean(t, "the baseline page")

	proxyCA := l.scenario("proxy-user-ca")
	b.run(t, "follow the link to proxy-user-ca", chromedp.Click(`#scenarios a[href="`+urlAt(l.urlHost, proxyCA.Port)+`"]`), chromedp.WaitVisible("#scenario"))
	poll(t, b, "the proxy-user-ca page", `document.querySelector("h1").textContent === "proxy-user-ca"`)
	if got := eval[string](t, b, `document.querySelector(".who").className`); got != "who attacker" {
		t.Errorf("proxy-user-ca is presented as %q", got)
	}
	b.assertClean(t, "the proxy-user-ca page")

	// Closing the browser closes its connections: the lab logs each one
	// when it ends.
	chromedp.Cancel(b.ctx)
	// What the pages asked for (from the DevTools protocol: Chromium's own
	// background traffic also reaches the proxy, which refuses it).
	b.mu.Lock()
	for _, want := range []string{"GET " + urlAt(l.urlHost, baseline.Port) + "lab.css", "GET " + urlAt(l.urlHost, proxyCA.Port) + "lab.css"} {
		if !slices.Contains(b.requests, want) {
			t.Errorf("no request %s among %q", want, b.requests)
		}
	}
	for _, r := range b.requests {
		_, u, _ := strings.Cut(r, " ")
		if !slices.ContainsFunc(p.allowed, func(a string) bool { return strings.HasPrefix(u, "https://"+a+"/") }) {
			t.Errorf("a lab page asked for %s", r)
		}
	}
	b.mu.Unlock()
	for _, id := range []string{"baseline", "proxy-user-ca"} {
		want := "scenario=" + id + " port=" + strconv.Itoa(l.scenario(id).Port)
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(log.String(), want) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(log.String(), want) {
			t.Errorf("the lab logged no connection to %s:\n%s", id, log.String())
		}
	}
	t.Logf("two lab pages in Chromium, in %s", elapsed(start))
}
