//go:build !wasm

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"pinlab/pinlib"
)

const pinsHelp = `Usage: pinlab pins [--json] [FILE|-]...

Reads certificates in any form (PEM with text around it, DER, bare base64,
PKCS#7, openssl output, PEM copied out of JSON) and public keys, orders them
leaf first when they form a chain, and prints every certificate's role,
expiry, subject and SPKI SHA-256 pin. With no FILE, or with -, reads stdin.
Private keys are never read: they are dropped with a warning.

Warnings and unreadable blocks go to stderr. Exit status: 0 when at least
one certificate or key was read, 1 when none was, 2 on a usage error.

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
	inputs, err := readInputs(fs.Args(), os.Stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pinlab pins: %v\n", err)
		return 1
	}
	b := pinlib.Read(inputs...)

	for _, e := range b.Errors {
		fmt.Fprintf(stderr, "pinlab pins: %s\n", strings.TrimPrefix(e.Error(), "pinlib: "))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b.Report()); err != nil {
			fmt.Fprintf(stderr, "pinlab pins: %v\n", err)
			return 1
		}
	} else {
		for _, w := range b.Warnings {
			fmt.Fprintf(stderr, "pinlab pins: %s: %s\n", w.Severity, w.Message)
		}
		printPinTable(stdout, b)
	}
	if err := b.Err(); err != nil {
		if len(b.Errors) == 0 {
			fmt.Fprintf(stderr, "pinlab pins: %s: %s\n", inputNames(inputs), strings.TrimPrefix(err.Error(), "pinlib: "))
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
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.Index, c.Role, c.Cert.NotAfter.UTC().Format("2006-01-02"), c.Name(), c.Pins.OkHttp())
	}
	for _, k := range b.PublicKeys {
		fmt.Fprintf(tw, "-\tkey\t-\t%s\t%s\n", k.KeyType(), k.Pins.OkHttp())
	}
	tw.Flush()
}

// readInputs reads each named file, or stdin for "-" or no name at all. It
// reads at most one byte past pinlib's limit, so a wrong multi-gigabyte file
// is refused without being loaded.
func readInputs(names []string, stdin io.Reader) ([]pinlib.Input, error) {
	if len(names) == 0 {
		names = []string{"-"}
	}
	inputs := make([]pinlib.Input, 0, len(names))
	for _, name := range names {
		var r io.Reader = stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				var pe *os.PathError
				if errors.As(err, &pe) {
					err = fmt.Errorf("cannot read %s: %w", name, pe.Err)
				}
				return nil, err
			}
			defer f.Close()
			r = f
		}
		data, err := io.ReadAll(io.LimitReader(r, pinlib.MaxInputSize+1))
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", displayName(name), err)
		}
		inputs = append(inputs, pinlib.Input{Name: displayName(name), Data: data})
	}
	return inputs, nil
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

func inputNames(inputs []pinlib.Input) string {
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return strings.Join(names, ", ")
}

// readChain reads the named files (stdin for none or "-") into one bundle,
// or says in one sentence why nothing usable was there.
func readChain(names []string) (*pinlib.Bundle, error) {
	inputs, err := readInputs(names, os.Stdin)
	if err != nil {
		return nil, err
	}
	b := pinlib.Read(inputs...)
	if err := b.Err(); err != nil {
		if len(b.Errors) > 0 {
			// Each parse error already names its input and line.
			return nil, errors.New(strings.ReplaceAll(err.Error(), "pinlib: ", ""))
		}
		return nil, fmt.Errorf("%s: %s", inputNames(inputs), strings.TrimPrefix(err.Error(), "pinlib: "))
	}
	return b, nil
}
