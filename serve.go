//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Timeouts of the HTTP server. The write timeout leaves room for a slow
// phone on a busy workshop network to fetch the ~3 MB compressed wasm.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 10 * time.Second
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8000", "address to listen on, host:port")
	fs.Usage = func() {
		fmt.Fprint(stderr, serveHelp)
		fs.PrintDefaults()
	}
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

// newServer builds the HTTP server with all of pinlab's routes and timeouts.
func newServer(a *assets, log *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /favicon.ico", a.serveFavicon)
	mux.Handle("/", newAppHandler(a, ""))
	return &http.Server{
		Handler:           logRequests(log, securityHeaders(readOnly(mux))),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// allowedMethods are the only methods pinlab answers: it serves files and
// pages and takes nothing in. RFC 9110 (section 9.1) requires GET and HEAD
// of every server and leaves the rest optional; OPTIONS is left out, as
// nothing here needs CORS or method discovery beyond the Allow header.
const allowedMethods = "GET, HEAD"

// readOnly answers every other method with 405 and an Allow header, on
// every path, before go-app (which would render the page for any method)
// sees the request.
func readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Allow", allowedMethods)
		http.Error(w, "pinlab: method "+r.Method+" not allowed; use "+allowedMethods, http.StatusMethodNotAllowed)
	})
}

// serve runs srv on ln until ctx is cancelled, then shuts down gracefully:
// requests in flight (a wasm download, say) get shutdownTimeout to finish.
func serve(ctx context.Context, ln net.Listener, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("pinlab serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("pinlab serve: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("pinlab serve: %w", err)
	}
	return nil
}

func displayURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("http://localhost:%d", tcp.Port)
		}
		return addr.String()
	}
	return "http://" + addr.String()
}
