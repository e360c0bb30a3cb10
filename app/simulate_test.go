package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib/sim"
)

func TestSimulatePage(t *testing.T) {
	w, err := sim.NewWorld(testNow)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		client, scenario, policy string
		mode                     sim.Mode
		want                     []string
	}{
		{"naive", "pinned-cert-appended", "intermediate-spki", sim.Hard,
			[]string{`class="outcome-label outcome-intercepted"`, "CVE-2016-2402", `class="actor actor-attacker"`, "pin-checks",
				// The attacker's chain is trusted: bad news, in red, and
				// the last step wears the verdict's colours.
				`class="step status-pass safety-unsafe"`, "the attacker passes this check", `step-result outcome-intercepted`}},
		{"okhttp", "pinned-cert-appended", "intermediate-spki", sim.Hard,
			[]string{`class="outcome-label outcome-blocked"`, ">Attacker<", `class="pic pic-scene outcome-blocked"`, `class="pic pic-chain"`,
				"this check stops the attack", `step-result outcome-blocked`}},
		{"android", "baseline", "intermediate-spki", sim.Hard,
			[]string{`class="step status-pass safety-safe"`, "your server passes this check", "★ pinned, ✓ matched",
				// Words, not IDs, in the controls and the matrix; the IDs stay values.
				">Intermediate key (SPKI)</option>", ">Intermediate key (SPKI)</th>", `id="legend"`}},
		{"trustkit", "rogue-public-ca", "leaf-spki+backup", sim.Soft,
			[]string{"outcome-intercepted-reported", `id="report"`, "Report sent"}},
		{"android", "proxy-user-ca", "none", sim.Soft,
			[]string{"outcome-blocked", "no soft-fail mode"}},
	}
	for _, tc := range tests {
		p := &simulate{client: tc.client, scenario: tc.scenario, policy: tc.policy, mode: tc.mode, world: w}
		p.recompute(app.Context{}) // the world exists: no context needed
		html := render(t, p)
		for _, want := range tc.want {
			if !strings.Contains(html, want) {
				t.Errorf("%s/%s/%s/%s: page lacks %q", tc.client, tc.scenario, tc.policy, tc.mode, want)
			}
		}
		// go-app writes attributes in no fixed order: match either.
		for _, re := range []string{`<option[^>]*value="proxy-user-ca"[^>]*>Proxy with a user-installed root</option>`,
			`<th[^>]*data-policy="intermediate-spki"[^>]*>Intermediate key \(SPKI\)</th>`} {
			if !regexp.MustCompile(re).MatchString(html) {
				t.Errorf("%s: no %s", tc.client, re)
			}
		}
		// Before the wasm runs, the select shows the case of the link.
		if n := strings.Count(html, "selected"); n != 3 {
			t.Errorf("%s: %d selected options, want one per select", tc.client, n)
		}
		if regexp.MustCompile(`<option[^>]*>baseline</option>`).MatchString(html) {
			t.Errorf("%s: an option shows its ID", tc.client)
		}
		if n := strings.Count(html, `class="cell outcome-`); n != len(sim.Scenarios)*len(sim.Policies) {
			t.Errorf("%s: %d matrix cells", tc.client, n)
		}
	}
}
