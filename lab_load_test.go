//go:build !wasm

package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"pinlab/pinlib/sim"
)

// The load a room puts on the lab, bounded: 50 clients at once at every
// scenario port, 10,000 full handshakes in all, each followed by a request
// for the page, within two minutes.
const (
	labLoadClients    = 50
	labLoadHandshakes = 10000
	labLoadDeadline   = 2 * time.Minute
)

// labProcess is `pinlab lab` running as its own process (the test binary,
// which TestMain turns into pinlab, or PINLAB_BIN), so that its memory is
// its own.
type labProcess struct {
	cmd     *exec.Cmd
	ports   map[string]int
	started time.Duration // from exec to the lab saying it started
	says    string        // the lab's own start time, as it prints it
	log     string        // its stderr: one line per connection
	stdout  *bufio.Reader
}

var labStartLine = regexp.MustCompile(`^  (\d+)\s+(\S+)\s+https://`)

func startLabProcess(t *testing.T, args ...string) *labProcess {
	t.Helper()
	dir := t.TempDir()
	p := &labProcess{ports: map[string]int{}, log: filepath.Join(dir, "lab.log")}
	logFile, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logFile.Close() })
	// PINLAB_BIN measures a built binary (bin/pinlab) instead of the test
	// binary, which TestMain runs as pinlab.
	bin := "pinlab"
	if b := os.Getenv("PINLAB_BIN"); b != "" {
		bin = b
	}
	p.cmd = exec.Command(bin, append([]string{"lab", "--addr", "127.0.0.1", "--port", "0", "--dir", filepath.Join(dir, "keys")}, args...)...)
	p.cmd.Stderr = logFile
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	p.stdout = bufio.NewReader(out)
	for {
		line, err := p.stdout.ReadString('\n')
		if err != nil {
			b, _ := os.ReadFile(p.log)
			t.Fatalf("the lab stopped before it started: %v\n%s", err, b)
		}
		if m := labStartLine.FindStringSubmatch(line); m != nil {
			p.ports[m[2]], _ = strconv.Atoi(m[1])
		}
		if rest, ok := strings.CutPrefix(line, "Started in "); ok {
			p.started = time.Since(begin)
			p.says, _, _ = strings.Cut(rest, ".")
			break
		}
	}
	if len(p.ports) != len(sim.LabScenarios) {
		t.Fatalf("the lab printed %d ports", len(p.ports))
	}
	return p
}

// memory is the process's resident memory now and at its peak, in MiB
// (zero when it cannot be read).
func (p *labProcess) memory() (rss, peak float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && (f[0] == "VmRSS:" || f[0] == "VmHWM:") {
			kb, _ := strconv.ParseFloat(f[1], 64)
			if f[0] == "VmRSS:" {
				rss = kb / 1024
			} else {
				peak = kb / 1024
			}
		}
	}
	return rss, peak
}

// stop ends the lab as Ctrl-C does and returns what it said last.
func (p *labProcess) stop(t *testing.T) string {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(p.stdout)
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("the lab did not stop cleanly: %v", err)
	}
	return strings.TrimSpace(string(rest))
}

// TestLabLoad: a room's worth of clients at once, on loopback. Every
// handshake completes and every page comes back, the lab counts no error
// of its own, and logs every connection. The log gives the start time, the
// memory at rest and under load, and the handshakes per second.
func TestLabLoad(t *testing.T) {
	p := startLabProcess(t)
	time.Sleep(300 * time.Millisecond) // at rest
	restRSS, _ := p.memory()
	if restRSS == 0 {
		t.Fatal("the lab's memory cannot be read from /proc")
	}

	ctx, cancel := context.WithTimeout(context.Background(), labLoadDeadline)
	defer cancel()
	var left atomic.Int64
	left.Store(labLoadHandshakes)
	var done, clientErrors atomic.Int64
	var firstErr sync.Once
	var errText string
	var wg sync.WaitGroup
	start := time.Now()
	for id, port := range p.ports {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		for range labLoadClients {
			wg.Go(func() {
				for left.Add(-1) >= 0 && ctx.Err() == nil {
					if err := labLoadOnce(ctx, addr); err != nil {
						clientErrors.Add(1)
						firstErr.Do(func() { errText = fmt.Sprintf("%s: %v", id, err) })
						continue
					}
					done.Add(1)
				}
			})
		}
	}
	var peakRSS float64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for ctx.Err() == nil && left.Load() > 0 {
			if rss, _ := p.memory(); rss > peakRSS {
				peakRSS = rss
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	wg.Wait()
	took := time.Since(start)
	cancel()
	<-sampled
	_, hwm := p.memory()

	if ctx.Err() != nil && done.Load() < labLoadHandshakes {
		t.Fatalf("only %d handshakes within %s", done.Load(), labLoadDeadline)
	}
	if clientErrors.Load() > 0 || done.Load() != labLoadHandshakes {
		t.Errorf("%d handshakes and pages, %d failed; the first: %s", done.Load(), clientErrors.Load(), errText)
	}
	stats := labStatsOf(t, p.ports[sim.LabScenarios[0]])
	if stats["server_errors"] != 0 || stats["handshakes"] < labLoadHandshakes || stats["served"] < labLoadHandshakes {
		t.Errorf("the lab counts %v", stats)
	}
	summary := p.stop(t)
	b, err := os.ReadFile(p.log)
	if err != nil {
		t.Fatal(err)
	}
	logged := strings.Count(string(b), "msg=connection ")
	bad := strings.Count(string(b), "result="+labFailed) + strings.Count(string(b), "result="+labTimeout)
	if logged < labLoadHandshakes || bad > 0 {
		t.Errorf("the log has %d connection lines, %d failed or timed out", logged, bad)
	}
	t.Logf("pinlab lab: ready %s after exec (it says it started in %s); %.1f MiB resident at rest", p.started.Round(time.Millisecond), p.says, restRSS)
	t.Logf("load: %d clients on each of %d ports, %d handshakes + pages in %s: %.0f handshakes/s; resident %.1f MiB at most while sampled, peak (VmHWM) %.1f MiB; %d connections logged; %s",
		labLoadClients, len(p.ports), done.Load(), took.Round(time.Millisecond), float64(done.Load())/took.Seconds(), peakRSS, hwm, logged, summary)
}

// labLoadOnce is one client: a full handshake (no session to resume), a
// request for the page, the whole answer read.
func labLoadOnce(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer raw.Close()
	deadline, _ := ctx.Deadline()
	raw.SetDeadline(deadline)
	c := tls.Client(raw, &tls.Config{ServerName: sim.Host, InsecureSkipVerify: true})
	if err := c.HandshakeContext(ctx); err != nil {
		return err
	}
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+sim.Host+"\r\nConnection: close\r\n\r\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// labStatsOf reads the lab's counters from its lab.json.
func labStatsOf(t *testing.T, port int) map[string]int64 {
	t.Helper()
	_, body := labGet(t, urlAt("127.0.0.1", port)+"lab.json", "")
	var j struct{ Stats map[string]int64 }
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatal(err)
	}
	return j.Stats
}
