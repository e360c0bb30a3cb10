//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
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
