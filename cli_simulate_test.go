//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"strings"
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

// simulateOut runs `pinlab simulate` for client, hard or soft, as JSON or
// as the table.
func simulateOut(t *testing.T, client string, soft, asJSON bool) string {
	t.Helper()
	args := []string{"simulate", "--client", client}
	if soft {
		args = append(args, "--soft-fail")
	}
	if asJSON {
		args = append(args, "--json")
	}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
	}
	return stdout.String()
}

// tableRows are the table's lines from the SCENARIO header on.
func tableRows(out string) string {
	_, rows, _ := strings.Cut(out, "SCENARIO")
	return rows
}

// A client with no soft-fail mode prints its hard-fail matrix in soft
// mode, in the JSON and in the table, and says so: in every cell's reason
// and above the table. TrustKit and naive really soft-fail; TrustKit's
// hard table says that it reports all the same.
func TestSimulateSoftFailMode(t *testing.T) {
	tests := []struct {
		client   string
		softFail bool
		hardNote string // a phrase above the hard table, "" for none
		softNote string // a phrase above the soft table
	}{
		{"android", false, "", "android has no soft-fail mode"},
		{"android-legacy", false, "", "android-legacy has no soft-fail mode"},
		{"android-debug", false, "", "android-debug has no soft-fail mode"},
		{"ios", false, "", "ios has no soft-fail mode: NSPinnedDomains blocks"},
		{"okhttp", false, "", "okhttp has no soft-fail mode: OkHttp's CertificatePinner blocks"},
		{"afnetworking", false, "", "afnetworking has no soft-fail mode"},
		{"trustkit", true, "trustkit reports whether or not it enforces", "kTSKEnforcePinning false"},
		{"naive", true, "", "naive is custom code"},
	}
	type matrix struct {
		Outcomes map[string]map[string]string `json:"outcomes"`
		Reasons  map[string]map[string]string `json:"reasons"`
	}
	for _, tc := range tests {
		var hard, soft matrix
		if err := json.Unmarshal([]byte(simulateOut(t, tc.client, false, true)), &hard); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(simulateOut(t, tc.client, true, true)), &soft); err != nil {
			t.Fatal(err)
		}
		changed := 0
		for _, s := range sim.Scenarios {
			for _, p := range sim.Policies {
				if soft.Outcomes[s][p] != hard.Outcomes[s][p] {
					changed++
				}
				if r := soft.Reasons[s][p]; !tc.softFail && !strings.Contains(r, "no soft-fail mode") {
					t.Errorf("%s soft %s/%s: reason %q does not say there is no soft-fail mode", tc.client, s, p, r)
				}
			}
		}
		if tc.softFail != (changed > 0) {
			t.Errorf("%s: %d cells differ between soft and hard mode", tc.client, changed)
		}
		hardTable, softTable := simulateOut(t, tc.client, false, false), simulateOut(t, tc.client, true, false)
		if !tc.softFail && tableRows(softTable) != tableRows(hardTable) {
			t.Errorf("%s: the soft table differs from the hard one:\n%s\n%s", tc.client, softTable, hardTable)
		}
		if !strings.Contains(softTable, tc.softNote) {
			t.Errorf("%s soft table lacks %q:\n%s", tc.client, tc.softNote, softTable)
		}
		head, _, _ := strings.Cut(hardTable, "SCENARIO")
		if tc.hardNote == "" && strings.TrimSpace(head) != "client "+tc.client+", hard-fail" || !strings.Contains(head, tc.hardNote) {
			t.Errorf("%s hard table head %q, want %q", tc.client, head, tc.hardNote)
		}
	}
}
