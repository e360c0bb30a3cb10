//go:build !wasm

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// syncBuffer is a log the lab writes from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startTestLab starts a lab on loopback, on free ports, keeping its files
// in a temporary directory, until the test ends.
func startTestLab(t *testing.T, hosts ...string) (*lab, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	l, err := startLab(labConfig{Addr: "127.0.0.1", Hosts: hosts, Dir: t.TempDir(), Log: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l, log
}

// labGet fetches a lab URL as a reader of pages does, not as a client that
// judges the chain (most ports present an attacker's chain), one
// connection per request so that the lab's log counts them.
func labGet(t *testing.T, url, accept string) (*http.Response, []byte) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
		DisableKeepAlives: true,
	}}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

var (
	// A row of a page's curl table: policy, command, expectation.
	labCommandRow = regexp.MustCompile(`<tr><td>([^<]*)</td><td><code class="command">([^<]*)</code></td><td class="expect-[a-z]+" title="[^"]*">([^<]*)</td></tr>`)
	// The page's command that fetches a roots file.
	labRootsCommand = regexp.MustCompile(`<code>(curl -k -O https://[^<]*)</code>`)
)

// labRun runs a printed command through bash in dir, with an environment
// that holds no curl configuration and no proxy, and returns curl's exit
// status.
func labRun(ctx context.Context, dir, command string) (int, string, error) {
	cmd := exec.CommandContext(ctx, "bash", "-c", command+" -sS -o /dev/null --max-time 30")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "CURL_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, "", nil
	case errors.As(err, &exit):
		return exit.ExitCode(), strings.TrimSpace(stderr.String()), nil
	}
	return -1, "", err
}

// TestLabCurl starts the lab on loopback, reads every scenario's page, and
// runs the curl commands it prints, after the command it prints to fetch
// the roots: whether each connects, or is refused at trust (exit 60) or at
// the pins (exit 90), must be what the page says, and what the simulator's
// trust and curl's leaf-key rule predict for that cell. The lab's log must
// name each connection, and say which clients hung up.
func TestLabCurl(t *testing.T) {
	start := time.Now()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the lab tests need curl: run make clients (make test does)")
	}
	l, log := startTestLab(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	type run struct {
		scenario, policy, roots, command, printed string
		want                                      rcVerdict
		exit                                      int
		detail                                    string
	}
	var runs []*run
	pages := map[string]int{} // requests the test made on each port
	fetched := map[string]bool{}
	for _, s := range l.scenarios {
		resp, body := labGet(t, urlAt(l.urlHost, s.Port), "text/html")
		pages[s.ID]++
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: page status %d", s.ID, resp.StatusCode)
		}
		for _, m := range labRootsCommand.FindAllSubmatch(body, -1) {
			cmd := html.UnescapeString(string(m[1]))
			if fetched[cmd] {
				continue
			}
			fetched[cmd] = true
			if code, msg, err := labRun(ctx, dir, cmd); err != nil || code != 0 {
				t.Fatalf("%s: %s: exit %d %v %s", s.ID, cmd, code, err, msg)
			}
			pages[l.scenarios[0].ID]++
		}
		rows := labCommandRow.FindAllSubmatch(body, -1)
		if len(rows) == 0 {
			t.Fatalf("%s: the page prints no curl command", s.ID)
		}
		sc, err := l.world.Scene(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rows {
			r := &run{scenario: s.ID, policy: html.UnescapeString(string(m[1])), command: html.UnescapeString(string(m[2])), printed: html.UnescapeString(string(m[3]))}
			_, r.roots, _ = strings.Cut(r.command, "--cacert ")
			r.roots, _, _ = strings.Cut(r.roots, " ")
			if r.want, err = labCurlPrediction(l.world, sc, r.scenario, r.policy, r.roots); err != nil {
				t.Fatal(err)
			}
			runs = append(runs, r)
		}
	}
	for _, f := range []string{labTrustedFile, labUserFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("the printed download commands did not fetch %s: %v", f, err)
		}
	}

	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, r := range runs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var err error
			r.exit, r.detail, err = labRun(ctx, dir, r.command)
			if err != nil {
				r.exit, r.detail = -1, err.Error()
			}
		})
	}
	wg.Wait()

	refusedOn, pinsOn, servedOn := map[string]int{}, map[string]int{}, map[string]int{}
	seen := map[string]bool{}
	for _, r := range runs {
		got := map[int]rcVerdict{0: {Connected: true}, 60: {Stage: "trust"}, 90: {Stage: "pins"}}[r.exit]
		if got.String() != r.want.String() || !(got.Connected || got.Stage != "") {
			t.Errorf("%s %s (%s): curl exits %d (%s), the leaf-key rule predicts %s (%s)\n  %s", r.scenario, r.policy, r.roots, r.exit, r.detail, r.want, r.want.Detail, r.command)
		}
		if r.printed != labExpectText(r.want) {
			t.Errorf("%s %s (%s): the page says %q, the prediction is %q", r.scenario, r.policy, r.roots, r.printed, labExpectText(r.want))
		}
		seen[r.want.String()] = true
		switch {
		case r.want.Connected:
			servedOn[r.scenario]++
		case r.want.Stage == "pins":
			pinsOn[r.scenario]++
			fallthrough
		default:
			refusedOn[r.scenario]++
		}
	}
	for _, v := range []string{"connected", "refused at trust", "refused at pins"} {
		if !seen[v] {
			t.Errorf("no command %s: the test could not tell a broken lab from a working one", v)
		}
	}
	labCheckLog(t, l, log, servedOn, refusedOn, pinsOn, pages)
	t.Logf("%d curl commands from %d pages agree with the leaf-key rule, in %s", len(runs), len(l.scenarios), time.Since(start).Round(10*time.Millisecond))
}

