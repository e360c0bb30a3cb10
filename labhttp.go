//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// labCSP allows the lab's pages nothing but their own stylesheet: they
// have no script, no image, no form.
const labCSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// handler answers on a scenario's port: its page at /, lab.json, the
// stylesheet, and the roots and the real chain to download.
func (l *lab) handler(s *labScenario) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { l.servePage(w, r, s) })
	mux.HandleFunc("GET /lab.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(l.json(l.hostFor(r)))
	})
	mux.HandleFunc("GET /lab.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Write([]byte(labStylesheet))
	})
	download := func(path, name, contentType string, data func() []byte) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			if name != "" {
				w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
			}
			w.Write(data())
		})
	}
	download("/"+labTrustedFile, labTrustedFile, "application/x-pem-file", func() []byte { return l.facts.trustedPEM })
	download("/"+labUserFile, labUserFile, "application/x-pem-file", func() []byte { return l.facts.userPEM })
	download("/"+labChainFile, labChainFile, "application/x-pem-file", func() []byte { return l.facts.chainPEM })
	for _, root := range l.facts.Roots {
		// A DER root served as a CA certificate: phones offer to install it.
		download("/"+root.File, "", "application/x-x509-ca-cert", func() []byte { return root.der })
	}
	return l.countErrors(labHeaders(readOnly(mux)))
}

// labHeaders sets the security headers the app's server sets, with a CSP
// stricter still.
func labHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range securityHeaderSet() {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Security-Policy", labCSP)
		next.ServeHTTP(w, r)
	})
}

// countErrors counts every 5xx and panic as a server error.
func (l *lab) countErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				l.stats.serverErrors.Add(1)
				l.cfg.Log.Error("panic", "path", r.URL.Path, "error", fmt.Sprint(v))
				http.Error(rec, "pinlab lab: internal error", http.StatusInternalServerError)
				return
			}
			if rec.status >= 500 {
				l.stats.serverErrors.Add(1)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// servePage answers a browser with the scenario's page, and anything else
// (curl, an app, a script) with one line that says where it got to.
func (l *lab) servePage(w http.ResponseWriter, r *http.Request, s *labScenario) {
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "pinlab lab: connected to %s on port %d. %s\n", s.ID, s.Port, l.facts.Scenarios[s.ID].Story)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := labPage.Execute(w, l.pageData(s, l.hostFor(r))); err != nil {
		l.cfg.Log.Warn("page", "scenario", s.ID, "error", err)
	}
}

// hostFor is the host the lab's URLs and commands use for this request:
// the address the client came by when it is one of the lab's (a phone that
// reached the lab at 192.168.1.20 gets commands for 192.168.1.20), else the
// lab's own. A name is not enough: curl --connect-to and hosts files send
// one that may resolve nowhere.
func (l *lab) hostFor(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		h = r.Host
	}
	if ip := net.ParseIP(h); ip != nil && slices.Contains(l.names, ip.String()) {
		return ip.String()
	}
	return l.urlHost
}

// urlAt is a scenario's URL with host.
func urlAt(host string, port int) string {
	return "https://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/"
}
