//go:build wasm

package main

import "syscall/js"

// runCLI is unreachable in the browser (RunWhenOnBrowser never returns); it
// exists so main.go builds for both sides.
func runCLI([]string) int { return 0 }

// markGoMain marks on the page's timeline the moment Go's main begins: the
// Go runtime and every package's init have run, go-app's start and the first
// render have not. BenchmarkStartup splits Go's start in two with it.
func markGoMain() {
	js.Global().Get("performance").Call("mark", "pinlab:go-main")
}
