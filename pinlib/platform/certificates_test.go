package platform

import (
	"testing"
	"time"

	"pinlab/pinlib"
)

func TestPolicyCertificates(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	b := demoBundle(t, now)
	tests := []struct {
		pick    []string
		backups []string
		want    []pinlib.Role
	}{
		{nil, nil, []pinlib.Role{pinlib.RoleIntermediate}}, // the default choice
		{[]string{"root", "leaf"}, nil, []pinlib.Role{pinlib.RoleRoot, pinlib.RoleLeaf}},
		{[]string{"leaf"}, []string{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, []pinlib.Role{pinlib.RoleLeaf}}, // a bare backup has no certificate
	}
	for _, tc := range tests {
		p, err := Choose(b, Selection{Host: "api.example.test", Pick: tc.pick, BackupPins: tc.backups, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Certificates(b)
		if len(got) != len(tc.want) {
			t.Fatalf("pick %v: %d certificates, want %d", tc.pick, len(got), len(tc.want))
		}
		for i, c := range got {
			if c.Role != tc.want[i] {
				t.Errorf("pick %v: certificate %d is the %s, want the %s", tc.pick, i, c.Role, tc.want[i])
			}
		}
	}
}
