//go:build !wasm

package main

import (
	"log/slog"
	"net/http"
	"time"
)

// contentSecurityPolicy allows nothing but this origin. 'wasm-unsafe-eval'
// is what WebAssembly.instantiate needs; the one inline script, which
// starts compiling the wasm from the head (startearly.go), is allowed by its
// hash. 'unsafe-eval' and 'unsafe-inline' are never needed, so components
// style with classes, not inline styles.
var contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' " + wasmCompileHash + "; " +
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// permissionsPolicy turns off the powerful features pinlab never uses. It
// names only features browsers know: Chromium warns on every page about
// any other (Web Bluetooth, for one, has no policy feature), and
// TestE2EConsoleClean fails on that warning.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()"

// securityHeaders sets the headers every response carries, pages and assets
// alike. The static export writes the same set into _headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range securityHeaderSet() {
			w.Header().Set(k, v)
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaderSet() map[string]string {
	return map[string]string{
		"Content-Security-Policy":      contentSecurityPolicy,
		"X-Content-Type-Options":       "nosniff",
		"Referrer-Policy":              "no-referrer",
		"Permissions-Policy":           permissionsPolicy,
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
		"X-Frame-Options":              "DENY",
	}
}

// statusRecorder remembers what a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// logRequests writes one line per request. It logs the path only: query
// strings are the person's business (pasted data never reaches the server
// anyway; it lives in the URL fragment).
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		log.Info("request",
			"method", r.Method,
			"path", r.URL.Path,
			"status", rec.status,
			"bytes", rec.bytes,
			"encoding", w.Header().Get("Content-Encoding"),
			"duration", time.Since(start).Round(time.Microsecond),
		)
	})
}
