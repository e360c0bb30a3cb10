package sim

import (
	"crypto/ecdsa"
	"testing"
	"time"
)

// A real server can replay every scenario of a generated world only when
// the world holds the key of each presented leaf.
func TestSceneKeyProvesPresentedLeaf(t *testing.T) {
	w, err := NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range Scenarios {
		s, err := w.Scene(id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Key == nil {
			t.Errorf("%s: no key for the presented leaf", id)
			continue
		}
		pub, ok := s.Presented[0].PublicKey.(*ecdsa.PublicKey)
		if !ok || !pub.Equal(s.Key.Public()) {
			t.Errorf("%s: the key does not match the presented leaf %q", id, s.Presented[0].Subject.CommonName)
		}
	}
	if _, err := w.Scene("nope"); err == nil {
		t.Error("unknown scenario: no error")
	}
	if _, err := w.Roots("nope"); err == nil {
		t.Error("unknown client: no error")
	}
	sys, _ := w.Roots("okhttp")
	both, _ := w.Roots("android-legacy")
	if len(both) != len(sys)+1 {
		t.Errorf("android-legacy trusts %d roots, okhttp %d: want the proxy's root more", len(both), len(sys))
	}
}
