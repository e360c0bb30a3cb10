//go:build !wasm

package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

// A room's lab keeps its keys: a restart with the same --dir serves the
// same certificates; new names get new leaves with the same keys; a key
// file that does not parse stops the lab rather than replacing the keys.
func TestLabKeepsKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	start := func(hosts ...string) *lab {
		t.Helper()
		l, err := startLab(labConfig{Addr: "127.0.0.1", Dir: dir, Hosts: hosts})
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
		return l
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := start()
	roots, chain := read(labTrustedFile), read(labChainFile)
	again := start()
	if !slices.Equal(first.facts.Pins, again.facts.Pins) || string(read(labTrustedFile)) != string(roots) || string(read(labChainFile)) != string(chain) {
		t.Errorf("a restart changed the lab:\n%v\n%v", first.facts.Pins, again.facts.Pins)
	}
	for name, mode := range map[string]os.FileMode{"": 0o700, labKeysFile: 0o600, labTrustedFile: 0o644, labUserFile: 0o644} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (%v), want %v", filepath.Join(dir, name), fi.Mode().Perm(), err, mode)
		}
	}

	renamed := start("lab.pinlab.test", "10.1.2.3")
	if renamed.facts.Host != "lab.pinlab.test" || renamed.facts.Pins[0].Subject != "lab.pinlab.test" {
		t.Errorf("new names: host %s, leaf %v", renamed.facts.Host, renamed.facts.Pins[0])
	}
	for i := range first.facts.Pins {
		if renamed.facts.Pins[i].Pin != first.facts.Pins[i].Pin {
			t.Errorf("new names changed the %s key", first.facts.Pins[i].Label)
		}
	}
	leaf := renamed.scenarios[0].scene.Presented[0]
	for _, n := range []string{"lab.pinlab.test", "10.1.2.3", "127.0.0.1"} {
		if err := leaf.VerifyHostname(n); err != nil {
			t.Errorf("the leaf: %v", err)
		}
	}
	if leaf.VerifyHostname(sim.Host) == nil {
		t.Errorf("the leaf still names %s", sim.Host)
	}

	// What stops the lab: a key file that does not parse (exit 1), and one
	// that cannot be read (exit 2). Nothing is overwritten.
	keys := filepath.Join(dir, labKeysFile)
	if err := os.WriteFile(keys, []byte("-----BEGIN CERTIFICATE-----\nRole: leaf\n\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runPinlab("lab", "--port", "0", "--dir", dir)
	if code != 1 || out != "" || !strings.HasPrefix(errs, "pinlab lab: "+keys+": block 1 (leaf): x509: ") || !strings.HasSuffix(errs, "(move it away to make new keys)\n") || strings.Count(errs, "\n") != 1 {
		t.Errorf("a corrupt key file: exit %d, %q", code, errs)
	}
	if b := read(labKeysFile); !strings.Contains(string(b), "AAAA") {
		t.Error("the corrupt key file was replaced")
	}
	os.Remove(keys)
	if err := os.Mkdir(keys, 0o700); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runPinlab("lab", "--port", "0", "--dir", dir)
	if code != 2 || errs != "pinlab lab: cannot read --dir "+keys+": it is a directory\n" {
		t.Errorf("an unreadable key file: exit %d, %q", code, errs)
	}
}

func TestCmdLabUsage(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"lab", "extra"}, 2, `pinlab lab: unexpected argument "extra"`},
		{[]string{"lab", "--addr", "localhost"}, 2, `pinlab lab: --addr "localhost" is not an IP address: give the address to listen on, such as 127.0.0.1 or 0.0.0.0`},
		{[]string{"lab", "--host", "https://lab.test/"}, 2, `pinlab lab: --host "https://lab.test/": give the host name only, not a URL`},
		{[]string{"lab", "--host", "lab_test!"}, 2, `pinlab lab: --host "lab_test!": `},
		{[]string{"lab", "--port", "65530"}, 2, "pinlab lab: --port 65530: the 12 scenarios need ports 65530 to 65541, and ports end at 65535"},
		{[]string{"lab", "--port", "-1"}, 2, "pinlab lab: --port -1"},
		{[]string{"lab", "--port", port}, 1, "pinlab lab: cannot listen on 127.0.0.1:" + port + " for baseline: "},
	}
	for _, tt := range tests {
		code, out, errs := runPinlab(tt.args...)
		if code != tt.code || out != "" || !strings.HasPrefix(errs, tt.say) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d, %q", tt.args, code, out, errs, tt.code, tt.say)
		}
	}
	code, out, _ := runPinlab("help", "lab")
	if code != 0 || !strings.Contains(out, "+0 baseline") || !strings.Contains(out, "+11 ca-switch") {
		t.Errorf("help lab: exit %d, no port order:\n%s", code, out)
	}
}

