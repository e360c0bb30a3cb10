//go:build !wasm

package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/app"
)

// cleanPrefix normalises a sub-path to "/a/b" (or "" for the root).
func cleanPrefix(p string) (string, error) {
	p = strings.Trim(strings.TrimSpace(p), "/")
	if p == "" {
		return "", nil
	}
	if strings.ContainsAny(p, "?#\\ ") || strings.Contains(p, "..") {
		return "", fmt.Errorf("pinlab static: invalid -prefix %q: want a URL path such as /pinlab", p)
	}
	return "/" + p, nil
}

// exportStatic writes the pages go-app prerenders, then copies web/ itself:
// go-app's GenerateStaticWebsite leaves the web directory empty.
func exportStatic(a *assets, out, prefix string) (int, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, fmt.Errorf("pinlab static: %w", err)
	}
	h := newAppHandler(a, prefix)
	if h.err != nil {
		return 0, fmt.Errorf("pinlab static: %w", h.err)
	}
	if err := goapp.GenerateStaticWebsite(out, h.pages, append(slices.Clone(app.Paths), app.NotFoundPath)...); err != nil {
		return 0, fmt.Errorf("pinlab static: generating pages: %w", err)
	}
	// The pages start with the early script (startearly.go).
	if err := filepath.WalkDir(out, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(name) != ".html" {
			return err
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(name, headFirst(b, h.early), 0o644)
	}); err != nil {
		return 0, fmt.Errorf("pinlab static: %w", err)
	}
	// Static hosts answer an address with no file with 404.html.
	if err := copyFile(filepath.Join(out, strings.TrimPrefix(app.NotFoundPath, "/")+".html"), filepath.Join(out, "404.html")); err != nil {
		return 0, fmt.Errorf("pinlab static: %w", err)
	}
	// go-app wrote its own app.js; pinlab's replaces it (startup.go).
	if err := os.WriteFile(filepath.Join(out, "app.js"), h.appJS, 0o644); err != nil {
		return 0, fmt.Errorf("pinlab static: %w", err)
	}
	err := fs.WalkDir(a.files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(a.files, name)
		if err != nil {
			return err
		}
		dst := filepath.Join(out, "web", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return 0, fmt.Errorf("pinlab static: copying assets: %w", err)
	}
	for name, b := range map[string][]byte{
		"_headers":    []byte(headersFile(prefix)),
		"favicon.ico": a.favicon,
	} {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return 0, fmt.Errorf("pinlab static: %w", err)
		}
	}
	n := 0
	filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n, nil
}

// headersFile is the _headers format read by several static hosts: the same
// security headers the server sends, on every path.
func headersFile(prefix string) string {
	set := securityHeaderSet()
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s/*\n", prefix)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s: %s\n", k, set[k])
	}
	fmt.Fprintf(&b, "%s/web/app.wasm\n  Content-Type: application/wasm\n", prefix)
	return b.String()
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
