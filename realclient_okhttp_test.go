//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"pinlab/pinlib/sim"
)

// rcJars is OkHttp 3.13.1 as Debian ships it (libokhttp-java).
var rcJars = []string{"/usr/share/java/okhttp.jar", "/usr/share/java/okio.jar"}

// rcBuildJava pastes every distinct okhttp-java export, as printed, into
// its own method of one class (its imports go to the top of the file, the
// only change Java forces) and compiles that class once.
func rcBuildJava(ctx context.Context, dir string, exports []string) (string, error) {
	var data struct {
		Imports []string
		Bodies  []string
	}
	for _, e := range exports {
		var body []string
		for _, line := range strings.Split(strings.TrimRight(e, "\n"), "\n") {
			if strings.HasPrefix(line, "import ") {
				if !slices.Contains(data.Imports, line) {
					data.Imports = append(data.Imports, line)
				}
				continue
			}
			body = append(body, line)
		}
		data.Bodies = append(data.Bodies, strings.Join(body, "\n"))
	}
	out := filepath.Join(dir, "java")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	file := filepath.Join(out, "Harness.java")
	if err := rcRender("Harness.java.tmpl", data, file); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "javac", "-nowarn", "-cp", strings.Join(rcJars, ":"), "-d", out, file)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("the okhttp-java exports do not compile as printed: %v\n%s", err, msg)
	}
	return out, nil
}

// rcRunJava runs the compiled harness over the OkHttp cells in one JVM.
func rcRunJava(ctx context.Context, classes string, cells []*rcCell, ports map[string]int, roots map[string]string) error {
	var in bytes.Buffer
	byID := map[int]*rcCell{}
	for _, c := range cells {
		fmt.Fprintf(&in, "%d %d %d %s %s\n", c.ID, c.ExportNo, ports[c.Scenario], sim.Host, roots[c.Trust])
		byID[c.ID] = c
	}
	list := filepath.Join(classes, "cells.txt")
	if err := os.WriteFile(list, in.Bytes(), 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "java", "-cp", strings.Join(append([]string{classes}, rcJars...), ":"), "Harness", list)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("the Java harness failed: %v\n%s", err, stderr.Bytes())
	}
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 4)
		id, err := strconv.Atoi(f[0])
		if err != nil || byID[id] == nil || len(f) < 2 {
			return fmt.Errorf("the Java harness said %q", sc.Text())
		}
		c := byID[id]
		switch {
		case f[1] == "connected":
			c.Got = rcVerdict{Connected: true}
		case f[1] == "refused" && len(f) == 4:
			c.Got = rcVerdict{Stage: f[2], Detail: f[3]}
		default:
			errs = append(errs, fmt.Errorf("%s: %s", c, strings.Join(f[1:], " ")))
		}
	}
	return errors.Join(errs...)
}
