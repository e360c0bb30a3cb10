//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"pinlab/pinlib/sim"
)

// rcRunCurl runs the curl export's command line as printed, through bash,
// with options appended that only point it at the loopback server and the
// profile's roots (an empty --capath keeps the system's roots out). For
// the policy none it is the same command without --pinnedpubkey.
func rcRunCurl(ctx context.Context, dir string, cells []*rcCell, ports map[string]int, roots map[string]string) error {
	capath, err := os.MkdirTemp(dir, "capath")
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var errs []error
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, c := range cells {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			line := strings.TrimSpace(c.Export)
			if line == "" {
				line = fmt.Sprintf("curl https://%s/", sim.Host)
			}
			line += fmt.Sprintf(" --cacert %s --capath %s --connect-to %s:443:127.0.0.1:%d --noproxy '*'",
				roots[c.Trust], capath, sim.Host, ports[c.Scenario])
			code, msg, err := labRun(ctx, dir, line)
			switch {
			case err == nil && code == 0:
				c.Got = rcVerdict{Connected: true}
			// curl's exit codes: 60 the peer's certificate (chain or
			// name) cannot be verified, 90 --pinnedpubkey does not match.
			case err == nil && code == 60:
				c.Got = rcVerdict{Stage: "trust", Detail: msg}
			case err == nil && code == 90:
				c.Got = rcVerdict{Stage: "pins", Detail: msg}
			default:
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: curl failed (exit %d, %v): %s", c, code, err, msg))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
