package sim

import (
	"slices"
	"strings"
	"testing"

	"pinlab/pinlib/platform"
)

// TestClientTable: the client table is the one list of clients, each
// applying the pin rule of a platform the registry says is simulated, and
// every simulated platform has a client; each field a sentence needs is
// there.
func TestClientTable(t *testing.T) {
	var ids []string
	covered := map[string]bool{}
	for _, cl := range clientTable {
		if slices.Contains(ids, cl.id) {
			t.Errorf("%s: twice in the table", cl.id)
		}
		ids = append(ids, cl.id)
		e, ok := platform.Lookup(cl.platform)
		switch {
		case !ok || e.Rule == nil:
			t.Errorf("%s: platform %q has no rule in the registry", cl.id, cl.platform)
		case !e.Simulated:
			t.Errorf("%s: platform %q is not marked Simulated in the registry", cl.id, cl.platform)
		case cl.rule != *e.Rule:
			t.Errorf("%s: applies another rule than %s's", cl.id, cl.platform)
		}
		covered[cl.platform] = true
		missing := map[string]bool{
			"name": cl.name == "", "short": cl.short == "", "stores": cl.stores == "", "pinner": cl.pinner == "", "report": cl.report == "",
			"certNA (it cannot pin a certificate)":   !cl.certPins && cl.certNA == "",
			"expiryRule (it honours an expiration)":  cl.expiry && cl.expiryRule == "",
			"fewPins (it needs several pins)":        cl.minEnforce > 0 && cl.fewPins == "",
			"reports and enforcing (it reports all)": cl.reportsAll && (cl.reports == "" || cl.enforcing == ""),
		}
		for field, gone := range missing {
			if gone {
				t.Errorf("%s: no %s", cl.id, field)
			}
		}
	}
	if !slices.Equal(Clients, ids) {
		t.Errorf("Clients = %v, want the table's %v", Clients, ids)
	}
	for _, e := range platform.Registry {
		if e.Simulated && !covered[e.ID()] {
			t.Errorf("the registry says %s is simulated, but no client applies its rule", e.ID())
		}
	}
}

// TestRuleStepStatesThePlatformRule: a client that says nothing more than
// its platform's rule states that rule's own sentence, the one `pinlab
// check` prints, and the naive pinner applies OkHttp's rule to the chain
// as sent.
func TestRuleStepStatesThePlatformRule(t *testing.T) {
	w := testWorld(t)
	for _, cl := range clientTable {
		r, err := w.Run(Case{Client: cl.id, Scenario: "baseline", Policy: "leaf-spki+backup", Mode: Hard})
		if err != nil {
			t.Fatal(err)
		}
		want := cl.says
		if want == "" {
			want = cl.rule.Sentence
		}
		for _, s := range r.Trace {
			if s.Title == StepRule && !strings.Contains(s.Detail, want) {
				t.Errorf("%s: rule step %q lacks %q", cl.id, s.Detail, want)
			}
		}
	}
	if cl := clients["android"]; cl.says != "" || cl.rule.Sentence != platform.AndroidRule.Sentence {
		t.Errorf("android states %q, not the platform's rule", cl.says)
	}
	if cl := clients["naive"]; cl.rule != platform.OkHttpRule || !cl.sent {
		t.Errorf("naive: not OkHttp's rule on the chain as sent")
	}
}
