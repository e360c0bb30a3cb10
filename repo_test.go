//go:build !wasm

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// maxTrackedFile bounds what the repository holds: sources, fixtures and
// small pictures. Built binaries and the wasm are made by make, never
// committed (a 30 MB binary once was).
const maxTrackedFile = 1 << 20

func TestNoLargeTrackedFiles(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err) // the static export or a source tarball
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		fi, err := os.Lstat(name)
		if err != nil {
			continue // deleted in the work tree
		}
		if fi.Size() > maxTrackedFile {
			t.Errorf("%s is tracked and %d bytes; keep tracked files under %d (build outputs belong in .gitignore)", name, fi.Size(), maxTrackedFile)
		}
	}
}