// TestLabPages: every page is the scenario's, escapes what it quotes, has
// no script and no inline style under a CSP that allows neither, and
// shows the simulator's outcomes; lab.json, the roots and the chain are
// there for scripts and phones; anything else is 404 or 405.
func TestLabPages(t *testing.T) {
	l, _ := startTestLab(t)
	cell := regexp.MustCompile(`<td class="outcome-([a-z-]+)" title="[^"]*">([a-z/-]+)</td>`)
	for _, s := range l.scenarios {
		url := urlAt(l.urlHost, s.Port)
		resp, body := labGet(t, url, "text/html,application/xhtml+xml")
		page := string(body)
		if got := resp.Header.Get("Content-Security-Policy"); got != labCSP {
			t.Errorf("%s: CSP %q", s.ID, got)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: headers %v", s.ID, resp.Header)
		}
		for _, bad := range []string{"<script", " style=", "javascript:", "{{"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: the page has %q", s.ID, bad)
			}
		}
		if !strings.Contains(page, `<h1 id="scenario">`+s.ID+`</h1>`) || !strings.Contains(page, `<link rel="stylesheet" href="/lab.css">`) {
			t.Errorf("%s: the page does not name its scenario", s.ID)
		}
		var outcomes []string
		for _, m := range cell.FindAllStringSubmatch(page, -1) {
			outcomes = append(outcomes, m[2])
		}
		var want []string
		for _, client := range sim.Clients {
			for _, policy := range sim.Policies {
				r, err := l.world.Run(sim.Case{Client: client, Scenario: s.ID, Policy: policy, Mode: sim.Hard})
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, string(r.Outcome))
			}
		}
		if !slices.Equal(outcomes, want) {
			t.Errorf("%s: the page's outcomes %v, the simulator's %v", s.ID, outcomes, want)
		}
		_, text := labGet(t, url, "*/*")
		if !strings.HasPrefix(string(text), fmt.Sprintf("pinlab lab: connected to %s on port %d. ", s.ID, s.Port)) {
			t.Errorf("%s: a client that is not a browser reads %q", s.ID, text)
		}
	}

	// A Host header is the visitor's to choose: only one of the lab's own
	// addresses reaches the page (Go's server refuses a malformed one).
	first := l.scenarios[0]
	for _, host := range []string{"evil.test'(1)=&", "10.9.9.9"} {
		raw := labRaw(t, first.Port, "GET / HTTP/1.1\r\nHost: "+host+"\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
		if !strings.HasPrefix(raw, "HTTP/1.1 200 ") || strings.Contains(raw, "evil") || strings.Contains(raw, "10.9.9.9") || !strings.Contains(raw, "--connect-to api.example.test:443:127.0.0.1:") {
			t.Errorf("Host %s shows:\n%.2000s", host, raw)
		}
	}

	var j labJSON
	_, body := labGet(t, urlAt(l.urlHost, first.Port)+"lab.json", "")
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, s := range j.Scenarios {
		ids = append(ids, s.ID)
		if s.URL != urlAt("127.0.0.1", l.scenarios[i].Port) || len(s.Curl) == 0 || len(s.Outcomes) != len(sim.Clients) {
			t.Errorf("lab.json %s: %+v", s.ID, s)
		}
	}
	if !slices.Equal(ids, sim.LabScenarios) || j.Host != sim.Host || j.Pins["backup"] == "" || j.Stats == nil {
		t.Errorf("lab.json: %v %s %v", ids, j.Host, j.Pins)
	}

	trusted, user, err := labRootSets(l.world)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]*x509.Certificate{"/" + labTrustedFile: trusted, "/" + labUserFile: user} {
		_, b := labGet(t, urlAt(l.urlHost, first.Port)+path[1:], "")
		if string(b) != string(pemCerts(want...)) {
			t.Errorf("%s: not the world's roots", path)
		}
	}
	for _, r := range j.Roots {
		resp, b := labGet(t, r.URL, "")
		c, err := x509.ParseCertificate(b)
		if err != nil || resp.Header.Get("Content-Type") != "application/x-x509-ca-cert" || pinlib.PinsOf(c).CertSHA256Colon() != r.SHA256 {
			t.Errorf("%s: %v %s", r.URL, err, resp.Header.Get("Content-Type"))
		}
	}
	if resp, _ := labGet(t, urlAt(l.urlHost, first.Port)+"nope", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/nope: %d", resp.StatusCode)
	}
	if raw := labRaw(t, first.Port, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); !strings.HasPrefix(raw, "HTTP/1.1 405 ") || !strings.Contains(raw, "\r\nAllow: GET, HEAD\r\n") {
		t.Errorf("POST /:\n%s", raw)
	}
}

