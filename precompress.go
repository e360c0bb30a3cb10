//go:build tools

// The "tools" tag (never set in a build) keeps this file out of the app and
// the server, while go mod tidy still sees its imports; go run with the file
// named builds it on its own.

// precompress writes FILE.br (brotli, best quality) and FILE.gz (gzip, best
// compression) next to each FILE given. It runs at build time, in Go, so a
// fresh machine needs nothing but Go: go run precompress.go web/app.wasm
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run precompress.go FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := precompress(name); err != nil {
			fmt.Fprintf(os.Stderr, "precompress: %s: %v\n", name, err)
			os.Exit(1)
		}
	}
}

func precompress(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	sizes := make([]int, 2)
	encode := func(i int, ext string, newWriter func(io.Writer) io.WriteCloser) {
		defer wg.Done()
		var buf bytes.Buffer
		w := newWriter(&buf)
		if _, err := w.Write(raw); err != nil {
			errs[i] = err
			return
		}
		if err := w.Close(); err != nil {
			errs[i] = err
			return
		}
		sizes[i] = buf.Len()
		// Write then rename, so a half-written file is never served.
		tmp := name + ext + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			errs[i] = err
			return
		}
		errs[i] = os.Rename(tmp, name+ext)
	}
	wg.Add(2)
	go encode(0, ".br", func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterLevel(w, brotli.BestCompression)
	})
	go encode(1, ".gz", func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Printf("%s: %d bytes raw, %d gzip, %d brotli\n", name, len(raw), sizes[1], sizes[0])
	return nil
}
