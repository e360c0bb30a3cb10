package pinlib

import (
	"errors"
	"testing"
)

// TestParseBackupPin: a pin of the chain is refused with whose key it is,
// in every notation; a key outside the chain and malformed pins behave as
// ParsePin says.
func TestParseBackupPin(t *testing.T) {
	chain, _ := fixtureChain(t)
	b := ReadAt(testNow, Input{Name: "chain.pem", Data: chain})
	two := newChain3(t)
	twoInters := ReadAt(testNow, Input{Name: "paste", Data: pemOf(two.leaf, two.inter, mint(t, spec{cn: "Other Inter", ca: true, pathLen: -1}, two.root))})
	otherInter := twoInters.Certificates[len(twoInters.Certificates)-1]
	outside := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	tests := []struct {
		name    string
		b       *Bundle
		pin     string
		want    string // the error, "" for none
		inChain bool
	}{
		{"the intermediate, bare base64", b, b.Certificates[1].Pins.SPKISHA256Base64(),
			"pinlib: that is the intermediate's own key; a backup must be a key that is not in the current chain", true},
		{"the leaf, OkHttp form", b, b.Certificates[0].Pins.OkHttp(),
			"pinlib: that is the leaf's own key; a backup must be a key that is not in the current chain", true},
		{"the root, HPKP form", b, b.Certificates[2].Pins.HPKP(),
			"pinlib: that is the root's own key; a backup must be a key that is not in the current chain", true},
		{"one of two intermediates is named", twoInters, otherInter.Pins.Curl(),
			"pinlib: that is the own key of " + string(otherInter.Role) + " " + otherInter.Name() + "; a backup must be a key that is not in the current chain", true},
		{"a key outside the chain", b, outside, "", false},
		{"no chain", nil, outside, "", false},
		{"hex is refused as ParsePin refuses it", b, b.Certificates[1].Pins.CertSHA256Hex(), "hex", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := ParseBackupPin(tt.b, tt.pin)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.want == "":
				if len(sum) != 32 {
					t.Errorf("sum %x", sum)
				}
			case err == nil:
				t.Fatalf("no error, want %q", tt.want)
			case tt.inChain && err.Error() != tt.want:
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			case !tt.inChain && !errors.Is(err, ErrInvalidPin):
				t.Errorf("error %v, want ErrInvalidPin", err)
			}
			if got := errors.Is(err, ErrBackupInChain); got != tt.inChain {
				t.Errorf("errors.Is(ErrBackupInChain) = %v", got)
			}
		})
	}
}
