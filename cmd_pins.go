//go:build !wasm

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"pinlab/pinlib"
)

const pinsHelp = `Usage: pinlab pins [--json] [FILE|-]...

Reads certificates in any form (PEM with text around it, DER, bare base64,
PKCS#7, openssl output, PEM copied out of JSON) and public keys, orders them
leaf first when they form a chain, and prints every certificate's role,
expiry, subject and SPKI SHA-256 pin. With no FILE, or with -, reads stdin.
Private keys are never read: they are dropped with a warning.

Warnings and unreadable blocks go to stderr. Names are shown with control,
bidi and invisible characters escaped (\u202e); --json keeps them exact.
Exit status: 0 when at least one certificate or key was read, 1 when none
was, 2 on a usage error or a file that cannot be read (missing, a
directory, over 4 MiB).

Examples:
  pinlab pins chain.pem
  openssl s_client -connect example.org:443 -showcerts </dev/null | pinlab pins
  pinlab pins --json bundle.p7b | jq -r '.certificates[0].pin'

`

func cmdPins(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pins", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the JSON object instead of a table")
	fs.Usage = func() {
		fmt.Fprint(stderr, pinsHelp)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	inputs, err := readInputs("", fs.Args(), os.Stdin)
	if err != nil {
		sayErr(stderr, "pins", err)
		return exitCode(err)
	}
	b := pinlib.Read(inputs...)

	for _, e := range b.Errors {
		sayErr(stderr, "pins", e)
	}
	if *asJSON {
		// Exact strings: programs need the names as the certificate holds
		// them (the encoding escapes C0 controls anyway).
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b.Report()); err != nil {
			sayErr(stderr, "pins", err)
			return 1
		}
	} else {
		for _, w := range b.Warnings {
			say(stderr, "pins", "%s: %s", w.Severity, w.Message)
		}
		printPinTable(stdout, b)
	}
	if err := b.Err(); err != nil {
		if len(b.Errors) == 0 {
			say(stderr, "pins", "%s: %v", inputNames(inputs), err)
		}
		return 1
	}
	return 0
}

// printPinTable writes one line per certificate and key: what a person
// needs to pick a pin.
func printPinTable(w io.Writer, b *pinlib.Bundle) {
	if len(b.Certificates) == 0 && len(b.PublicKeys) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tROLE\tEXPIRES\tSUBJECT\tPIN (SPKI SHA-256)")
	for _, c := range b.Certificates {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.Index, c.Role, c.Cert.NotAfter.UTC().Format("2006-01-02"), pinlib.EscapeDeceptive(c.Name()), c.Pins.OkHttp())
	}
	for _, k := range b.PublicKeys {
		fmt.Fprintf(tw, "-\tkey\t-\t%s\t%s\n", k.KeyType(), k.Pins.OkHttp())
	}
	tw.Flush()
}
