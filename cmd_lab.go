//go:build !wasm

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"pinlab/pinlib/sim"
)

const labHelp = `Usage: pinlab lab [--addr 127.0.0.1] [--port 8443] [--host NAME]... [--dir DIR]

Serves the simulator's scenarios for real, one TLS port per scenario, so that
curl, a browser or an app on a phone meets the very certificates the
simulator verifies. Ports run from --port in this order:

  ` + "{{order}}" + `

(runtime-hook happens inside the app, and pins-expired-rogue-ca differs from
rogue-public-ca only in the app's own config: no server can play them.)

Every leaf names each --host (DNS names and IP addresses) and the listen
address; with --addr 0.0.0.0, every address of this machine, so phones on the
room's network can connect by IP. Pins and configs are for the first --host
that is a DNS name, or api.example.test when there is none. Each port's
https://ADDR:PORT/ page names its scenario, says what a client pinned each
way should do (the simulator's outcomes) and gives ready curl and pinlab
config commands with the lab's pins; https://ADDR:PORT/lab.json on the first
port lists it all for scripts.

Without --dir the certificates are made at every start. With --dir they are
kept in DIR/lab-keys.pem (private keys: the directory is the owner's only),
so a room keeps its pins across restarts; DIR also gets trusted-roots.pem
(every root a default client trusts, the rogue public CA included),
user-roots.pem (the interception proxy's root, to install on a device) and
real-chain.pem (the chain pins are taken from). The pages offer them too,
in PEM, and each root in DER.

Each connection is logged on stderr: the client's address, the SNI, the
scenario and how it ended: served, hung-up (handshake done, no request: curl
and OkHttp refusing a pin do that) or refused (an alert in the handshake: a
client that does not trust the chain, or one that pins in its trust check).

It listens on loopback unless told otherwise; --addr 0.0.0.0 reaches the
room's network, and says so. Ctrl-C stops it.
Exit status: 0 after Ctrl-C, 1 when a port cannot be opened, 2 on a usage
error or a DIR/lab-keys.pem that cannot be read.

Examples:
  pinlab lab
  pinlab lab --addr 0.0.0.0 --host pinlab.local --dir ~/workshop-lab
  curl -s https://127.0.0.1:8443/lab.json -k | jq -r '.scenarios[] | .url + " " + .id'

`

func cmdLab(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("lab", strings.Replace(labHelp, "{{order}}", labOrder(), 1), stderr)
	addr := fs.String("addr", "127.0.0.1", "the IP address to listen on (0.0.0.0: every interface)")
	port := fs.Int("port", sim.LabPort, "the first port; the scenarios take the next ones (0: any free ports)")
	dir := fs.String("dir", "", "keep the keys here and write the roots here")
	var hosts repeated
	fs.Var(&hosts, "host", "a DNS name or IP address the certificates name (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	fail := func(code int, format string, a ...any) int {
		say(stderr, "lab", format, a...)
		return code
	}
	last := *port + len(sim.LabScenarios) - 1
	switch {
	case fs.NArg() > 0:
		return fail(2, "unexpected argument %q", fs.Arg(0))
	case *port < 0 || last > 65535:
		return fail(2, "--port %d: the %d scenarios need ports %d to %d, and ports end at 65535", *port, len(sim.LabScenarios), *port, last)
	}
	if _, _, err := labNames(*addr, hosts); err != nil {
		return fail(2, "%v", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	l, err := startLab(labConfig{Addr: *addr, Port: *port, Hosts: hosts, Dir: *dir, Log: log})
	if err != nil {
		return fail(exitCode(err), "%v", err)
	}
	defer l.Close()
	if w := addrWarning(*addr); w != "" {
		say(stderr, "lab", "%s", w)
	}
	l.printStart(stdout)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	l.Close()
	fmt.Fprintf(stdout, "pinlab lab: stopped after %d handshakes (%d served, %d hung up, %d refused), %d server errors\n",
		l.stats.handshakes.Load(), l.stats.served.Load(), l.stats.hungUp.Load(), l.stats.refused.Load(), l.stats.serverErrors.Load())
	return 0
}

// addrWarning is what the lab says when it listens beyond loopback on
// every interface: the room's network can reach it.
func addrWarning(addr string) string {
	if ip := net.ParseIP(addr); ip == nil || !ip.IsUnspecified() {
		return ""
	}
	return fmt.Sprintf("warning: listening on %s: anyone who can reach this machine's networks can connect. The lab serves test certificates only, but stop it when the session ends.", addr)
}

// labOrder is the port order, for the help.
func labOrder() string {
	var b strings.Builder
	for i, id := range sim.LabScenarios {
		if i > 0 {
			b.WriteString(", ")
			if i%4 == 0 {
				b.WriteString("\n  ")
			}
		}
		fmt.Fprintf(&b, "+%d %s", i, id)
	}
	return b.String()
}

// printStart says where everything is.
func (l *lab) printStart(w io.Writer) {
	fmt.Fprintf(w, "pinlab lab: %d scenarios for %s, names %s\n", len(l.scenarios), l.facts.Host, strings.Join(l.names, ", "))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range l.scenarios {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", s.Port, s.ID, urlAt(l.urlHost, s.Port))
	}
	tw.Flush()
	first := urlAt(l.urlHost, l.scenarios[0].Port)
	fmt.Fprintf(w, "Everything for scripts: %slab.json\n", first)
	if l.cfg.Dir != "" {
		fmt.Fprintf(w, "Roots: %s/%s and %s/%s; keys kept in %s/%s\n", l.cfg.Dir, labTrustedFile, l.cfg.Dir, labUserFile, l.cfg.Dir, labKeysFile)
	} else {
		fmt.Fprintf(w, "Roots: %s%s and %s%s (new keys at every start: --dir keeps them)\n", first, labTrustedFile, first, labUserFile)
	}
	for _, r := range l.facts.Roots {
		fmt.Fprintf(w, "  %-7s %s  SHA-256 %s\n", r.Store, r.Name, r.SHA256)
	}
	fmt.Fprintf(w, "Pins: leaf %s, intermediate %s, root %s, backup %s\n", l.facts.Pins[0].Pin, l.facts.Pins[1].Pin, l.facts.Pins[2].Pin, l.facts.Pins[3].Pin)
	fmt.Fprintf(w, "Started in %s. Ctrl-C stops it.\n", l.started.Round(time.Millisecond))
}
