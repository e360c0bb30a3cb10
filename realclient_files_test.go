//go:build !wasm

package main

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"text/template"

	"pinlab/pinlib/sim"
)

// rcRootFiles writes each trust profile's roots as a PEM file, which every
// client reads: curl --cacert, the Go program's root pool, Java's
// truststore.
func rcRootFiles(t *testing.T, w *sim.World, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for trust, client := range rcSimClientOf {
		roots, err := w.Roots(client)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("roots-%s.pem", client))
		if err := os.WriteFile(name, rcPEM(roots...), 0o644); err != nil {
			t.Fatal(err)
		}
		files[trust] = name
	}
	return files
}

// rcRender writes a harness from its template in testdata/realclient.
func rcRender(name string, data any, file string) error {
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "realclient", name))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return err
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}

// rcPEM encodes certificates as PEM, the form every client reads.
func rcPEM(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}
