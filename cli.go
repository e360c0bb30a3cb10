//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// version is set at build time (make build) from git; "dev" otherwise.
var version = "dev"

// command is one pinlab sub-command.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "serve the app on a local address", cmdServe},
		{"pins", "print the certificates and pins of a chain", cmdPins},
		{"config", "print the pinning config of a platform for a chain", cmdConfig},
		{"simulate", "run attacks and rotations against a client's pinning", cmdSimulate},
		{"check", "tell whether an existing pinning config accepts a chain", cmdCheck},
		{"lab", "serve the simulator's scenarios for real, one TLS port each", cmdLab},
		{"static", "export the app as static files for any web host", cmdStatic},
		{"version", "print the version", cmdVersion},
		{"help", "show help for pinlab or one command", cmdHelp},
	}
}

// runCLI runs the command named by args[0] and returns the process exit
// code: 0 success, 1 failure, 2 usage error.
func runCLI(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return 0
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "pinlab: unknown command %q\n\n%s", name, usage())
	return 2
}

func usage() string {
	s := "pinlab: a certificate pinning playground, and the server that hosts it.\n\nUsage: pinlab <command> [flags]\n\nCommands:\n"
	for _, c := range commands() {
		s += fmt.Sprintf("  %-8s %s\n", c.name, c.summary)
	}
	s += "\nRun 'pinlab help <command>' for a command's flags and examples.\n"
	return s
}

// exitUsage maps a flag parsing error to an exit code: -h is a success.
func exitUsage(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// newFlags starts a command's flags: parse errors go to stderr, and -h
// prints the command's help text, then its flags.
func newFlags(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, help)
		fs.PrintDefaults()
	}
	return fs
}
