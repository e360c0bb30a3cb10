//go:build !wasm

package main

import (
	"strings"
	"testing"

	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// TestWrap: lines of at most the width, broken at spaces only.
func TestWrap(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", ""},
		{"a b c", "a b c"},
		{"aaaa bbbb cccc", "aaaa bbbb\ncccc"},
		{"aaaa  bbbb\ncc", "aaaa bbbb\ncc"},
		{"aaaaaaaaaaaa b", "aaaaaaaaaaaa\nb"},
	}
	for _, c := range cases {
		if got := wrap(c.text, 10); got != c.want {
			t.Errorf("wrap(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestHelpNamesEveryPlatform: config's help lists every format of the
// registry, check's every format it reads, with what that is, and
// simulate's every client of the simulator.
func TestHelpNamesEveryPlatform(t *testing.T) {
	formats := strings.Join(strings.Fields(configHelp), " ")
	for _, id := range platform.IDs() {
		if !strings.Contains(formats, " "+id+",") && !strings.Contains(formats, " "+id+".") {
			t.Errorf("config's help lacks %s", id)
		}
	}
	clients := strings.Join(strings.Fields(simulateHelp), " ")
	for _, id := range sim.Clients {
		if !strings.Contains(clients, " "+id+",") && !strings.Contains(clients, " "+id+".") && !strings.Contains(clients, " "+id+" (default),") {
			t.Errorf("simulate's help lacks %s", id)
		}
	}
	reads := strings.Join(strings.Fields(checkHelp), " ")
	for _, r := range platform.CheckReaders() {
		if !strings.Contains(reads, r.ID+" ("+r.Reads+")") {
			t.Errorf("check's help lacks %s (%s)", r.ID, r.Reads)
		}
	}
}
