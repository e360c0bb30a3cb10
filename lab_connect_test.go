//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"html"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib/sim"
)

// runPinlab runs pinlab's CLI in this process, as a person types it.
func runPinlab(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestLabPinsConnect: pins --connect reads each lab port's chain as the
// port presents it, with the SNI asked for or none; a port where nothing
// listens, or where no TLS is spoken, is one sentence and exit 1; a
// malformed --connect is a usage error.
func TestLabPinsConnect(t *testing.T) {
	start := time.Now()
	l, log := startTestLab(t)
	for _, s := range l.scenarios {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port))
		for _, sni := range []string{"api.example.test", ""} {
			args := []string{"pins", "--json", "--connect", addr}
			if sni != "" {
				args = append(args, "--servername", sni)
			}
			code, out, errs := runPinlab(args...)
			if code != 0 {
				t.Fatalf("%s: pins --connect exits %d: %s", s.ID, code, errs)
			}
			var report struct {
				Certificates []struct{ Pin string }
			}
			if err := json.Unmarshal([]byte(out), &report); err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, c := range report.Certificates {
				got = append(got, c.Pin)
			}
			for _, c := range s.scene.Presented {
				want = append(want, pinOf(c))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s (sni %q): pins --connect read %v, the port presents %v", s.ID, sni, got, want)
			}
		}
	}
	// The lab saw the SNI that was sent, and none for an address.
	for _, want := range []string{"sni=api.example.test scenario=baseline", "sni=\"\" scenario=baseline"} {
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(log.String(), want) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(log.String(), want) {
			t.Errorf("the lab's log has no %q:\n%s", want, log.String())
		}
	}

	plain, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	go func() {
		for {
			c, err := plain.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("HTTP/1.0 400 Bad Request\r\n\r\n"))
			c.Close()
		}
	}()
	down := closedPort(t)
	tests := []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"unreachable", []string{"pins", "--connect", down}, 1, "pinlab pins: cannot reach " + down + ": connection refused (nothing listens on that port)\n"},
		{"not TLS", []string{"pins", "--connect", plain.Addr().String()}, 1, "pinlab pins: " + plain.Addr().String() + ": the TLS handshake failed: "},
		{"no port", []string{"pins", "--connect", "127.0.0.1"}, 2, `pinlab pins: --connect "127.0.0.1": give HOST:PORT`},
		{"bad port", []string{"pins", "--connect", "127.0.0.1:99999"}, 2, "the port must be a number from 1 to 65535"},
		{"a file too", []string{"pins", "--connect", down, "chain.pem"}, 2, "give no FILE with it"},
		{"servername alone", []string{"pins", "--servername", "x.test"}, 2, "--servername goes with --connect"},
	}
	for _, tt := range tests {
		code, out, errs := runPinlab(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.say) || strings.Count(errs, "\n") != 1 || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", tt.name, code, out, errs, tt.code, tt.say)
		}
	}
	t.Logf("pins --connect against %d lab ports, in %s", len(l.scenarios), time.Since(start).Round(time.Millisecond))
}

// TestLabCheckConnect runs the pinlab config lines the lab prints, on the
// real chain it serves, then check --connect against every port with the
// lab's trusted roots: the verdict must be what the simulator says of
// Android pinned that way (accepted where the connection goes ahead).
// An unreachable server is exit 1.
func TestLabCheckConnect(t *testing.T) {
	start := time.Now()
	l, _ := startTestLab(t)
	dir := t.TempDir()
	first := urlAt(l.urlHost, l.scenarios[0].Port)
	_, chain := labGet(t, first+labChainFile, "")
	chainFile := filepath.Join(dir, labChainFile)
	if err := os.WriteFile(chainFile, chain, 0o644); err != nil {
		t.Fatal(err)
	}
	_, page := labGet(t, first, "text/html")
	roots := filepath.Join(l.cfg.Dir, labTrustedFile)
	cells := 0
	exits := map[int]bool{}
	for _, line := range l.facts.Config {
		if !strings.Contains(html.UnescapeString(string(page)), line.Command) {
			t.Errorf("the page does not print %q", line.Command)
		}
		if !strings.Contains(line.Command, "--format android") {
			continue
		}
		args := strings.Fields(line.Command)[1:]
		args[len(args)-1] = chainFile
		code, config, errs := runPinlab(args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", line.Command, code, errs)
		}
		configFile := filepath.Join(dir, line.Policy+".xml")
		if err := os.WriteFile(configFile, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, s := range l.scenarios {
			r, err := l.world.Run(sim.Case{Client: "android", Scenario: s.ID, Policy: line.Policy, Mode: sim.Hard})
			if err != nil {
				t.Fatal(err)
			}
			want := 1
			if r.Outcome == sim.Secure || r.Outcome == sim.Intercepted {
				want = 0
			}
			addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port))
			code, out, errs := runPinlab("check", "--config", configFile, "--host", l.facts.Host, "--roots", roots, "--connect", addr)
			if code != want {
				t.Errorf("%s, %s: check --connect exits %d, the simulator's android says %s (%s)\n%s%s", s.ID, line.Policy, code, r.Outcome, r.Reason, out, errs)
			}
			cells++
			exits[code] = true
		}
	}
	if !exits[0] || !exits[1] {
		t.Errorf("exit statuses seen: %v: the test needs accepted and rejected chains to tell anything", exits)
	}
	if cells != 4*len(l.scenarios) {
		t.Errorf("%d cells checked, want the 4 SPKI policies on %d ports", cells, len(l.scenarios))
	}
	configFile := filepath.Join(dir, "leaf-spki.xml")
	down := closedPort(t)
	code, _, errs := runPinlab("check", "--config", configFile, "--host", l.facts.Host, "--connect", down)
	if code != 1 || errs != "pinlab check: cannot reach "+down+": connection refused (nothing listens on that port)\n" {
		t.Errorf("unreachable: exit %d, %q", code, errs)
	}
	code, _, errs = runPinlab("check", "--config", configFile, "--host", l.facts.Host, "--connect", down, chainFile)
	if code != 2 || !strings.Contains(errs, "give no chain FILE with it") {
		t.Errorf("--connect and a FILE: exit %d, %q", code, errs)
	}
	t.Logf("%d pinlab config lines x %d ports checked with check --connect, in %s", cells/len(l.scenarios), len(l.scenarios), time.Since(start).Round(time.Millisecond))
}
