package sim

import (
	"slices"
	"strings"
	"testing"
)

// Which clients have a soft-fail mode (docs/ARCHITECTURE.md, outcome rules): TrustKit
// with kTSKEnforcePinning false, and the naive pinner, which is custom code.
// Android's network security config, OkHttp, NSPinnedDomains and
// AFSecurityPolicy have none.
var softFailTable = []struct {
	client   string
	softFail bool
}{
	{"android", false},
	{"android-legacy", false},
	{"android-debug", false},
	{"ios", false},
	{"trustkit", true},
	{"okhttp", false},
	{"afnetworking", false},
	{"naive", true},
}

func TestSoftFailClients(t *testing.T) {
	var want, listed []string
	for _, tc := range softFailTable {
		listed = append(listed, tc.client)
		if HasSoftFail(tc.client) != tc.softFail {
			t.Errorf("HasSoftFail(%s) = %t, want %t", tc.client, !tc.softFail, tc.softFail)
		}
		if tc.softFail {
			want = append(want, tc.client)
		}
	}
	// Every client is in the table: whether it has a soft-fail mode is a
	// fact of its platform to state, not to leave out.
	if !slices.Equal(listed, Clients) {
		t.Errorf("the table lists %v, want every client in order: %v", listed, Clients)
	}
	if got := SoftFailClients(); !slices.Equal(got, want) {
		t.Errorf("SoftFailClients() = %v, want %v", got, want)
	}
	if HasSoftFail("curl") {
		t.Error("HasSoftFail(curl): an unknown client has no soft-fail mode")
	}
}

// A client with no soft-fail mode gives its hard-fail outcome in soft mode,
// cell for cell, sends no report, and each cell's reason says why.
func TestNoSoftFailModeIsHardFail(t *testing.T) {
	w := testWorld(t)
	for _, tc := range softFailTable {
		if tc.softFail {
			continue
		}
		hard, err := w.Matrix(tc.client, Hard)
		if err != nil {
			t.Fatal(err)
		}
		soft, err := w.Matrix(tc.client, Soft)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Scenarios {
			for _, p := range Policies {
				h, r := hard.Results[s][p], soft.Results[s][p]
				if r.Outcome != h.Outcome {
					t.Errorf("%s %s %s: soft %s, hard %s", tc.client, s, p, r.Outcome, h.Outcome)
				}
				if !strings.Contains(r.Reason, "no soft-fail mode") || !strings.HasPrefix(r.Reason, h.Reason) {
					t.Errorf("%s %s %s: soft reason %q, want the hard reason %q and that there is no soft-fail mode", tc.client, s, p, r.Reason, h.Reason)
				}
				if strings.Contains(h.Reason, "soft-fail") {
					t.Errorf("%s %s %s: hard reason %q speaks of soft-fail", tc.client, s, p, h.Reason)
				}
				if r.Report != nil || r.SoftFail {
					t.Errorf("%s %s %s: soft mode sent a report (%v) or soft-failed (%t)", tc.client, s, p, r.Report != nil, r.SoftFail)
				}
				if !strings.Contains(r.Verdict, "no soft-fail mode") {
					t.Errorf("%s %s %s: verdict %q", tc.client, s, p, r.Verdict)
				}
			}
		}
		if note := ModeNote(tc.client, Soft); !strings.Contains(note, "no soft-fail mode") || !strings.Contains(note, "trustkit") || !strings.Contains(note, "naive") {
			t.Errorf("%s: mode note %q", tc.client, note)
		}
		if note := ModeNote(tc.client, Hard); note != "" {
			t.Errorf("%s hard: mode note %q", tc.client, note)
		}
	}
}

