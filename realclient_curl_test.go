//go:build !wasm

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"pinlab/pinlib/sim"
)

// rcRunCurl runs the curl export's command line as printed, through bash,
// with options appended that only point it at the loopback server and the
// profile's roots (an empty --capath keeps the system's roots out). For
// the policy none it is the same command without --pinnedpubkey.
func rcRunCurl(ctx context.Context, dir string, cells []*rcCell, ports map[string]int, roots map[string]string) error {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "CURL_HOME=" + dir, "XDG_CONFIG_HOME=" + dir}
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
			line += fmt.Sprintf(" --cacert %s --capath %s --connect-to %s:443:127.0.0.1:%d --noproxy '*' -sS -o /dev/null --max-time 30",
				roots[c.Trust], capath, sim.Host, ports[c.Scenario])
			cmd := exec.CommandContext(ctx, "bash", "-c", line)
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			switch {
			case err == nil:
				c.Got = rcVerdict{Connected: true}
			// curl's exit codes: 60 the peer's certificate (chain or
			// name) cannot be verified, 90 --pinnedpubkey does not match.
			case errors.As(err, &exit) && exit.ExitCode() == 60:
				c.Got = rcVerdict{Stage: "trust", Detail: strings.TrimSpace(stderr.String())}
			case errors.As(err, &exit) && exit.ExitCode() == 90:
				c.Got = rcVerdict{Stage: "pins", Detail: strings.TrimSpace(stderr.String())}
			default:
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: curl failed (%v): %s", c, err, strings.TrimSpace(stderr.String())))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
