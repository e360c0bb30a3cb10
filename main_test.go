//go:build !wasm

package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"pinlab/app"
)

// TestMain registers the routes, as main does before handing off to the
// CLI, and lets the CLI scripts run pinlab as a command of their own.
func TestMain(m *testing.M) {
	app.Register()
	testscript.Main(m, map[string]func(){
		"pinlab": func() { os.Exit(runCLI(os.Args[1:])) },
	})
}
