//go:build wasm

package main

// runCLI is unreachable in the browser (RunWhenOnBrowser never returns); it
// exists so main.go builds for both sides.
func runCLI([]string) int { return 0 }
