package app

import (
	"strconv"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// TestPinStateExport: the export Check gets from saved work is the one
// platform.Choose and Config give for the same choice, with pinlib's
// default pick until the person chooses.
func TestPinStateExport(t *testing.T) {
	b := sampleBundle(t, "demo")
	leaf := b.Leaf()
	inter := b.ByRole(pinlib.RoleIntermediate)[0]
	const backup = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	tests := []struct {
		name   string
		st     pinState
		format string
		want   platform.Selection
	}{
		{"defaults: the intermediate", pinState{}, "android",
			platform.Selection{Host: leaf.Cert.DNSNames[0], Pick: []string{itoa(inter.Index)}}},
		{"chosen leaf, a backup, iOS, subdomains", pinState{Chosen: true, Picks: []int{leaf.Index}, Backups: []string{backup}, Subdomains: true, Host: "api.example.test"}, "ios",
			platform.Selection{Host: "api.example.test", Pick: []string{itoa(leaf.Index)}, BackupPins: []string{backup}, IncludeSubdomains: true}},
		{"first unpinned day", pinState{Expires: "2030-01-02"}, "trustkit",
			platform.Selection{Host: leaf.Cert.DNSNames[0], Pick: []string{itoa(inter.Index)}, Expires: time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			st.fillDefaults(b)
			got, err := st.exportOf(b, tt.format, testNow)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Now = testNow
			pol, err := platform.Choose(b, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			plat, _ := platform.ByID(tt.format)
			files, _ := plat.Config(pol)
			want, _ := platform.Primary(files)
			if string(got.Content) != string(want.Content) {
				t.Errorf("export\n%s\nwant\n%s", got.Content, want.Content)
			}
		})
	}
}

// TestChainID: saved work meets only the chain it was made for.
func TestChainID(t *testing.T) {
	demo, gs := sampleBundle(t, "demo"), sampleBundle(t, "globalsign")
	if chainID(demo) == "" {
		t.Error("no id for the demo chain")
	}
	if chainID(demo) == chainID(gs) {
		t.Error("two chains share an id")
	}
	if chainID(nil) != "" || chainID(&pinlib.Bundle{}) != "" {
		t.Error("an input without certificates has an id")
	}
	again := pinlib.ReadAt(testNow, pinlib.Input{Name: "x", Data: []byte(gs.PEM())})
	if chainID(again) != chainID(gs) {
		t.Error("the same certificates read again have another id")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
