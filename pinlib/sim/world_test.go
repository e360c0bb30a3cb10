package sim

import (
	"os"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
)

func ownWorld(t testing.TB, now time.Time, inputs ...pinlib.Input) *World {
	t.Helper()
	w, err := NewWorldFromChain(now, pinlib.ReadAt(now, inputs...))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func demoInputs(t testing.TB, made time.Time) []pinlib.Input {
	t.Helper()
	in, err := samples.DemoChain(made)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func opensslInputs(t testing.TB) []pinlib.Input {
	t.Helper()
	b, err := os.ReadFile("../testdata/openssl/chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	return []pinlib.Input{{Name: "chain.pem", Data: b}}
}

// A person's own chain behaves like the generated one: its certificates
// are presented as given and pinned from, and the scenarios that need its
// CA's keys run on look-alikes. It sends its root, so only the naive
// client's root-spki column differs from the spec.
func TestNewWorldFromChain(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	worlds := map[string]*World{
		"demo":    ownWorld(t, now, demoInputs(t, now)...),
		"openssl": ownWorld(t, now, opensslInputs(t)...), // RSA leaf, ECDSA look-alikes
	}
	if got := worlds["openssl"].ServerName; got != "leaf.pinlab.test" {
		t.Errorf("openssl server name %q", got)
	}
	if got := worlds["demo"].ServerName; got != Host {
		t.Errorf("demo server name %q", got)
	}
	for name, w := range worlds {
		if !w.Own || name == "demo" && !w.Clock.Equal(now) {
			t.Errorf("%s: own %v clock %v", name, w.Own, w.Clock)
		}
		for _, client := range Clients {
			for i, row := range spec[client] {
				for _, mode := range []Mode{Hard, Soft} {
					want := strings.Fields(row.hard)
					if mode == Soft {
						want = strings.Fields(row.soft)
					}
					for j, policy := range Policies {
						r, err := w.Run(Case{Client: client, Scenario: Scenarios[i], Policy: policy, Mode: mode})
						if err != nil {
							t.Fatal(err)
						}
						expect := specCodes[want[j]]
						if o, ok := sendsRoot[Scenarios[i]]; ok && client == "naive" && policy == "root-spki" {
							expect = o[mode]
						}
						if r.Outcome != expect {
							t.Errorf("%s: %s %s %s %s = %s, want %s (%s)", name, client, Scenarios[i], policy, mode, r.Outcome, expect, r.Reason)
						}
						if Scenarios[i] == "baseline" && r.Outcome != Secure && r.Outcome != NotApplicable {
							t.Errorf("%s: baseline %s %s %s = %s", name, client, policy, mode, r.Outcome)
						}
					}
				}
			}
		}
		// Look-alikes are explained where they stand in for the real CA.
		r, _ := w.Run(Case{Client: "android", Scenario: "compromised-issuing-ca", Policy: "intermediate-spki", Mode: Hard})
		if r.Trace[1].Title != StepLookalike || !strings.Contains(r.Trace[1].Detail, "with the same names and new ECDSA P-256 keys") {
			t.Errorf("%s: no look-alike step: %+v", name, r.Trace[1])
		}
		r, _ = w.Run(Case{Client: "android", Scenario: "baseline", Policy: "leaf-spki", Mode: Hard})
		for _, st := range r.Trace {
			if st.Title == StepLookalike {
				t.Errorf("%s: baseline uses look-alikes", name)
			}
		}
	}
}

// sendsRoot is how the naive client's root-spki column changes when the
// real server sends its root, as these pasted chains do: the root pin is
// then in the chain as sent, for the real server and for a leaf mis-issued
// by its own CA alike.
var sendsRoot = map[string]map[Mode]Outcome{
	"baseline":                {Hard: Secure, Soft: Secure},
	"compromised-issuing-ca":  {Hard: Intercepted, Soft: Intercepted},
	"leaf-renewed-same-key":   {Hard: Secure, Soft: Secure},
	"leaf-renewed-new-key":    {Hard: Secure, Soft: Secure},
	"leaf-renewed-backup-key": {Hard: Secure, Soft: Secure},
	"intermediate-rotated":    {Hard: Secure, Soft: Secure},
}

// The pins come from the pasted certificates' real keys.
func TestNewWorldFromChainPinsRealKeys(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	b := pinlib.ReadAt(now, opensslInputs(t)...)
	w, err := NewWorldFromChain(now, b)
	if err != nil {
		t.Fatal(err)
	}
	for policy, role := range map[string]pinlib.Role{"leaf-spki": pinlib.RoleLeaf, "intermediate-spki": pinlib.RoleIntermediate, "root-spki": pinlib.RoleRoot} {
		want := b.ByRole(role)[0].Pins.SPKISHA256Base64()
		r, _ := w.Run(Case{Client: "okhttp", Scenario: "baseline", Policy: policy, Mode: Hard})
		found := false
		for _, st := range r.Trace {
			for _, pc := range st.Pins {
				found = found || pc.Pin == want && pc.Match
			}
		}
		if !found {
			t.Errorf("%s: no matching check of the real pin %s", policy, want)
		}
	}
}

// An expired paste moves the clock inside its validity.
func TestNewWorldFromChainMovesClock(t *testing.T) {
	made := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	w := ownWorld(t, now, demoInputs(t, made)...)
	if w.Clock.Year() != 2015 || len(w.Notes) == 0 {
		t.Fatalf("clock %v notes %v", w.Clock, w.Notes)
	}
	for _, policy := range Policies {
		r, _ := w.Run(Case{Client: "android", Scenario: "baseline", Policy: policy, Mode: Hard})
		if r.Outcome != Secure && r.Outcome != NotApplicable {
			t.Errorf("%s: %s (%s)", policy, r.Outcome, r.Reason)
		}
	}
}

func TestNewWorldFromChainErrors(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	b := pinlib.ReadAt(now, demoInputs(t, now)...)
	rootOnly := &pinlib.Bundle{Certificates: b.ByRole(pinlib.RoleRoot)}
	if _, err := NewWorldFromChain(now, rootOnly); err == nil || !strings.Contains(err.Error(), "no leaf") {
		t.Errorf("root only: %v", err)
	}
	leafOnly := pinlib.ReadAt(now, pinlib.Input{Name: "leaf", Data: []byte(strings.SplitAfter(string(demoInputs(t, now)[0].Data), "-----END CERTIFICATE-----\n")[0])})
	if _, err := NewWorldFromChain(now, leafOnly); err == nil || !strings.Contains(err.Error(), "without its issuer") {
		t.Errorf("leaf only: %v", err)
	}
	if _, err := NewWorldFromChain(now, nil); err == nil {
		t.Error("nil bundle accepted")
	}
}

// The notes say how the world differs from the chain as pasted, and stay
// quiet when nothing differs.
func TestNewWorldFromChainNotes(t *testing.T) {
	now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC) // inside the openssl chain's validity
	file := func(name string) pinlib.Input {
		data, err := os.ReadFile("../testdata/vectors/trustkit/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return pinlib.Input{Name: name, Data: data}
	}
	cases := []struct {
		name   string
		inputs []pinlib.Input
		want   []string // a fragment of each note, in order
	}{
		{"a whole valid chain: none", opensslInputs(t), nil},
		{"leaf signed by the root", []pinlib.Input{file("www.good.com.der"), file("GoodRootCA.der")}, []string{"Testing CA #Rb7Awwu_w6FLK5yN,O=trustme v0.5.3\" directly, with no intermediate"}},
		{"expired: the clock moves", demoInputs(t, time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)), []string{"2015"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := ownWorld(t, now, c.inputs...)
			if len(w.Notes) != len(c.want) {
				t.Fatalf("notes %q, want %d", w.Notes, len(c.want))
			}
			for i, frag := range c.want {
				if !strings.Contains(w.Notes[i], frag) {
					t.Errorf("note %d %q, want %q in it", i, w.Notes[i], frag)
				}
			}
		})
	}
}
