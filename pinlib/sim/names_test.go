package sim

import (
	"testing"
	"time"
)

// Every ID has words of its own, distinct from the ID and from each other,
// and every outcome a glyph of its own: a matrix must read without colour.
func TestDisplayNames(t *testing.T) {
	for _, set := range []struct {
		what string
		ids  []string
		name func(string) string
	}{
		{"client", Clients, ClientName},
		{"scenario", Scenarios, ScenarioName},
		{"policy", Policies, PolicyName},
	} {
		seen := map[string]string{}
		for _, id := range set.ids {
			n := set.name(id)
			if n == id || n == "" {
				t.Errorf("%s %q has no display name", set.what, id)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("%s %q and %q are both called %q", set.what, id, other, n)
			}
			seen[n] = id
		}
		if got := set.name("nope"); got != "nope" {
			t.Errorf("%s name of an unknown ID = %q, want the ID", set.what, got)
		}
	}
	if ScenarioName("proxy-user-ca") != "Proxy with a user-installed root" || PolicyName("intermediate-spki") != "Intermediate key (SPKI)" {
		t.Errorf("names: %q, %q", ScenarioName("proxy-user-ca"), PolicyName("intermediate-spki"))
	}
	glyphs, names := map[string]Outcome{}, map[string]Outcome{}
	for _, o := range Outcomes {
		if prev, dup := glyphs[o.Glyph()]; dup {
			t.Errorf("%s and %s share the glyph %q", o, prev, o.Glyph())
		}
		if prev, dup := names[o.Name()]; dup {
			t.Errorf("%s and %s share the name %q", o, prev, o.Name())
		}
		glyphs[o.Glyph()], names[o.Name()] = o, o
		if o.Meaning() == "" || o.Class() == "" {
			t.Errorf("%s: meaning %q, class %q", o, o.Meaning(), o.Class())
		}
	}
	if len(Outcomes) != 7 || NotApplicable.Class() != "na" {
		t.Errorf("%d outcomes, n/a class %q", len(Outcomes), NotApplicable.Class())
	}
}

// A step reads by what it means for the user; the last one carries the
// verdict's safety.
func TestStepMeaning(t *testing.T) {
	w, err := NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c     Case
		step  string
		want  Safety
		label string
	}{
		// The device trusts the proxy's root: the chain builds, bad news.
		{Case{"android-legacy", "proxy-user-ca", "none", Hard}, StepBuilt, Unsafe, "the attacker passes this check"},
		// API 24+ ignores the user store: the failure protects.
		{Case{"android", "proxy-user-ca", "none", Hard}, StepBuilt, Safe, "this check stops the attack"},
		{Case{"android-legacy", "proxy-user-ca", "intermediate-spki", Hard}, StepPins, Safe, "this check stops the attack"},
		{Case{"android", "baseline", "intermediate-spki", Hard}, StepPins, Safe, "your server passes this check"},
		{Case{"android", "leaf-renewed-new-key", "leaf-spki", Hard}, StepPins, Broken, "this check refuses your own server"},
		{Case{"trustkit", "leaf-renewed-new-key", "leaf-spki+backup", Soft}, StepPins, Alarm, "this check fails; the connection is allowed and reported"},
		{Case{"trustkit", "proxy-user-ca", "leaf-spki+backup", Soft}, StepPins, Unsafe, "this check fails, but the attack goes on"},
		// The hook passes whatever fails.
		{Case{"android", "runtime-hook", "leaf-spki", Hard}, StepBuilt, Unsafe, "this check fails, but the attack goes on"},
		{Case{"android", "proxy-user-ca", "none", Hard}, StepScenario, Neutral, ""},
	}
	for _, tc := range cases {
		r, err := w.Run(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for i, s := range r.Trace {
			if s.Title != tc.step {
				continue
			}
			found = true
			m := r.Meaning(i)
			if m.Safety != tc.want || m.Label != tc.label {
				t.Errorf("%v %s (%s): %s %q, want %s %q", tc.c, tc.step, s.Status, m.Safety, m.Label, tc.want, tc.label)
			}
		}
		if !found {
			t.Errorf("%v: no %s step", tc.c, tc.step)
		}
		last := r.Meaning(len(r.Trace) - 1)
		if last.Safety != r.Outcome.Safety() || last.Mark != r.Outcome.Glyph() {
			t.Errorf("%v: last step %s %q, outcome %s is %s", tc.c, last.Safety, last.Mark, r.Outcome, r.Outcome.Safety())
		}
	}
	if m := (Result{}).Meaning(3); m.Safety != Neutral {
		t.Errorf("out of range: %v", m)
	}
}

func TestWire(t *testing.T) {
	w, err := NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c                  Case
		store, anchor      string // "" anchor: trust failed
		attacker           bool
		pins, presentedTop string
	}{
		{Case{"android-legacy", "proxy-user-ca", "intermediate-spki", Hard}, "user", "mitmproxy", true, `intermediate "Issuing CA A1"`, Host},
		{Case{"android", "proxy-user-ca", "none", Hard}, "", "", true, "", Host},
		{Case{"android", "baseline", "leaf-spki+backup", Hard}, "system", "Public Root CA A", false, `leaf "api.example.test"`, Host},
		{Case{"android", "baseline", "leaf-cert", Hard}, "system", "Public Root CA A", false, "", Host}, // n/a: no pins
	}
	for _, tc := range cases {
		v, err := w.Wire(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		if v.Store != tc.store || v.Attacker != tc.attacker {
			t.Errorf("%v: store %q attacker %v", tc.c, v.Store, v.Attacker)
		}
		if tc.anchor == "" && v.Built != nil || tc.anchor != "" && (len(v.Built) == 0 || cn(v.Built[len(v.Built)-1]) != tc.anchor) {
			t.Errorf("%v: built %d certificates, want anchor %q", tc.c, len(v.Built), tc.anchor)
		}
		if cn(v.Presented[0]) != tc.presentedTop {
			t.Errorf("%v: presented leaf %q", tc.c, cn(v.Presented[0]))
		}
		if tc.pins == "" && len(v.Pins) != 0 || tc.pins != "" && (len(v.Pins) == 0 || v.Pins[0].Label != tc.pins) {
			t.Errorf("%v: pins %+v, want first %q", tc.c, v.Pins, tc.pins)
		}
		// The real server sends its own chain; an attacker's differs.
		same := len(v.ServerSends) == len(v.Presented) && v.ServerSends[0] == v.Presented[0]
		if same == tc.attacker {
			t.Errorf("%v: the server sends the presented chain: %v", tc.c, same)
		}
	}
	if _, err := w.Wire(Case{Client: "nope", Scenario: "baseline", Policy: "none"}); err == nil {
		t.Error("unknown client accepted")
	}
}
