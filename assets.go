//go:build !wasm

package main

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// web holds the static assets and the compiled app. It must live in a
// !wasm file: the wasm build would otherwise try to embed itself.
//
//go:embed web
var web embed.FS

// assets are the files under web/, served at /web/. They also resolve
// go-app's resource paths, with a prefix when the static export is hosted
// under a sub-path.
type assets struct {
	files    fs.FS
	version  string // hash of every asset: changes whenever the wasm does
	wasmSize int    // uncompressed size, sent in X-Wasm-Content-Length
	prefix   string // "" or "/sub/path" without a trailing slash
	static   http.Handler
	favicon  []byte // favicon.ico, made from the app icon
}

var errNoWasm = errors.New("pinlab: web/app.wasm is missing from this build: build with `make build` (or `make run`)")

func embeddedAssets() (*assets, error) {
	sub, err := fs.Sub(web, "web")
	if err != nil {
		return nil, fmt.Errorf("pinlab: embedded assets: %w", err)
	}
	return newAssets(sub)
}

func newAssets(files fs.FS) (*assets, error) {
	wasm, err := fs.ReadFile(files, "app.wasm")
	if err != nil {
		return nil, errNoWasm
	}
	version, err := hashFiles(files)
	if err != nil {
		return nil, err
	}
	icon, err := fs.ReadFile(files, faviconSource)
	if err != nil {
		return nil, fmt.Errorf("pinlab: web/%s, the favicon's source, is missing: %w", faviconSource, err)
	}
	favicon, err := makeFavicon(icon)
	if err != nil {
		return nil, err
	}
	return &assets{
		files:    files,
		version:  version,
		wasmSize: len(wasm),
		static:   http.StripPrefix("/web/", http.FileServerFS(files)),
		favicon:  favicon,
	}, nil
}

// hashFiles derives the app version from the content of every asset. go-app
// uses the version as the ETag of every response and as the service worker's
// cache name, so a fixed version would keep a stale wasm in browsers.
func hashFiles(files fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("pinlab: hashing assets: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return "", fmt.Errorf("pinlab: hashing assets: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// Resolve maps go-app's resource paths: /web/... to the assets, and every
// other local path (pages, app.js) under the prefix.
func (a *assets) Resolve(location string) string {
	if strings.HasPrefix(location, "https://") || strings.HasPrefix(location, "http://") {
		return location
	}
	if location == "" || location == "/" {
		if a.prefix == "" {
			return "/"
		}
		return a.prefix + "/"
	}
	if strings.HasPrefix(location, "web/") || location == "web" {
		location = "/" + location
	}
	return a.prefix + location
}

// ServeHTTP serves /web/ requests. app.wasm goes out precompressed.
// Anything but a file answers 404: a directory listing would only
// advertise what is there, and the file server's redirects (index.html to
// its directory) would lead to one.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/web/app.wasm" {
		a.serveWasm(w, r)
		return
	}
	if !a.isFile(r.URL.Path) {
		http.NotFound(w, r)
		return
	}
	a.static.ServeHTTP(w, r)
}

// isFile reports whether a /web/ URL path names a regular file of the
// assets. fs.ValidPath refuses "", ".", ".." and trailing slashes.
func (a *assets) isFile(urlPath string) bool {
	name, ok := strings.CutPrefix(urlPath, "/web/")
	if !ok || !fs.ValidPath(name) {
		return false
	}
	info, err := fs.Stat(a.files, name)
	return err == nil && info.Mode().IsRegular()
}

// wasmEncodings is the order of preference: brotli is ~30% smaller than
// gzip on Go's wasm, and every current browser takes it.
var wasmEncodings = []struct{ token, file string }{
	{"br", "app.wasm.br"},
	{"gzip", "app.wasm.gz"},
}

func (a *assets) serveWasm(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/wasm")
	h.Add("Vary", "Accept-Encoding")
	// A loader that counts decompressed bytes, as go-app's does, needs the
	// raw length, not the compressed Content-Length. pinlab's (web/start.js)
	// reads no body and needs neither.
	h.Set(wasmLengthHeader, strconv.Itoa(a.wasmSize))

	name := "app.wasm"
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range wasmEncodings {
		if acceptsEncoding(accept, enc.token) {
			if _, err := fs.Stat(a.files, enc.file); err == nil {
				name = enc.file
				h.Set("Content-Encoding", enc.token)
				break
			}
		}
	}
	body, err := fs.ReadFile(a.files, name)
	if err != nil {
		http.Error(w, "app.wasm not found", http.StatusNotFound)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

const wasmLengthHeader = "X-Wasm-Content-Length"

// acceptsEncoding reports whether an Accept-Encoding header value accepts
// the coding token with a non-zero quality (RFC 9110, section 12.5.3). An
// explicit entry for the token wins over "*".
func acceptsEncoding(header, token string) bool {
	exact, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(p, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch {
		case strings.EqualFold(name, token):
			exact = q
		case name == "*":
			star = q
		}
	}
	if exact >= 0 {
		return exact > 0
	}
	return star > 0
}
