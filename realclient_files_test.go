//go:build !wasm

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"text/template"
)

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
