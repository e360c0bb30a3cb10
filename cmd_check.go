//go:build !wasm

package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

var checkHelp = `Usage: pinlab check --config FILE --host H [--roots FILE] [--okhttp-version 4|3]
                    [--connect HOST:PORT | FILE|-]

Answers "does this existing pinning config accept this chain?" as the client
would. First trust: the chain is verified for the host against the system
roots, or the roots in --roots FILE (the roots the app trusts, such as an
Android config's @raw/ trust anchor), and completed with the root from
there, since servers seldom send it; an untrusted chain is refused whatever
its pins say. Then the platform's own pin rule, on the verified chain: which
part of the config applies to the host (Android's most specific
<domain-config>, iOS's NSPinnedDomains key, OkHttp's matching patterns),
whether its pins have expired, and where each pin may match (any certificate
of the chain, the leaf only, or a CA only). The chain comes from FILE or
stdin, in any form pinlab pins reads, or from a live server with --connect
HOST:PORT: a TLS handshake only (SNI: the --host), with verification off
while reading, since the verdict does the judging. "Does the app's pinning
accept production's chain today?" is then one command in CI.

` + readsHelp() + `
OkHttp code reads the same on 3.x and 4.x, so it is read as OkHttp 4.3.0 or
later unless --okhttp-version 3 says otherwise: "**.host" covers host at
any depth there, while OkHttp 3.x pins no host with it.

Exit codes: 0 the chain is accepted (a pin matched, the host is not pinned,
the pins expired, or soft-fail reports); 1 it is rejected, the client does
not trust it (untrusted), the chain has no leaf, or the --connect server
cannot be reached or fails the handshake; 2 usage error, a file
that cannot be read (missing, a directory, over 4 MiB: the config, the
roots or the chain), roots with no certificate, or a config pinlab cannot
parse.
Names from the config and the chain are shown with control, bidi and
invisible characters escaped (\u202e).

Examples:
  pinlab check --config res/xml/network_security_config.xml --host api.example.com chain.pem
  pinlab check --config Pinner.java --okhttp-version 3 --host api.example.com chain.pem
  pinlab check --config curl.sh --host dev.example.test --roots dev-ca.pem chain.pem
  openssl s_client -connect api.example.com:443 -showcerts </dev/null | pinlab check --config Info.plist --host api.example.com
  pinlab check --config res/xml/network_security_config.xml --host api.example.com --connect api.example.com:443

`

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkHelp, stderr)
	config := fs.String("config", "", "the pinning config file to check")
	host := fs.String("host", "", "the host the app connects to, e.g. api.example.com")
	roots := fs.String("roots", "", "the roots the client trusts, instead of the system's (PEM, DER or any form pins reads)")
	okhttpVer := fs.String("okhttp-version", "", "okhttp configs: the OkHttp the app uses, 4 (4.3.0 or later) or 3 (3.x, no \"**.\"); unset: read as 4.3.0 or later")
	connect := fs.String("connect", "", "read the chain a live server sends, HOST:PORT, instead of FILE")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	fail := func(code int, format string, a ...any) int {
		say(stderr, "check", format, a...)
		return code
	}
	switch {
	case *config == "":
		return fail(2, "--config is required: the pinning config file to check")
	case *host == "":
		return fail(2, "--host is required, e.g. --host api.example.com")
	case fs.NArg() > 1:
		return fail(2, "one chain at a time: got %d files", fs.NArg())
	case *connect != "" && fs.NArg() > 0:
		return fail(2, "--connect reads the server's chain: give no chain FILE with it (got %q)", fs.Arg(0))
	case *roots == "-" && *connect == "" && (fs.NArg() == 0 || fs.Arg(0) == "-"):
		return fail(2, "--roots - and the chain cannot both come from stdin: give one of them as a file")
	}
	if *connect != "" {
		if _, err := parseConnect(*connect); err != nil {
			return fail(2, "%v", err)
		}
	}
	opts := platform.CheckOptions{Now: time.Now()}
	if *okhttpVer != "" {
		v, err := platform.ParseOkHttpTarget(*okhttpVer)
		if err != nil {
			return fail(2, "--okhttp-version %q: want 4 (OkHttp 4.3.0 or later) or 3 (OkHttp 3.x)", *okhttpVer)
		}
		opts.OkHttp = v
	}
	cfg, err := readInput("--config", *config, os.Stdin)
	if err != nil {
		return fail(exitCode(err), "%v", err)
	}
	if code := checkRoots(&opts, *roots, stderr); code != 0 {
		return code
	}
	b, code := checkChain(*connect, *host, fs.Args(), stderr)
	if code != 0 {
		return code
	}
	res, err := platform.CheckConfigWith(cfg.Data, *host, b, opts)
	if err != nil {
		msg := pinlib.Message(err)
		switch {
		case errors.Is(err, platform.ErrCheckNoLeaf):
			return fail(1, "%s", msg)
		case errors.Is(err, platform.ErrConfig), errors.Is(err, platform.ErrConfigFormat):
			return fail(2, "%s: %s", *config, msg)
		}
		return fail(2, "%s", msg)
	}
	for _, n := range res.Notes {
		say(stderr, "check", "note: %s", n)
	}
	printCheck(stdout, res)
	if !res.Verdict.Accepted() {
		return 1
	}
	return 0
}