// Enforcement and reporting are two switches. TrustKit reports every pin
// validation failure of a pinned domain whether or not it enforces, and
// invalid chains too (TSKPinningValidator: any result but success); the
// naive pinner, custom code, reports when it soft-fails. The outcome IDs
// stay those of docs/ARCHITECTURE.md: a blocked attack that was reported is blocked.
func TestReportsAreASeparateSwitch(t *testing.T) {
	w := testWorld(t)
	tests := []struct {
		client, scenario, policy string
		mode                     Mode
		outcome                  Outcome
		report                   bool
		validation               int    // the report's validation-result: 1 no matching pin, 2 invalid chain
		reason                   string // a phrase of the reason
	}{
		// TrustKit enforcing: blocked or refused, and reported.
		{"trustkit", "rogue-public-ca", "leaf-spki+backup", Hard, Blocked, true, 1, "TrustKit blocks the connection and sends a report"},
		{"trustkit", "proxy-user-ca", "leaf-spki+backup", Hard, Blocked, true, 1, "sends a report"},
		{"trustkit", "leaf-renewed-new-key", "leaf-spki+backup", Hard, Outage, true, 1, "refuses its own server, and TrustKit sends a report"},
		{"trustkit", "self-signed", "leaf-spki+backup", Hard, Blocked, true, 2, "reports the invalid chain"},
		{"trustkit", "wrong-host", "leaf-spki+backup", Hard, Blocked, true, 2, "reports the invalid chain"},
		// TrustKit not enforcing: allowed and reported; trust failures block, reported.
		{"trustkit", "rogue-public-ca", "leaf-spki", Soft, InterceptedReported, true, 1, "lets the connection through and sends a report"},
		{"trustkit", "leaf-renewed-new-key", "leaf-spki", Soft, SecureReported, true, 1, "sends a report anyway"},
		{"trustkit", "self-signed", "leaf-spki", Soft, Blocked, true, 2, "reports the invalid chain"},
		// No report where TrustKit pins nothing, or matched, or was hooked.
		{"trustkit", "baseline", "leaf-spki+backup", Hard, Secure, false, 0, "A pin matches"},
		{"trustkit", "self-signed", "none", Hard, Blocked, false, 0, "signed itself"},
		{"trustkit", "rogue-public-ca", "none", Soft, Intercepted, false, 0, "no pin was set"},
		{"trustkit", "pins-expired-rogue-ca", "leaf-spki+backup", Hard, Intercepted, false, 0, "skips the pins"},
		{"trustkit", "runtime-hook", "leaf-spki+backup", Hard, Intercepted, false, 0, "hooked"},
		{"trustkit", "compromised-issuing-ca", "intermediate-spki", Soft, Intercepted, false, 0, "the pin passes"},
		// The naive pinner reports only when its code soft-fails.
		{"naive", "rogue-public-ca", "leaf-spki", Hard, Blocked, false, 0, "No pin matches"},
		{"naive", "rogue-public-ca", "leaf-spki", Soft, InterceptedReported, true, 1, "lets the connection through and sends a report"},
		{"naive", "baseline", "root-spki", Soft, SecureReported, true, 1, "sends a report anyway"},
		{"naive", "self-signed", "leaf-spki", Soft, Blocked, false, 0, "signed itself"},
	}
	for _, tc := range tests {
		r, err := w.Run(Case{Client: tc.client, Scenario: tc.scenario, Policy: tc.policy, Mode: tc.mode})
		if err != nil {
			t.Fatal(err)
		}
		name := strings.Join([]string{tc.client, tc.scenario, tc.policy, string(tc.mode)}, " ")
		if r.Outcome != tc.outcome || !strings.Contains(r.Reason, tc.reason) {
			t.Errorf("%s: %s (%s), want %s saying %q", name, r.Outcome, r.Reason, tc.outcome, tc.reason)
		}
		if (r.Report != nil) != tc.report {
			t.Errorf("%s: report sent %t, want %t", name, r.Report != nil, tc.report)
			continue
		}
		if r.SoftFail != (tc.mode == Soft) {
			t.Errorf("%s: SoftFail %t", name, r.SoftFail)
		}
		if r.Report == nil {
			continue
		}
		if r.Report.ValidationResult != tc.validation || r.Report.EnforcePinning != (tc.mode == Hard) {
			t.Errorf("%s: validation-result %d, enforce-pinning %t; want %d, %t", name, r.Report.ValidationResult, r.Report.EnforcePinning, tc.validation, tc.mode == Hard)
		}
		if len(r.Report.ServedCertificateChain) == 0 || len(r.Report.ValidatedCertificateChain) == 0 || len(r.Report.KnownPins) == 0 {
			t.Errorf("%s: report %+v", name, r.Report)
		}
		// The trace says so too: the last step names the report.
		if last := r.Trace[len(r.Trace)-1]; !strings.Contains(last.Detail, "report") {
			t.Errorf("%s: result step %q", name, last.Detail)
		}
	}
	// The rule step teaches the two switches for TrustKit in both modes.
	for _, mode := range []Mode{Hard, Soft} {
		r, _ := w.Run(Case{Client: "trustkit", Scenario: "rogue-public-ca", Policy: "leaf-spki+backup", Mode: mode})
		rule := ""
		for _, s := range r.Trace {
			if s.Title == StepRule {
				rule = s.Detail
			}
		}
		for _, phrase := range []string{"kTSKEnforcePinning", "Reporting is a separate switch", "kTSKReportUris", "kTSKDisableDefaultReportUri"} {
			if !strings.Contains(rule, phrase) {
				t.Errorf("trustkit %s: rule %q lacks %q", mode, rule, phrase)
			}
		}
		if note := ModeNote("trustkit", mode); !strings.Contains(note, "report") {
			t.Errorf("trustkit %s: mode note %q", mode, note)
		}
	}
}
