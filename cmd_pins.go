//go:build !wasm

package main

import (
	"flag"
	"io"
	"os"

	"pinlab/pinlib"
)

const pinsHelp = `Usage: pinlab pins [--json] [FILE|-]...
       pinlab pins [--json] --connect HOST:PORT [--servername NAME]

Reads certificates in any form (PEM with text around it, DER, bare base64,
PKCS#7, openssl output, PEM copied out of JSON) and public keys, orders them
leaf first when they form a chain, and prints every certificate's role,
expiry, subject and SPKI SHA-256 pin. With no FILE, or with -, reads stdin.
Private keys are never read: they are dropped with a warning.

--connect reads the chain a live server sends instead: a TLS handshake only,
no HTTP, with verification off (pinlab reads the chain; it does not vouch
for it). The SNI is HOST, or NAME with --servername (an IP address sends
none). A server that cannot be reached, or a failed handshake, is one
sentence on stderr and exit status 1.

Warnings and unreadable blocks go to stderr. Names are shown with control,
bidi and invisible characters escaped (\u202e); --json keeps them exact.
Exit status: 0 when at least one certificate or key was read, 1 when none
was, 2 on a usage error or a file that cannot be read (missing, a
directory, over 4 MiB).

Examples:
  pinlab pins chain.pem
  openssl s_client -connect example.org:443 -showcerts </dev/null | pinlab pins
  pinlab pins --json bundle.p7b | jq -r '.certificates[0].pin'
  pinlab pins --connect example.org:443
  pinlab pins --connect 127.0.0.1:8443 --servername api.example.test

`

func cmdPins(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pins", pinsHelp, stderr)
	asJSON := fs.Bool("json", false, "print the JSON object instead of a table")
	connect := fs.String("connect", "", "read the chain a live server sends, HOST:PORT")
	serverName := fs.String("servername", "", "with --connect: the SNI to send (default: HOST)")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	inputs, code := pinsInputs(fs, *connect, *serverName, stderr)
	if code != 0 {
		return code
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

// pinsInputs reads the files named, or stdin, or the chain of the server
// --connect names; it returns the exit code when it cannot.
func pinsInputs(fs *flag.FlagSet, connect, serverName string, stderr io.Writer) ([]pinlib.Input, int) {
	if connect == "" {
		if serverName != "" {
			say(stderr, "pins", "--servername goes with --connect HOST:PORT")
			return nil, 2
		}
		inputs, err := readInputs("", fs.Args(), os.Stdin)
		if err != nil {
			sayErr(stderr, "pins", err)
			return nil, exitCode(err)
		}
		return inputs, 0
	}
	host, err := parseConnect(connect)
	switch {
	case err != nil:
		say(stderr, "pins", "%v", err)
		return nil, 2
	case fs.NArg() > 0:
		say(stderr, "pins", "--connect reads the server's chain: give no FILE with it (got %q)", fs.Arg(0))
		return nil, 2
	}
	if serverName == "" {
		serverName = host
	}
	in, err := fetchChain(connect, serverName)
	if err != nil {
		say(stderr, "pins", "%v", err)
		return nil, 1
	}
	return []pinlib.Input{in}, 0
}
