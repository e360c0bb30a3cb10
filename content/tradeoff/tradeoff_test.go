package tradeoff

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
	"pinlab/pinlib/sim"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// demo is a fresh demo chain (leaf, intermediate, root) read at now.
func demo(t *testing.T) *pinlib.Bundle {
	t.Helper()
	in, err := samples.DemoChain(testNow)
	if err != nil {
		t.Fatal(err)
	}
	return pinlib.ReadAt(testNow, in...)
}

func TestOf(t *testing.T) {
	b := demo(t)
	tests := []struct {
		role     pinlib.Role
		breaks   string
		when     string
		scenario string
	}{
		{pinlib.RoleLeaf, "new key", "in 89 days", "leaf-renewed-new-key"},
		{pinlib.RoleIntermediate, "different intermediate", "in 1824 days", "intermediate-rotated"},
		{pinlib.RoleRoot, "another root", "in 7299 days", "ca-switch"},
	}
	for _, tc := range tests {
		c := b.ByRole(tc.role)[0]
		to := Of(c, testNow)
		if !strings.Contains(to.Breaks, tc.breaks) || !strings.Contains(to.When, tc.when) || !strings.Contains(to.When, c.Cert.NotAfter.Format("2006-01-02")) {
			t.Errorf("%s: %+v", tc.role, to)
		}
		found := false
		for _, l := range to.Shows {
			found = found || l.Scenario == tc.scenario
			if !strings.HasPrefix(l.Href("android"), "/simulate?client=android&mode=hard&policy=") {
				t.Errorf("%s: link %s", tc.role, l.Href("android"))
			}
		}
		if !found {
			t.Errorf("%s: no link to %s", tc.role, tc.scenario)
		}
	}
}

func TestDaysText(t *testing.T) {
	for d, want := range map[int]string{-30: "expired 30 days ago", -1: "expired 1 day ago", 0: "in 0 days", 1: "in 1 day", 89: "in 89 days"} {
		if got := daysText(d); got != want {
			t.Errorf("daysText(%d) = %q, want %q", d, got, want)
		}
	}
}

// TestLinksShowWhatTheySay: every link opens a case the simulator knows,
// and the simulator's android outcome there is the one its words claim.
// A new link states its claim here.
func TestLinksShowWhatTheySay(t *testing.T) {
	claims := map[string]sim.Outcome{
		"stops your own CA mis-issuing":     sim.Blocked,
		"outage on a new key":               sim.Outage,
		"survives with a backup":            sim.Secure,
		"leaf renewals keep working":        sim.Secure,
		"still open to the same CA":         sim.Intercepted,
		"outage on a new intermediate":      sim.Outage,
		"blocks a rogue public CA":          sim.Blocked,
		"survives an intermediate rotation": sim.Secure,
		"outage on a CA switch":             sim.Outage,
	}
	w, err := sim.NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := demo(t)
	for _, c := range b.Certificates {
		for _, l := range Of(c, testNow).Shows {
			u, err := url.Parse(l.Href("android"))
			if err != nil || u.Path != "/simulate" {
				t.Fatalf("%s: bad link %q", l.Label, l.Href("android"))
			}
			q := u.Query()
			cs, err := sim.ParseCase(q.Get("client"), q.Get("scenario"), q.Get("policy"), q.Get("mode"))
			if err != nil {
				t.Errorf("%s: %v", l.Label, err)
				continue
			}
			want, ok := claims[l.Label]
			if !ok {
				t.Errorf("%q: no claim in this test: state the outcome its words promise", l.Label)
				continue
			}
			r, err := w.Run(cs)
			if err != nil || r.Outcome != want {
				t.Errorf("%q (%s/%s): the simulator says %s (%s), the link promises %s", l.Label, cs.Scenario, cs.Policy, r.Outcome, r.Reason, want)
			}
		}
	}
}
