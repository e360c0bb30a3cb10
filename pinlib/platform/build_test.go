//go:build !js

package platform

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoOutputBuilds compiles the Go export, and a program that uses it, in
// a temporary module for every option combination.
func TestGoOutputBuilds(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out := primary(t, "go", mustChoose(t, c.sel))
			write := func(name, content string) {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("go.mod", "module example.test/app\n\ngo 1.22\n")
			write("pinning/pinning.go", out)
			write("main.go", `package main

import (
	"net/http"

	"example.test/app/pinning"
)

func main() {
	_ = &http.Client{Transport: &http.Transport{TLSClientConfig: pinning.TLSConfig()}}
}
`)
			cmd := exec.Command(goTool, "vet", "./...")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go vet: %v\n%s\n%s", err, msg, out)
			}
			cmd = exec.Command(goTool, "build", "-o", os.DevNull, "./...")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s\n%s", err, msg, strings.TrimSpace(out))
			}
		})
	}
}
