//go:build !wasm

package main

import (
	"fmt"
	"io"
	"runtime"
)

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(stdout, "Usage: pinlab version\n\nPrints pinlab's version, the app version (hash of the embedded assets) and the Go version.")
			return 0
		}
		fmt.Fprintf(stderr, "pinlab version: unexpected argument %q\n", args[0])
		return 2
	}
	appVersion := "none (built without web/app.wasm)"
	if a, err := embeddedAssets(); err == nil {
		appVersion = a.version
	}
	fmt.Fprintf(stdout, "pinlab %s (app %s, %s)\n", version, appVersion, runtime.Version())
	return 0
}
