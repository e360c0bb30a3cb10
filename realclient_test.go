//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"pinlab/pinlib/sim"
)

// TestRealClients replays the simulator's scenarios with real clients: the
// lab (pinlab lab) on loopback presents each scenario's own chain, and curl (with
// the curl export's --pinnedpubkey), the Go export compiled as printed and
// OkHttp 3.13.1 running the okhttp-java export as printed connect to them,
// trusting what the simulated client trusts. Whether each connected, or
// was refused at trust or at the pins, must equal the simulator's verdict.
// The clients are Debian packages (make clients); without them the test
// fails, it never skips.
func TestRealClients(t *testing.T) {
	start := time.Now()
	rcRequire(t)
	// The lab's servers, for the simulator's host: the very ports and
	// roots files a workshop uses.
	l, _ := startTestLab(t)
	w := l.world
	cells, notRun, err := rcCells(w)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ports, err := rcPorts(l)
	if err != nil {
		t.Fatal(err)
	}
	roots := rcRootFiles(t, l, dir)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	of := func(client string) []*rcCell {
		return slices.DeleteFunc(slices.Clone(cells), func(c *rcCell) bool { return c.Client != client })
	}
	// The three clients run side by side; each runs its cells in parallel.
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	run := func(f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	run(func() error { return rcRunCurl(ctx, dir, of(rcCurl), ports, roots) })
	run(func() error {
		bin, err := rcBuildGo(ctx, dir, rcExports(of(rcGo)))
		if err != nil {
			return err
		}
		return rcRunGo(ctx, bin, of(rcGo), ports, roots)
	})
	run(func() error {
		classes, err := rcBuildJava(ctx, dir, rcExports(of(rcOkHttp)))
		if err != nil {
			return err
		}
		return rcRunJava(ctx, classes, of(rcOkHttp), ports, roots)
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("real clients: %v", err)
	}

	for _, c := range cells {
		if !c.Want.agrees(c.Got) {
			sim := c.SimClient
			if sim == "" {
				sim = "trust by the simulator, then curl's leaf-key rule"
			}
			t.Errorf("%s: the real client %s, the simulator (%s) says %s.\n  real: %s\n  simulator: %s\n  export:\n%s",
				c, c.Got, sim, c.Want, c.Got.Detail, c.Want.Detail, rcIndent(c.Export))
		}
	}
	// A suite in which a client never connects, or is never refused at one
	// of the stages, could not tell a broken client from a working one.
	for client := range rcExportOf {
		seen := map[string]bool{}
		for _, c := range of(client) {
			seen[c.Got.String()] = true
		}
		for _, v := range []rcVerdict{{Connected: true}, {Stage: "trust"}, {Stage: "pins"}} {
			if !seen[v.String()] {
				t.Errorf("%s: no cell %s", client, v)
			}
		}
	}
	t.Logf("real clients against the lab, in %s:\n%s", time.Since(start).Round(100*time.Millisecond), rcTable(cells, notRun))
}

// rcRequire fails, with the way out, when a real client is missing.
func rcRequire(t *testing.T) {
	t.Helper()
	var missing []string
	for _, cmd := range []string{"bash", "curl", "java", "javac", "go"} {
		if _, err := exec.LookPath(cmd); err != nil {
			missing = append(missing, cmd)
		}
	}
	for _, jar := range rcJars {
		if _, err := os.Stat(jar); err != nil {
			missing = append(missing, jar)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the real-client tests need %s: run make clients (make test does), which installs Debian's curl, openjdk-17-jdk-headless and libokhttp-java", strings.Join(missing, ", "))
	}
}

// rcExports lists a client's distinct exports by their index.
func rcExports(cells []*rcCell) []string {
	var out []string
	for _, c := range cells {
		if c.ExportNo == len(out) {
			out = append(out, c.Export)
		}
	}
	return out
}

// rcTable is the client × cells × agreements table, split by what each
// cell covers.
func rcTable(cells []*rcCell, notRun rcNotRun) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLIENT\tCOMPARED WITH\tCELLS\tAGREE\tPROXY ROOT TRUSTED\tINCLUDE-SUBDOMAINS\tSOFT-FAIL\tCONNECTED\tREFUSED (TRUST)\tREFUSED (PINS)")
	for _, client := range []string{rcCurl, rcGo, rcOkHttp} {
		var n, agree, user, sub, soft, conn, trust, pins int
		for _, c := range cells {
			if c.Client != client {
				continue
			}
			n++
			if c.Want.agrees(c.Got) {
				agree++
			}
			if c.Trust == rcUser {
				user++
			}
			if c.Subdomains {
				sub++
			}
			if c.Mode == sim.Soft {
				soft++
			}
			switch {
			case c.Got.Connected:
				conn++
			case c.Got.Stage == "trust":
				trust++
			default:
				pins++
			}
		}
		with := map[string]string{
			rcCurl:   "simulator's trust + curl's leaf-key rule",
			rcGo:     "okhttp (android for expired pins), android-legacy",
			rcOkHttp: "okhttp, android-legacy",
		}[client]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", rcClientName[client], with, n, agree, user, sub, soft, conn, trust, pins)
	}
	tw.Flush()
	var reasons []string
	for why, n := range notRun {
		reasons = append(reasons, fmt.Sprintf("  %d not run: %s", n, why))
	}
	slices.Sort(reasons)
	b.WriteString(strings.Join(reasons, "\n"))
	return b.String()
}

var rcClientName = map[string]string{rcCurl: "curl (curl export)", rcGo: "Go (go export)", rcOkHttp: "OkHttp 3.13.1 (okhttp-java export)"}

func rcIndent(s string) string {
	if s == "" {
		return "    (none: no pinning)"
	}
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
