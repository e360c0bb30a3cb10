//go:build !wasm

package main

import (
	"slices"
	"testing"

	"pinlab/pinlib/platform"
)

// TestRealClientsRegistry: the exports the real-client suite runs as
// printed are the platforms the registry says have a real client.
func TestRealClientsRegistry(t *testing.T) {
	var want, got []string
	for _, e := range platform.Registry {
		if e.RealClient {
			want = append(want, e.ID())
		}
	}
	for _, id := range rcExportOf {
		got = append(got, id)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the real-client suite runs the exports %v; the registry marks %v as RealClient", got, want)
	}
}
