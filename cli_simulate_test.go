//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"pinlab/pinlib/sim"
)

// TestSimulateJSONEveryClient runs `pinlab simulate --json` for every
// client and mode: a full matrix comes out, equal cell for cell to the
// engine's (whose spec table in pinlib/sim ties each cell to its rule).
func TestSimulateJSONEveryClient(t *testing.T) {
	w, err := sim.NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, client := range sim.Clients {
		for _, mode := range []sim.Mode{sim.Hard, sim.Soft} {
			args := []string{"simulate", "--json", "--client", client}
			if mode == sim.Soft {
				args = append(args, "--soft-fail")
			}
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
			}
			var got struct {
				Client    string                       `json:"client"`
				Mode      string                       `json:"mode"`
				Scenarios []string                     `json:"scenarios"`
				Policies  []string                     `json:"policies"`
				Outcomes  map[string]map[string]string `json:"outcomes"`
				Reasons   map[string]map[string]string `json:"reasons"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			want, err := w.Matrix(client, mode)
			if err != nil {
				t.Fatal(err)
			}
			if got.Client != client || got.Mode != string(mode) || len(got.Scenarios) != 14 || len(got.Policies) != 6 {
				t.Fatalf("%s %s: header %q %q, %d scenarios, %d policies", client, mode, got.Client, got.Mode, len(got.Scenarios), len(got.Policies))
			}
			for _, s := range sim.Scenarios {
				for _, p := range sim.Policies {
					if got.Outcomes[s][p] != string(want.Outcomes[s][p]) || got.Reasons[s][p] == "" {
						t.Errorf("%s %s %s/%s: CLI %q (reason %q), engine %q", client, mode, s, p, got.Outcomes[s][p], got.Reasons[s][p], want.Outcomes[s][p])
					}
				}
			}
		}
	}
}
