//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestCLIScripts runs the scripts in testdata/script, as age and smallstep
// test their CLIs: each one runs pinlab the way a person or a script does.
// The certificate fixtures of pinlib are copied into each script's $WORK.
func TestCLIScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			for _, dir := range []string{"vectors", "openssl"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, dir), os.DirFS(filepath.Join("pinlib", "testdata", dir))); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