// checkChain reads the chain to judge: the one the --connect server sends
// for host, or the files, or stdin. It returns the exit code when it cannot.
func checkChain(connect, host string, files []string, stderr io.Writer) (*pinlib.Bundle, int) {
	if connect != "" {
		in, err := fetchChain(connect, host)
		if err != nil {
			say(stderr, "check", "%v", err)
			return nil, 1
		}
		b := pinlib.Read(in)
		if err := b.Err(); err != nil {
			if len(b.Errors) == 0 {
				err = fmt.Errorf("%s: %w", in.Name, err)
			}
			sayErr(stderr, "check", err)
			return nil, 1
		}
		return b, 0
	}
	b, err := readChain("", files, os.Stdin)
	if err != nil {
		sayErr(stderr, "check", err)
		return nil, exitCode(err)
	}
	return b, 0
}

// checkRoots sets the roots the client trusts: every certificate of the
// --roots file (read like any input: the 4 MiB cap, exit 2 when it cannot
// be read or holds none), or the system's. Without either, the chain is
// assumed trusted, and a note says so. It returns an exit code, 0 to go on.
func checkRoots(o *platform.CheckOptions, name string, stderr io.Writer) int {
	if name == "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			say(stderr, "check", "note: cannot load the system roots (%v): assuming the chain is trusted; give the roots with --roots FILE", err)
			return 0
		}
		o.Roots, o.RootsFrom = pool, "the system roots"
		return 0
	}
	in, err := readInput("--roots", name, os.Stdin)
	if err != nil {
		say(stderr, "check", "%v", err)
		return exitCode(err)
	}
	pool, err := platform.RootPool(pinlib.Read(in))
	if err != nil {
		say(stderr, "check", "--roots %s holds no certificate: give the roots the client trusts, in PEM or DER", in.Name)
		return 2
	}
	o.Roots, o.RootsFrom = pool, in.Name
	return 0
}

// printCheck writes the verdict, why, and each pin with what it matched.
// Everything but the verdict and format can quote the config or the chain,
// so it is shown escaped (pinlib.EscapeDeceptive).
func printCheck(w io.Writer, r platform.CheckResult) {
	esc := pinlib.EscapeDeceptive
	fmt.Fprintf(w, "%s: %s config, host %s\n", r.Verdict, r.Format, esc(r.Host))
	fmt.Fprintf(w, "trust: %s\n", esc(r.TrustText))
	fmt.Fprintf(w, "applies: %s\n", esc(r.Scope))
	fmt.Fprintf(w, "why: %s\n", esc(r.Reason))
	fmt.Fprintf(w, "rule: %s\n", esc(r.Rule))
	if len(r.Pins) > 0 {
		fmt.Fprintln(w)
		printCheckPins(w, r.Pins)
	}
	if !r.Verdict.Accepted() || r.Verdict == platform.CheckReported {
		fmt.Fprintln(w, "\nthe chain's pins:")
		for _, c := range r.Chain {
			fmt.Fprintln(w, "  "+esc(c))
		}
	}
}

func printCheckPins(w io.Writer, pins []platform.PinMatch) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PIN\tLINE\tMATCHES ON\tMATCHED")
	for _, p := range pins {
		line, matched := "-", p.Matched
		if p.Line > 0 {
			line = strconv.Itoa(p.Line)
		}
		if matched == "" {
			matched = "no match"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", pinlib.EscapeDeceptive(p.Pin), line, p.Where, pinlib.EscapeDeceptive(matched))
	}
	tw.Flush()
}
