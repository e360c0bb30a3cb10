package platform

import (
	"slices"
	"strings"
	"testing"
)

// TestRegistry: the registry is consistent with itself: one entry per ID,
// a rule for every platform that is checked or simulated, a sentence for
// every rule, and readers tried in a fixed order.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	var readers []string
	for _, e := range Registry {
		id := e.ID()
		if seen[id] || id == "" || e.Name() == "" {
			t.Errorf("%q: duplicate or unnamed entry", id)
		}
		seen[id] = true
		if (e.Check != nil || e.Simulated) && e.Rule == nil {
			t.Errorf("%s: checked or simulated, but no pin rule", id)
		}
		if e.Rule != nil && e.Rule.Sentence == "" {
			t.Errorf("%s: a rule with no sentence", id)
		}
		if e.Check != nil && !slices.Contains(readers, e.Check.ID) {
			readers = append(readers, e.Check.ID)
			if e.Check.Reads == "" || e.Check.Names == "" {
				t.Errorf("%s: the reader does not say what it reads", id)
			}
		}
	}
	for _, r := range readers {
		if !seen[r] {
			t.Errorf("reader %q is no platform's ID", r)
		}
	}
	formats := CheckFormats()
	if len(formats) != len(readers) {
		t.Errorf("CheckFormats() = %v, want each of %v once", formats, readers)
	}
	for i, r := range CheckReaders() {
		if i > 0 && r.Try <= CheckReaders()[i-1].Try {
			t.Errorf("readers %s and %s share a detection rank or are out of order", CheckReaders()[i-1].ID, r.ID)
		}
	}
	// The order of the message "expected one of …" is public (the CLI's
	// check testscript).
	if got := strings.Join(formats, ", "); got != "android, ios, okhttp, curl, hpkp" {
		t.Errorf("CheckFormats() = %s", got)
	}
}

// TestRegistryCheckRoundTrip: every platform the registry says pinlab
// checks has its own export detected as its format and accepted for the
// chain it was made from, under its own rule; the others are not
// checkable.
func TestRegistryCheckRoundTrip(t *testing.T) {
	chain := testChain(t)
	for _, e := range Registry {
		t.Run(e.ID(), func(t *testing.T) {
			config := exported(t, e.ID(), Selection{Pick: []string{"leaf", "intermediate"}, BackupPins: []string{backupPin}})
			format, ok := CheckFormatOf(e.ID())
			if e.Check == nil {
				if ok {
					t.Errorf("CheckFormatOf = %q, but the registry has no reader", format)
				}
				return
			}
			if !ok || format != e.Check.ID || DetectConfig([]byte(config)) != format {
				t.Fatalf("CheckFormatOf = %q, %v; detected as %q; want %q", format, ok, DetectConfig([]byte(config)), e.Check.ID)
			}
			r, err := CheckConfig([]byte(config), "leaf.pinlab.test", chain, testNow)
			if err != nil || r.Verdict != CheckAccepted || r.Format != format {
				t.Fatalf("%s %q %v: %s", r.Verdict, r.Format, err, r.Reason)
			}
			// The rule a check states is the platform's own (OkHttp's adds
			// the version it read the code as).
			if rest := strings.TrimPrefix(e.Rule.Sentence, "OkHttp CertificatePinner"); !strings.HasSuffix(r.Rule, rest) {
				t.Errorf("rule %q, want the platform's %q", r.Rule, e.Rule.Sentence)
			}
		})
	}
}