// labRaw sends a request as written, over TLS, and returns the response.
func labRaw(t *testing.T, port int, request string) string {
	t.Helper()
	c, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(c))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The workshop lab's lesson names ports as `https://HOST:PORT/` (scenario):
// each must be where the lab serves that scenario on its default ports.
func TestLabLessonPorts(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("content", "lessons", "10-testing-pinning.md"))
	if err != nil {
		t.Fatal(err)
	}
	mention := regexp.MustCompile("`https://[^`/]*:(\\d+)/` \\(([a-z-]+)\\)")
	found := mention.FindAllStringSubmatch(string(b), -1)
	if len(found) < 5 {
		t.Fatalf("the lesson names %d lab ports", len(found))
	}
	for _, m := range found {
		_, port := sim.LabServer(m[2])
		if strconv.Itoa(port) != m[1] {
			t.Errorf("the lesson puts %s on port %s; the lab serves it on %d", m[2], m[1], port)
		}
	}
}

// The names every leaf carries: the --host names (the first DNS name the
// pinned host, else the simulator's), the --host addresses, the listen
// address, or every address of the machine for 0.0.0.0.
func TestLabNames(t *testing.T) {
	own, err := machineAddrs(true)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr    string
		hosts   []string
		names   []string
		urlHost string
	}{
		{"127.0.0.1", nil, []string{sim.Host, "127.0.0.1"}, "127.0.0.1"},
		{"127.0.0.1", []string{"10.0.2.2"}, []string{sim.Host, "10.0.2.2", "127.0.0.1"}, "127.0.0.1"},
		{"::1", []string{"10.0.2.2", "Lab.Pinlab.Test.", "lab.pinlab.test", "pinlab.local"}, []string{"lab.pinlab.test", "pinlab.local", "10.0.2.2", "::1"}, "::1"},
		{"0.0.0.0", []string{"pinlab.local"}, append([]string{"pinlab.local"}, own...), ""},
	}
	for _, tt := range tests {
		names, urlHost, err := labNames(tt.addr, tt.hosts)
		if err != nil {
			t.Fatalf("%s %q: %v", tt.addr, tt.hosts, err)
		}
		if !slices.Equal(names, tt.names) {
			t.Errorf("%s %q: names %q, want %q", tt.addr, tt.hosts, names, tt.names)
		}
		if tt.urlHost == "" {
			// Every interface: a phone's address for the machine, when it has one.
			if !slices.Contains(own, urlHost) || len(own) > 1 && net.ParseIP(urlHost).IsLoopback() {
				t.Errorf("0.0.0.0: URLs for %s, of %q", urlHost, own)
			}
		} else if urlHost != tt.urlHost {
			t.Errorf("%s: URLs for %s", tt.addr, urlHost)
		}
		// Only every interface reaches the room, and only it warns.
		if w := addrWarning(tt.addr); (w != "") != net.ParseIP(tt.addr).IsUnspecified() || w != "" && !strings.Contains(w, "listening on "+tt.addr) {
			t.Errorf("%s: warning %q", tt.addr, w)
		}
	}
	if addrWarning("::") == "" {
		t.Error(":: does not warn")
	}
}
