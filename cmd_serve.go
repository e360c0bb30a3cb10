//go:build !wasm

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveHelp, stderr)
	addr := fs.String("addr", ":8000", "address to listen on, host:port")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pinlab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}

	log := slog.New(slog.NewTextHandler(stderr, nil))
	a, err := embeddedAssets()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "pinlab serve: cannot listen on %s: %v\n", *addr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(stdout, "pinlab %s serving on %s (app version %s)\n", version, displayURL(ln.Addr()), a.version)
	if err := serve(ctx, ln, newServer(a, log)); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	log.Info("stopped: every request in flight was answered")
	return 0
}

const serveHelp = `Usage: pinlab serve [-addr :8000]

Serves the pinlab app: every page prerendered, app.wasm precompressed, and a
service worker so the app keeps working offline once loaded. To run a
workshop on a local network, listen on all interfaces (the default) and give
the room this machine's address.

`
