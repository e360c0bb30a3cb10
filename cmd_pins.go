//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"io"
	"os"

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
		// The page's JSON download is these same bytes.
		data, err := b.ReportJSON()
		if err != nil {
			sayErr(stderr, "pins", err)
			return 1
		}
		stdout.Write(data)
	} else {
		for _, w := range b.Warnings {
			say(stderr, "pins", "%s: %s", w.Severity, w.Message)
		}
		io.WriteString(stdout, b.PinTable()) // the page's text download too
	}
	if err := b.Err(); err != nil {
		if len(b.Errors) == 0 {
			say(stderr, "pins", "%s: %v", inputNames(inputs), err)
		}
		return 1
	}
	return 0
}
