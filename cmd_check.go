//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

const checkHelp = `Usage: pinlab check --config FILE --host H [FILE|-]

Answers "does this existing pinning config accept this chain?" with the
platform's own rule: which part of the config applies to the host (Android's
most specific <domain-config>, iOS's NSPinnedDomains key, OkHttp's matching
patterns), whether its pins have expired, and where each pin may match (any
certificate of the chain, the leaf only, or a CA only). The chain comes from
FILE or stdin, in any form pinlab pins reads; include the root to check a
root pin, since servers do not send it.

Reads: android (network_security_config.xml), ios (Info.plist or its
NSAppTransportSecurity entry), okhttp (CertificatePinner code, Kotlin or
Java), curl (a --pinnedpubkey command) and hpkp (a Public-Key-Pins header).

Exit codes: 0 the chain is accepted (a pin matched, the host is not pinned,
the pins expired, or soft-fail reports); 1 it is rejected, or the chain has
no leaf; 2 usage error, a file that cannot be read (missing, a directory,
over 4 MiB: the config or the chain), or a config pinlab cannot parse.
Names from the config and the chain are shown with control, bidi and
invisible characters escaped (\u202e).

Examples:
  pinlab check --config res/xml/network_security_config.xml --host api.example.com chain.pem
  openssl s_client -connect api.example.com:443 -showcerts </dev/null | pinlab check --config Info.plist --host api.example.com

`

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "the pinning config file to check")
	host := fs.String("host", "", "the host the app connects to, e.g. api.example.com")
	fs.Usage = func() {
		fmt.Fprint(stderr, checkHelp)
		fs.PrintDefaults()
	}
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
	}
	cfg, err := readInput("--config", *config, os.Stdin)
	if err != nil {
		return fail(exitCode(err), "%v", err)
	}
	b, err := readChain("", fs.Args(), os.Stdin)
	if err != nil {
		sayErr(stderr, "check", err)
		return exitCode(err)
	}
	res, err := platform.CheckConfig(cfg.Data, *host, b, time.Now())
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "platform: ")
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

// printCheck writes the verdict, why, and each pin with what it matched.
// Everything but the verdict and format can quote the config or the chain,
// so it is shown escaped (pinlib.EscapeDeceptive).
func printCheck(w io.Writer, r platform.CheckResult) {
	esc := pinlib.EscapeDeceptive
	fmt.Fprintf(w, "%s: %s config, host %s\n", r.Verdict, r.Format, esc(r.Host))
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
