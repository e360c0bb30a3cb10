// Command gen renders the lessons in content/lessons/*.md into
// content/lessons_gen.go: run `go generate ./content` (or make content)
// after editing a lesson. A test fails when the file is out of date.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	src, err := Generate(os.DirFS(filepath.Join(dir, "lessons")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(dir, "lessons_gen.go"), src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
