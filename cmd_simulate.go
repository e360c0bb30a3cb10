//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

// defaultClient is the client simulate runs without --client.
const defaultClient = "android"

var simulateHelp = `Usage: pinlab simulate [--json] [--client C] [--soft-fail] [--chain FILE]

Runs every scenario (attacks and rotations) against every pin policy for one
client, with real X.509 verification and the client's own pin rule, and
prints the outcome of each: secure, intercepted, blocked, outage, and with
--soft-fail intercepted-reported and secure-reported; n/a where the client
cannot express the policy. --json adds the reason of each cell.

By default the real server's chain is generated (a public root, an issuing
intermediate, a leaf for api.example.test); --chain uses yours, with
look-alike certificates made for what cannot be signed with its keys.

` + clientsHelp() + `

Examples:
  pinlab simulate --client okhttp
  pinlab simulate --json --client trustkit --soft-fail | jq '.outcomes["rogue-public-ca"]'
  pinlab simulate --client android --chain chain.pem

`

func cmdSimulate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("simulate", simulateHelp, stderr)
	asJSON := fs.Bool("json", false, "print the JSON object with a reason per cell")
	client := fs.String("client", defaultClient, "the client platform")
	softFail := fs.Bool("soft-fail", false, "allow and report on a pin mismatch instead of blocking")
	chain := fs.String("chain", "", "a certificate chain to use as the real server's")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fs.NArg() > 0 {
		say(stderr, "simulate", "unexpected argument %q (the chain goes in --chain)", fs.Arg(0))
		return 2
	}
	mode := sim.Hard
	if *softFail {
		mode = sim.Soft
	}
	if _, err := sim.ParseCase(*client, sim.Scenarios[0], sim.Policies[0], string(mode)); err != nil {
		say(stderr, "simulate", "%s", pinlib.Message(err))
		return 2
	}

	now := time.Now()
	var world *sim.World
	var err error
	if *chain == "" {
		world, err = sim.NewWorld(now)
	} else {
		b, rerr := readChain("--chain", []string{*chain}, os.Stdin)
		if rerr != nil {
			sayErr(stderr, "simulate", rerr)
			return exitCode(rerr)
		}
		world, err = sim.NewWorldFromChain(now, b)
	}
	if err != nil {
		say(stderr, "simulate", "%s", pinlib.Message(err))
		return 1
	}
	for _, n := range world.Notes {
		say(stderr, "simulate", "note: %s", n)
	}
	m, err := world.Matrix(*client, mode)
	if err != nil {
		say(stderr, "simulate", "%s", pinlib.Message(err))
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			sayErr(stderr, "simulate", err)
			return 1
		}
		return 0
	}
	printMatrix(stdout, m)
	return 0
}

// printMatrix writes scenarios down, policies across.
func printMatrix(w io.Writer, m sim.Matrix) {
	fmt.Fprintf(w, "client %s, %s-fail\n\n", m.Client, m.Mode)
	// The cells alone do not say that a soft matrix is a hard one for a
	// client with no soft-fail mode, or that TrustKit reports what it blocks.
	if note := m.Note(); note != "" {
		fmt.Fprintf(w, "%s\n\n", note)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "SCENARIO")
	for _, p := range m.Policies {
		fmt.Fprint(tw, "\t"+strings.ToUpper(p))
	}
	fmt.Fprintln(tw)
	for _, s := range m.Scenarios {
		fmt.Fprint(tw, s)
		for _, p := range m.Policies {
			fmt.Fprint(tw, "\t"+string(m.Outcomes[s][p]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
