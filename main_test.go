//go:build !wasm

package main

import (
	"flag"
	"os"
	"testing"

	"pinlab/app"
)

// TestMain registers the routes, as main does before handing off to the CLI.
func TestMain(m *testing.M) {
	flag.Parse()
	app.Register()
	os.Exit(m.Run())
}
