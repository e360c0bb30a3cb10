package platform

import (
	"slices"
	"testing"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
)

// TestSamplesExport: for every sample chain, every format exports with the
// default choice plus a backup, and the pins it writes are the chosen ones.
func TestSamplesExport(t *testing.T) {
	for _, s := range samples.All {
		t.Run(s.ID, func(t *testing.T) {
			inputs, err := s.Inputs(testNow)
			if err != nil {
				t.Fatal(err)
			}
			b := pinlib.ReadAt(testNow, inputs...)
			sel := Selection{Host: "api.example.test", BackupPins: []string{backupPin}, Now: testNow}
			if b.Leaf() == nil {
				sel.Pick = []string{"0"}
			}
			p, err := Choose(b, sel)
			if err != nil {
				t.Fatal(err)
			}
			want := pinStrings(p)
			if len(want) < 2 || want[len(want)-1] != backupPin {
				t.Fatalf("pins %v", want)
			}
			for _, pf := range All {
				files, lints := pf.Config(p)
				f, ok := Primary(files)
				if !ok {
					t.Errorf("%s: no primary file; lints %v", pf.ID(), lints)
					continue
				}
				for _, pin := range want {
					if pf.ID() == "alamofire" || pf.ID() == "afnetworking" {
						break // these bundle certificate files instead of hashes
					}
					if !slices.Contains(splitWords(string(f.Content)), pin) {
						t.Errorf("%s: pin %s not written", pf.ID(), pin)
					}
				}
			}
		})
	}
}

// splitWords cuts text at everything that cannot be part of a base64 pin.
func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		in := i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '/' || s[i] == '=')
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			// Each word, and each word without a pin prefix: a pin can
			// itself start with "/", so "sha256//x" may be "sha256/" + "/x".
			w := s[start:i]
			out = append(out, w)
			for _, p := range []string{"sha256//", "sha256/", "pin-sha256="} {
				if len(w) > len(p) && w[:len(p)] == p {
					out = append(out, w[len(p):])
				}
			}
			start = -1
		}
	}
	return out
}
