package sim

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"maps"
	"slices"
	"testing"
	"time"
)

// A lab's world, for its own names, decides every cell as the plain world
// does, and every leaf for the host names all of them.
func TestNewWorldWithNames(t *testing.T) {
	now := time.Now()
	names := []string{"lab.pinlab.test", "pinlab.local", "127.0.0.1", "::1"}
	lab, err := NewWorldWith(now, Setup{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := NewWorld(now)
	if err != nil {
		t.Fatal(err)
	}
	if lab.ServerName != "lab.pinlab.test" {
		t.Errorf("server name %q", lab.ServerName)
	}
	for _, client := range Clients {
		for _, mode := range []Mode{Hard, Soft} {
			a, err := lab.Matrix(client, mode)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := plain.Matrix(client, mode)
			for _, s := range Scenarios {
				if !maps.Equal(a.Outcomes[s], b.Outcomes[s]) {
					t.Errorf("%s %s %s: lab %v, plain %v", client, mode, s, a.Outcomes[s], b.Outcomes[s])
				}
			}
		}
	}
	for _, id := range LabScenarios {
		sc, err := lab.Scene(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			err := sc.Presented[0].VerifyHostname(n)
			if id == "wrong-host" && err == nil || id != "wrong-host" && err != nil {
				t.Errorf("%s: the leaf for %s: %v", id, n, err)
			}
		}
	}
}

// LabScenarios are exactly the scenarios whose whole story is on the wire:
// not a hooked app, not an app whose pins have expired.
func TestLabScenarios(t *testing.T) {
	w, err := NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, id := range Scenarios {
		sc, _ := w.Scene(id)
		if !sc.Hooked && !sc.PinsExpired {
			want = append(want, id)
		}
	}
	if !slices.Equal(LabScenarios, want) {
		t.Errorf("LabScenarios %v, want %v", LabScenarios, want)
	}
	// Every scenario but the hooked one has a port whose chain is its own.
	for _, id := range Scenarios {
		sc, _ := w.Scene(id)
		served, port := LabServer(id)
		if sc.Hooked {
			if served != "" {
				t.Errorf("%s: served by %s", id, served)
			}
			continue
		}
		other, _ := w.Scene(served)
		if port != LabPort+slices.Index(LabScenarios, served) || !slices.EqualFunc(sc.Presented, other.Presented, func(a, b *x509.Certificate) bool { return a.Equal(b) }) {
			t.Errorf("%s: served by %s on %d, which presents another chain", id, served, port)
		}
	}
}

// Kept material comes back as it was while it fits; a leaf for new names,
// or one about to expire, is made anew with the same key, so pins survive.
func TestNewWorldWithKept(t *testing.T) {
	now := time.Now()
	first, err := NewWorldWith(now, Setup{Names: []string{"lab.pinlab.test", "127.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	made := first.Material()
	if len(made) != 20 {
		t.Fatalf("%d certificates made, want 20", len(made))
	}
	tests := []struct {
		name      string
		at        time.Time
		names     []string
		sameCerts []string // roles whose certificate must be the same
		newCerts  []string // roles whose certificate must be new, with the same key
	}{
		{"restart", now.Add(time.Hour), []string{"lab.pinlab.test", "127.0.0.1"}, roles(made), nil},
		{"new address", now.Add(time.Hour), []string{"lab.pinlab.test", "10.0.0.7"},
			[]string{"root A", "issuing CA A1", "root B", "issuing CA B1", "root C", "issuing CA C1", "proxy root", "backup", "wrong-host leaf", "issuing CA A2"},
			[]string{"leaf", "proxy leaf", "rogue leaf", "mis-issued leaf", "self-signed leaf", "same-key leaf", "new-key leaf", "backup-key leaf", "rotated leaf", "switched leaf"}},
		{"leaves expire", now.AddDate(0, 0, 85), []string{"lab.pinlab.test", "127.0.0.1"},
			[]string{"root A", "issuing CA A1", "proxy root", "proxy leaf", "backup"},
			[]string{"leaf", "rogue leaf", "same-key leaf", "new-key leaf", "wrong-host leaf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := NewWorldWith(tt.at, Setup{Names: tt.names, Kept: made})
			if err != nil {
				t.Fatal(err)
			}
			again := map[string]Material{}
			for _, m := range w.Material() {
				again[m.Role] = m
			}
			before := map[string]Material{}
			for _, m := range made {
				before[m.Role] = m
			}
			for _, r := range tt.sameCerts {
				if !bytes.Equal(again[r].Cert.Raw, before[r].Cert.Raw) {
					t.Errorf("%s: a new certificate", r)
				}
			}
			for _, r := range tt.newCerts {
				if bytes.Equal(again[r].Cert.Raw, before[r].Cert.Raw) {
					t.Errorf("%s: the old certificate kept", r)
				}
				if !again[r].Cert.PublicKey.(*ecdsa.PublicKey).Equal(before[r].Cert.PublicKey) {
					t.Errorf("%s: a new key", r)
				}
			}
			for _, n := range tt.names {
				if err := w.real.leaf.VerifyHostname(n); err != nil {
					t.Errorf("the leaf: %v", err)
				}
			}
			// The kept world decides as a fresh one.
			m, err := w.Matrix("android-legacy", Hard)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := first.Matrix("android-legacy", Hard)
			for _, s := range Scenarios {
				if !maps.Equal(m.Outcomes[s], f.Outcomes[s]) {
					t.Errorf("%s: %v, fresh %v", s, m.Outcomes[s], f.Outcomes[s])
				}
			}
		})
	}
}

func roles(ms []Material) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Role)
	}
	return out
}

func TestNewWorldWithBadNames(t *testing.T) {
	for _, names := range [][]string{{"127.0.0.1", "lab.test"}, {"lab.test", "a b"}, {"lab.test", "https://x"}, {"-lab.test"}, {""}} {
		if _, err := NewWorldWith(time.Now(), Setup{Names: names}); err == nil {
			t.Errorf("%q: no error", names)
		}
	}
}
