package sim

import (
	"testing"
	"time"
)

// BenchmarkMatrix is one client's whole matrix (14 scenarios x 6 policies),
// hard-fail: the budget is 100 ms natively, 500 ms in the browser's wasm.
// BenchmarkMatrix is one client's full matrix (14 scenarios x 6 policies)
// on a fresh world's first use: every verification runs. Budget: under
// 100 ms natively, under 500 ms in the wasm in Chromium.
func BenchmarkMatrix(b *testing.B) {
	w := testWorld(b)
	b.ResetTimer()
	for b.Loop() {
		w.verified = nil // as on a fresh world
		if _, err := w.Matrix("android", Hard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatrixAgain is the matrix once the world has verified each
// presented chain: switching mode or policy on the page.
func BenchmarkMatrixAgain(b *testing.B) {
	w := testWorld(b)
	if _, err := w.Matrix("android", Hard); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := w.Matrix("android", Soft); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewWorld(b *testing.B) {
	now := time.Now()
	for b.Loop() {
		if _, err := NewWorld(now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewWorldFromChain(b *testing.B) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	in := opensslInputs(b)
	for b.Loop() {
		ownWorld(b, now, in...)
	}
}
