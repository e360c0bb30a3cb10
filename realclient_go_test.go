//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"pinlab/pinlib/sim"
)

// rcBuildGo writes every distinct Go export, byte for byte as printed, as
// pinning.go in its own package of a module that uses only the standard
// library, with a main that connects through each, and builds it once.
func rcBuildGo(ctx context.Context, dir string, exports []string) (string, error) {
	mod := filepath.Join(dir, "goharness")
	for i, e := range exports {
		pkg := filepath.Join(mod, fmt.Sprintf("e%d", i))
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(pkg, "pinning.go"), []byte(e), 0o644); err != nil {
			return "", err
		}
	}
	if err := rcRender("main.go.tmpl", exports, filepath.Join(mod, "main.go")); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module harness\n\ngo 1.26\n"), 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "goharness.bin")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("the Go exports do not build as printed: %v\n%s", err, out)
	}
	return bin, nil
}

// rcRunGo runs the built program over the Go cells, all in one process.
func rcRunGo(ctx context.Context, bin string, cells []*rcCell, ports map[string]int, roots map[string]string) error {
	type in struct {
		ID, Export, Port int
		Host, Roots      string
	}
	var input []in
	byID := map[int]*rcCell{}
	for _, c := range cells {
		input = append(input, in{ID: c.ID, Export: c.ExportNo, Port: ports[c.Scenario], Host: sim.Host, Roots: roots[c.Trust]})
		byID[c.ID] = c
	}
	data, err := json.Marshal(input)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("the Go harness failed: %v\n%s", err, stderr.Bytes())
	}
	var results []struct {
		ID                   int
		Connected            bool
		Stage, Detail, Error string
	}
	if err := json.Unmarshal(out, &results); err != nil {
		return fmt.Errorf("the Go harness: %w", err)
	}
	var errs []error
	for _, r := range results {
		c := byID[r.ID]
		if r.Error != "" {
			errs = append(errs, fmt.Errorf("%s: %s", c, r.Error))
			continue
		}
		c.Got = rcVerdict{Connected: r.Connected, Stage: r.Stage, Detail: r.Detail}
	}
	return errors.Join(errs...)
}
