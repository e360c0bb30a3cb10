package samples

import (
	"testing"
	"time"

	"pinlab/pinlib"
)

func TestSamples(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		id        string
		certs     int
		shape     pinlib.Shape
		firstRole pinlib.Role
		firstPin  string // from pinlib/testdata/vectors/PINS.tsv (openssl); "" when generated
	}{
		// The GlobalSign leaf was issued by the EV intermediate, not the DV
		// one beside it: verified signatures say so, names alone would not.
		{"globalsign", 3, pinlib.ShapeChains, "", ""},
		{"letsencrypt", 10, pinlib.ShapeChains, pinlib.RoleIntermediate, ""},
		{"superfish", 1, pinlib.ShapeSingle, pinlib.RoleRoot, "S7jzW6HhJvjd4bDEIGJe2G3OYae92tveqauleP8TFF4="},
		{"demo", 3, pinlib.ShapeChain, pinlib.RoleLeaf, ""},
	}
	for _, tc := range tests {
		s, ok := ByID(tc.id)
		if !ok {
			t.Fatalf("no sample %q", tc.id)
		}
		in, err := s.Inputs(now)
		if err != nil {
			t.Fatal(err)
		}
		b := pinlib.ReadAt(now, in...)
		if b.Err() != nil || len(b.Errors) > 0 {
			t.Fatalf("%s: %v %v", tc.id, b.Err(), b.Errors)
		}
		if len(b.Certificates) != tc.certs || b.Shape != tc.shape {
			t.Errorf("%s: %d certificates, shape %s; want %d, %s", tc.id, len(b.Certificates), b.Shape, tc.certs, tc.shape)
		}
		if tc.firstRole != "" && b.Certificates[0].Role != tc.firstRole {
			t.Errorf("%s: first role %s, want %s", tc.id, b.Certificates[0].Role, tc.firstRole)
		}
		if tc.firstPin != "" && b.Certificates[0].Pins.SPKISHA256Base64() != tc.firstPin {
			t.Errorf("%s: pin %s, want %s", tc.id, b.Certificates[0].Pins.SPKISHA256Base64(), tc.firstPin)
		}
	}
}

func TestDemoChainIsFreshAndValid(t *testing.T) {
	now := time.Now()
	a, err := DemoChain(now)
	if err != nil {
		t.Fatal(err)
	}
	b := pinlib.ReadAt(now, a...)
	if b.Shape != pinlib.ShapeChain || len(b.Certificates) != 3 {
		t.Fatalf("demo chain: shape %s, %d certs", b.Shape, len(b.Certificates))
	}
	for _, w := range b.Warnings {
		if w.Severity == pinlib.SeverityWarning {
			t.Errorf("demo chain warning: %s: %s", w.Code, w.Message)
		}
	}
	leaf := b.Certificates[0]
	if got := leaf.SANs(); len(got) != 1 || got[0] != "DNS:"+DemoHost {
		t.Errorf("leaf SANs %v", got)
	}
	again, _ := DemoChain(now)
	if pinlib.ReadAt(now, again...).Certificates[0].Pins.SPKISHA256Base64() == leaf.Pins.SPKISHA256Base64() {
		t.Error("two demo chains share a leaf key")
	}
	if _, ok := ByID("nope"); ok {
		t.Error("ByID found a sample that does not exist")
	}
}
