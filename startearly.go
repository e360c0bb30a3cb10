//go:build !wasm

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"strconv"
)

// compileWorker downloads and compiles the wasm off the page's main
// thread (web/compile.js).
const compileWorker = "/web/compile.js"

// wasmCompileJS starts the wasm's download and compilation in a worker
// (web/compile.js) as the first thing the page does, long before the
// deferred scripts run. On the page's own thread the compile competed with
// parsing and the first layout for the only thread they have, and the
// download stalled: the browser buffers only about 2 MB of a response
// nobody reads yet, and the wasm is 14 MB decoded. The checks are
// goappCanLoadWebAssembly's (app.js), which has not loaded yet: the static
// export serves this page with ?wasm=false and to robots too. start.js
// instantiates the module, or compiles the wasm itself when this failed.
// The worker's URL is the script element's data, so the script's text, and
// the hash the CSP allows it by, are the same under any prefix; the worker
// finds app.wasm beside itself.
const wasmCompileJS = `(() => {
"use strict";
const source = document.currentScript;
if (window.Worker && !/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
    new URLSearchParams(location.search).get("wasm") !== "false") {
  // Marks on the page's timeline: start.js moves its progress line on
  // them, BenchmarkStartup reads them.
  const mark = (name, t) => performance.mark(name, t === undefined ? {} : { startTime: t - performance.timeOrigin });
  const compiled = new Promise((resolve, reject) => {
    const worker = new Worker(new URL(source.dataset.worker, location.href));
    worker.onmessage = ({ data }) => {
      if (data.timing) {
        mark("pinlab:wasm-requested", data.timing.requested);
        mark("pinlab:wasm-received", data.timing.received);
      } else if (data.module) {
        mark("pinlab:wasm-compiled");
        resolve(data.module);
      } else {
        reject(new Error(data.error));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(event.message || "the compiler worker did not start"));
    };
  });
  // start.js reports a failure; until it asks, the rejection is handled.
  compiled.catch(() => {});
  self.pinlabWasm = compiled;
}
})();
`

// earlyScript is wasmCompileJS as the page's head carries it.
func earlyScript(workerURL string) []byte {
	return fmt.Appendf(nil, `<script data-worker="%s">`+"\n%s</script>", html.EscapeString(workerURL), wasmCompileJS)
}

// wasmCompileHash is the CSP source that allows earlyScript and no other
// inline script.
var wasmCompileHash = func() string {
	sum := sha256.Sum256([]byte("\n" + wasmCompileJS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// headFirst puts the early script first in a page's head, right after its
// charset: a script after a stylesheet waits for it, and go-app writes the
// stylesheets before anything pinlab can add to the head (RawHeaders come
// last). Pages without that head are returned as they are.
func headFirst(page, script []byte) []byte {
	const charset = `<meta charset="UTF-8">`
	i := bytes.Index(page, []byte(charset))
	if i < 0 {
		return page
	}
	i += len(charset)
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// earlyPages serves go-app's pages with the early script first in their
// head; every other response passes through as go-app writes it.
type earlyPages struct {
	next   http.Handler
	script []byte
}

func (e earlyPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pw := &pageWriter{ResponseWriter: w}
	e.next.ServeHTTP(pw, r)
	if pw.page == nil {
		return
	}
	page := headFirst(pw.page.Bytes(), e.script)
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(pw.status)
	w.Write(page)
}

// pageWriter keeps an HTML response to edit it; others go straight out.
type pageWriter struct {
	http.ResponseWriter
	status int
	page   *bytes.Buffer // nil unless the response is a page
	wrote  bool
}

func (p *pageWriter) WriteHeader(code int) {
	if p.wrote {
		return
	}
	p.wrote = true
	p.status = code
	if bytes.HasPrefix([]byte(p.Header().Get("Content-Type")), []byte("text/html")) {
		p.page = &bytes.Buffer{}
		return
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *pageWriter) Write(b []byte) (int, error) {
	if !p.wrote {
		p.WriteHeader(http.StatusOK)
	}
	if p.page != nil {
		return p.page.Write(b)
	}
	return p.ResponseWriter.Write(b)
}
