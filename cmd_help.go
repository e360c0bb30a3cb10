//go:build !wasm

package main

import (
	"fmt"
	"io"
)

func cmdHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage())
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdout, stdout)
		}
	}
	if args[0] == "help" {
		fmt.Fprint(stdout, usage())
		return 0
	}
	fmt.Fprintf(stderr, "pinlab help: unknown command %q\n", args[0])
	return 2
}
