//go:build !wasm

package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pinlab/content"
)

// methodPaths are a sample of everything the server answers: pages, a
// lesson, go-app's files, the assets, the favicon, the health check and
// paths that do not exist.
func methodPaths() []string {
	return []string{"/", "/inspect", "/pin", "/simulate", "/check", "/learn", "/learn/" + content.Lessons[0].Slug,
		"/app.js", "/app-worker.js", "/manifest.webmanifest", "/web/app.wasm", "/web/icon.svg", "/web/",
		"/favicon.ico", "/healthz", "/no-such-page"}
}

// TestServeMethods sends every method to every path: GET and HEAD get the
// resource, every other method 405 with Allow and a short plain-text body,
// security headers included.
func TestServeMethods(t *testing.T) {
	h := newServer(testAssets(t), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	// GET and HEAD go through a real server: only it drops a HEAD body.
	srv := httptest.NewServer(h)
	defer srv.Close()
	fetch := func(method, p string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", "br")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}
	refused := []string{"POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT", "PROPFIND", "FOO"}
	for _, p := range methodPaths() {
		for _, method := range refused {
			res := get(t, h, method, p)
			body, _ := io.ReadAll(res.Body)
			where := method + " " + p
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s: status %d, want 405", where, res.StatusCode)
			}
			if got := res.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s: Allow %q, want %q", where, got, "GET, HEAD")
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("%s: Content-Type %q, want text/plain", where, ct)
			}
			if want := "pinlab: method " + method + " not allowed; use GET, HEAD\n"; string(body) != want {
				t.Errorf("%s: body %q, want %q", where, body, want)
			}
			assertSecurityHeaders(t, where, res)
		}

		// GET and HEAD answer alike, HEAD without the body.
		getRes, getBody := fetch("GET", p)
		headRes, headBody := fetch("HEAD", p)
		if getRes.StatusCode == http.StatusMethodNotAllowed || headRes.StatusCode != getRes.StatusCode {
			t.Errorf("%s: GET %d, HEAD %d", p, getRes.StatusCode, headRes.StatusCode)
		}
		if cl := headRes.Header.Get("Content-Length"); cl != "" && cl != itoa(len(getBody)) {
			t.Errorf("HEAD %s: Content-Length %s, GET's body %d bytes", p, cl, len(getBody))
		}
		if len(headBody) != 0 {
			t.Errorf("HEAD %s: %d bytes of body", p, len(headBody))
		}
		if getRes.Header.Get("Allow") != "" || len(getBody) == 0 {
			t.Errorf("GET %s: Allow %q, %d bytes of body", p, getRes.Header.Get("Allow"), len(getBody))
		}
	}
	if res := get(t, h, "GET", "/healthz"); res.StatusCode != 200 {
		t.Errorf("GET /healthz: status %d", res.StatusCode)
	}
}

// TestServeNoDirectoryListing asks for web/ and its directories every way
// a client might, following redirects as a browser does: each ends in a
// 404 that names no file. The files themselves are still served.
func TestServeNoDirectoryListing(t *testing.T) {
	a := testAssets(t)
	srv := httptest.NewServer(newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler)
	defer srv.Close()
	for _, tc := range []struct {
		path        string
		status      int
		contentType string
	}{
		{"/web/", http.StatusNotFound, ""},
		{"/web", http.StatusNotFound, ""},
		{"/web//", http.StatusNotFound, ""},
		{"/web/./", http.StatusNotFound, ""},
		{"/web/.", http.StatusNotFound, ""},
		{"/web/index.html", http.StatusNotFound, ""},
		{"/web/icon.svg/", http.StatusNotFound, ""},
		{"/web/no-such-dir/", http.StatusNotFound, ""},
		{"/web/no-such-file.png", http.StatusNotFound, ""},
		{"/" + a.version + "/web/", http.StatusNotFound, ""},
		{"/web/icon.svg", http.StatusOK, "image/svg+xml"},
		{"/web/icon-192.png", http.StatusOK, "image/png"},
		{"/web/pinlab.css", http.StatusOK, "text/css; charset=utf-8"},
		{"/web/app.wasm", http.StatusOK, "application/wasm"},
	} {
		res, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status {
			t.Errorf("GET %s (ended at %s): status %d, want %d", tc.path, res.Request.URL.Path, res.StatusCode, tc.status)
		}
		if tc.status == http.StatusNotFound {
			for _, name := range []string{"icon.svg", "pinlab.css", "app.wasm", "<a href"} {
				if strings.Contains(string(body), name) {
					t.Errorf("GET %s: the 404 mentions %q: %.200s", tc.path, name, body)
				}
			}
		}
		if tc.contentType != "" && res.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, res.Header.Get("Content-Type"), tc.contentType)
		}
		assertSecurityHeaders(t, "GET "+tc.path, res)
	}
}
