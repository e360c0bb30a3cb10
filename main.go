// Command pinlab is a certificate-pinning playground: a go-app PWA that runs
// in the browser (compiled to WebAssembly) and the small server and CLI that
// host it. This file is shared by both sides: the routes are declared once,
// so the server can prerender every page the browser will render.
package main

import (
	"os"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/app"
)

func main() {
	markGoMain()
	app.Register()

	// In the browser this call never returns; on the server it returns at
	// once and the CLI takes over.
	goapp.RunWhenOnBrowser()

	os.Exit(runCLI(os.Args[1:]))
}