// labCurlPrediction is the simulator's trust for the roots curl is given
// (the system store, or the user store where the proxy's root was
// installed), then curl's leaf-key rule on the printed export: the same
// expectation the real-client suite holds curl to.
func labCurlPrediction(w *sim.World, sc sim.Scene, scenario, policy, roots string) (rcVerdict, error) {
	if !slices.Contains(sim.Policies, policy) {
		return rcVerdict{}, fmt.Errorf("%s: unknown policy %q", scenario, policy)
	}
	c := &rcCell{Client: rcCurl, Scenario: scenario, Policy: policy, Trust: rcSystem, Mode: sim.Hard}
	if roots == labUserFile {
		c.Trust = rcUser
	}
	c.SimClient = rcSimClientOf[c.Trust]
	want, _, ok, err := rcExpect(w, c, sc)
	if err != nil || !ok {
		return rcVerdict{}, fmt.Errorf("%s: no prediction (%v)", c, err)
	}
	if policy == "none" {
		return want, nil
	}
	export, _, err := policyExport(w, "curl", policy, platform.Selection{Host: w.ServerName})
	if err != nil {
		return rcVerdict{}, err
	}
	return rcCurlExpect(want, export, sc)
}

// labExpectText is how the page words an expectation.
func labExpectText(v rcVerdict) string {
	switch {
	case v.Connected:
		return "connects"
	case v.Stage == "trust":
		return "refused at trust (curl exits 60)"
	}
	return "refused at the pins (curl exits 90)"
}

// labLogLine is one connection line of the lab's log.
var labLogLine = regexp.MustCompile(`msg=connection client=127\.0\.0\.1:\d+ sni=(\S*) scenario=(\S+) port=\d+ result=(\S+)`)

// labCheckLog waits for the lab to log every connection the test made,
// then holds the log to them: per scenario, a line served for each request
// (the pages and downloads, and each curl that connected) and a line
// hung-up or refused for each curl that was refused, hung-up at least for
// each refused at the pins (curl checks them after the handshake), and a
// refused somewhere (curl's alert on an untrusted chain); nothing else.
func labCheckLog(t *testing.T, l *lab, log *syncBuffer, servedOn, refusedOn, pinsOn, pages map[string]int) {
	t.Helper()
	want := 0
	for _, s := range l.scenarios {
		want += servedOn[s.ID] + refusedOn[s.ID] + pages[s.ID]
	}
	deadline := time.Now().Add(10 * time.Second)
	var lines [][]string
	for {
		lines = labLogLine.FindAllStringSubmatch(log.String(), -1)
		if len(lines) >= want || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	served, ended, hungUp := map[string]int{}, map[string]int{}, map[string]int{}
	refused := 0
	for _, m := range lines {
		switch sni, scenario, result := m[1], m[2], m[3]; {
		case result == labServed:
			served[scenario]++
		case result == labHungUp:
			hungUp[scenario]++
			ended[scenario]++
		case result == labRefused:
			refused++
			ended[scenario]++
		default:
			t.Errorf("a connection to %s ended %s (sni %q)", scenario, result, sni)
		}
	}
	for _, s := range l.scenarios {
		if served[s.ID] != servedOn[s.ID]+pages[s.ID] || ended[s.ID] != refusedOn[s.ID] || hungUp[s.ID] < pinsOn[s.ID] {
			t.Errorf("%s: the log has %d served and %d hung up or refused; the test made %d requests and %d curl runs were refused",
				s.ID, served[s.ID], ended[s.ID], servedOn[s.ID]+pages[s.ID], refusedOn[s.ID])
		}
	}
	if refused == 0 {
		t.Error("no connection logged as refused, though curl refused untrusted chains")
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("the lab's log:\n%s", log.String())
	}
}
