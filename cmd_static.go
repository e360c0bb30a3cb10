//go:build !wasm

package main

import (
	"fmt"
	"io"
)

const staticHelp = `Usage: pinlab static [-out dist] [-prefix /sub/path]

Writes the whole app as static files: one prerendered HTML file per page,
app.wasm (with .br and .gz beside it), the service worker, icons (and
favicon.ico) and styles, and a _headers file with pinlab's security headers
for hosts that read it.
Any static host or CDN can serve the result; the app works offline once a
browser has loaded it.

Examples:
  pinlab static -out dist
  pinlab static -out dist -prefix /pinlab     # hosted at https://example.org/pinlab/

`

func cmdStatic(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("static", staticHelp, stderr)
	out := fset.String("out", "dist", "directory to write the export to")
	prefix := fset.String("prefix", "", "URL path the site is hosted under, e.g. /pinlab")
	if err := fset.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "pinlab static: unexpected argument %q\n", fset.Arg(0))
		return 2
	}
	p, err := cleanPrefix(*prefix)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	a, err := embeddedAssets()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	n, err := exportStatic(a, *out, p)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "pinlab static: wrote %d files to %s (app version %s)\n", n, *out, a.version)
	return 0
}
