package sim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// CVE-2016-2402: a pinner that compares pins with the chain as sent is
// fooled by the real certificates appended to a rogue chain; clients that
// compare with the verified chain are not.
func TestPinnedCertAppended(t *testing.T) {
	w := testWorld(t)
	for _, policy := range []string{"leaf-spki", "intermediate-spki", "root-spki"} {
		r, err := w.Run(Case{Client: "naive", Scenario: "pinned-cert-appended", Policy: policy, Mode: Hard})
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome != Intercepted || !strings.Contains(r.Reason, "CVE-2016-2402") {
			t.Errorf("naive, %s: %s (%s), want intercepted citing CVE-2016-2402", policy, r.Outcome, r.Reason)
		}
		for _, cl := range clientTable {
			if cl.sent || cl.minEnforce > 1 { // fooled by design, or cannot express a single pin when enforcing (TrustKit)
				continue
			}
			client := cl.id
			r, err := w.Run(Case{Client: client, Scenario: "pinned-cert-appended", Policy: policy, Mode: Hard})
			if err != nil {
				t.Fatal(err)
			}
			if r.Outcome != Blocked {
				t.Errorf("%s, %s: %s (%s), want blocked", client, policy, r.Outcome, r.Reason)
			}
		}
	}
}

// Android honours <pin-set expiration>; OkHttp has no expiry.
func TestPinsExpiredAndroidVersusOkHttp(t *testing.T) {
	w := testWorld(t)
	for _, policy := range []string{"leaf-spki", "intermediate-spki", "root-spki", "leaf-spki+backup"} {
		a, _ := w.Run(Case{Client: "android", Scenario: "pins-expired-rogue-ca", Policy: policy, Mode: Hard})
		o, _ := w.Run(Case{Client: "okhttp", Scenario: "pins-expired-rogue-ca", Policy: policy, Mode: Hard})
		if a.Outcome != Intercepted || o.Outcome != Blocked {
			t.Errorf("%s: android %s, okhttp %s; want intercepted and blocked", policy, a.Outcome, o.Outcome)
		}
		if !strings.Contains(a.Reason, "expired") || !strings.Contains(o.Reason, "no pin expiry") {
			t.Errorf("%s: reasons %q / %q", policy, a.Reason, o.Reason)
		}
	}
}

func TestRuntimeHookIsAlwaysIntercepted(t *testing.T) {
	w := testWorld(t)
	for _, client := range Clients {
		for _, mode := range []Mode{Hard, Soft} {
			for _, policy := range Policies {
				r, _ := w.Run(Case{Client: client, Scenario: "runtime-hook", Policy: policy, Mode: mode})
				if r.Outcome == NotApplicable {
					continue
				}
				if r.Outcome != Intercepted || !strings.Contains(r.Reason, "device the attacker controls") || r.Report != nil {
					t.Errorf("%s %s %s: %s (%s)", client, policy, mode, r.Outcome, r.Reason)
				}
			}
		}
	}
}

// Every decided result explains itself in the same order of steps, and
// compares each pin with certificates when the pins are reached.
func TestTrace(t *testing.T) {
	w := testWorld(t)
	order := []string{StepScenario, StepPresented, StepBuilt, StepHostname, StepValidity, StepPins, StepRule, StepResult}
	everyResult(t, w, func(r Result) {
		client, s, p, mode := r.Client, r.Scenario, r.Policy, r.Mode
		if r.Verdict == "" || r.Reason == "" || !strings.HasSuffix(r.Reason, ".") {
			t.Errorf("%s %s %s %s: verdict %q reason %q", client, s, p, mode, r.Verdict, r.Reason)
		}
		if r.Outcome == NotApplicable {
			if last := r.Trace[len(r.Trace)-1]; last.Title != StepResult {
				t.Errorf("%s %s %s: n/a trace ends with %q", client, s, p, last.Title)
			}
			return
		}
		var titles []string
		var pins *Step
		for i, st := range r.Trace {
			if st.Title == StepLookalike {
				continue
			}
			if st.Status != StatusInfo && st.Status != StatusPass && st.Status != StatusFail {
				t.Errorf("%s %s %s: step %q status %q", client, s, p, st.Title, st.Status)
			}
			titles = append(titles, st.Title)
			if st.Title == StepPins {
				pins = &r.Trace[i]
			}
		}
		if strings.Join(titles, "|") != strings.Join(order, "|") {
			t.Fatalf("%s %s %s: steps %v, want %v", client, s, p, titles, order)
		}
		reached := r.Trace[2].Status == StatusPass || s == "runtime-hook"
		skipped := strings.HasPrefix(pins.Detail, "Skipped")
		if p != "none" && reached && !skipped && len(pins.Pins) == 0 {
			t.Errorf("%s %s %s: no pin checks in %q", client, s, p, pins.Detail)
		}
		matched := false
		for _, pc := range pins.Pins {
			matched = matched || pc.Match
			if pc.Pin == "" || pc.SPKI == "" || pc.Certificate == "" {
				t.Errorf("%s %s %s: incomplete pin check %+v", client, s, p, pc)
			}
		}
		if pins.Status == StatusPass && !matched {
			t.Errorf("%s %s %s: pins pass with no match", client, s, p)
		}
	})
}

// everyResult calls f with every cell of every client's matrix, hard and
// soft.
func everyResult(t *testing.T, w *World, f func(r Result)) {
	t.Helper()
	for _, client := range Clients {
		for _, mode := range []Mode{Hard, Soft} {
			m, err := w.Matrix(client, mode)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range m.Results {
				for _, r := range row {
					f(r)
				}
			}
		}
	}
}

// Every reported outcome carries its report, and only TrustKit reports
// what it did not let through (it reports whether it enforces or not).
func TestSoftFailReports(t *testing.T) {
	w := testWorld(t)
	everyResult(t, w, func(r Result) {
		reported := r.Outcome == InterceptedReported || r.Outcome == SecureReported
		if reported && r.Report == nil || r.Report != nil && !reported && r.Client != "trustkit" {
			t.Errorf("%+v: outcome %s, report %v", r.Case, r.Outcome, r.Report != nil)
		}
		if r.SoftFail != (r.Mode == Soft && HasSoftFail(r.Client)) {
			t.Errorf("%+v: soft-fail %v", r.Case, r.SoftFail)
		}
		if r.Report == nil {
			return
		}
		if r.Report.Hostname != Host || r.Report.Port != 443 || len(r.Report.KnownPins) == 0 || len(r.Report.ServedCertificateChain) == 0 || len(r.Report.ValidatedCertificateChain) == 0 {
			t.Errorf("%+v: report %+v", r.Case, r.Report)
		}
	})
	r, _ := w.Run(Case{Client: "trustkit", Scenario: "rogue-public-ca", Policy: "leaf-spki", Mode: Soft})
	b, err := json.Marshal(r.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"hostname":`, `"port":443`, `"date-time":`, `"noted-hostname":`, `"served-certificate-chain":["-----BEGIN CERTIFICATE-----`, `"validated-certificate-chain":`, `"known-pins":["pin-sha256=\"`, `"effective-expiration-date":`, `"enforce-pinning":false`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("report lacks %s: %s", key, b)
		}
	}
	if r, _ := w.Run(Case{Client: "android", Scenario: "rogue-public-ca", Policy: "leaf-spki", Mode: Hard}); r.Report != nil || r.SoftFail {
		t.Errorf("hard-fail: report %v soft-fail %v", r.Report, r.SoftFail)
	}
}

func TestMatrixJSON(t *testing.T) {
	m, err := testWorld(t).Matrix("okhttp", Soft)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Client    string                       `json:"client"`
		Mode      string                       `json:"mode"`
		Scenarios []string                     `json:"scenarios"`
		Policies  []string                     `json:"policies"`
		Outcomes  map[string]map[string]string `json:"outcomes"`
		Reasons   map[string]map[string]string `json:"reasons"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Client != "okhttp" || got.Mode != "soft" || len(got.Scenarios) != 14 || len(got.Policies) != 6 {
		t.Fatalf("matrix head: %+v", got)
	}
	// OkHttp has no soft-fail mode: its soft matrix is its hard one, and
	// each cell says why.
	if o := got.Outcomes["rogue-public-ca"]["leaf-spki"]; o != "blocked" {
		t.Errorf("rogue-public-ca/leaf-spki = %q", o)
	}
	if r := got.Reasons["rogue-public-ca"]["leaf-spki"]; !strings.Contains(r, "OkHttp's CertificatePinner has no soft-fail mode") {
		t.Errorf("reason %q", r)
	}
	if strings.Contains(string(b), `"trace"`) {
		t.Error("the matrix JSON carries traces")
	}
}

func TestMarkdownAndCSV(t *testing.T) {
	m, err := testWorld(t).Matrix("android", Hard)
	if err != nil {
		t.Fatal(err)
	}
	md := m.Markdown()
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	want := []string{
		"**android**, hard-fail",
		"",
		"| scenario | none | leaf-cert | leaf-spki | intermediate-spki | root-spki | leaf-spki+backup |",
		"|---|---|---|---|---|---|---|",
		"| baseline | secure | n/a | secure | secure | secure | secure |",
		"| proxy-user-ca | blocked | n/a | blocked | blocked | blocked | blocked |",
	}
	if len(lines) != 4+14 {
		t.Fatalf("markdown has %d lines:\n%s", len(lines), md)
	}
	for i, l := range want {
		if lines[i] != l {
			t.Errorf("markdown line %d = %q, want %q", i, lines[i], l)
		}
	}
	if last := lines[len(lines)-1]; last != "| pins-expired-rogue-ca | intercepted | n/a | intercepted | intercepted | intercepted | intercepted |" {
		t.Errorf("last markdown line %q", last)
	}
	csv := strings.Split(strings.TrimSuffix(m.CSV(), "\n"), "\n")
	if len(csv) != 15 || csv[0] != "scenario,none,leaf-cert,leaf-spki,intermediate-spki,root-spki,leaf-spki+backup" ||
		csv[4] != "compromised-issuing-ca,intercepted,n/a,blocked,intercepted,intercepted,blocked" {
		t.Errorf("csv:\n%s", strings.Join(csv, "\n"))
	}
}

func TestParseCase(t *testing.T) {
	tests := []struct {
		client, scenario, policy, mode string
		err                            string
	}{
		{"android", "baseline", "none", "hard", ""},
		{"naive", "ca-switch", "leaf-spki+backup", "soft", ""},
		{"okhttp", "baseline", "root-spki", "", ""}, // no mode: hard
		{"x", "baseline", "none", "hard", `sim: unknown client "x": use one of ` + strings.Join(Clients, ", ")},
		{"ios", "mitm", "none", "hard", `sim: unknown scenario "mitm": use one of baseline, proxy-user-ca,`},
		{"ios", "baseline", "leaf", "hard", `sim: unknown policy "leaf": use one of none, leaf-cert, leaf-spki, intermediate-spki, root-spki, leaf-spki+backup`},
		{"ios", "baseline", "none", "strict", `sim: unknown mode "strict": use one of hard, soft`},
	}
	for _, tc := range tests {
		c, err := ParseCase(tc.client, tc.scenario, tc.policy, tc.mode)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%v: %v", tc, err)
		case tc.err == "" && (c.Client != tc.client || c.Mode == ""):
			t.Errorf("%v: %+v", tc, c)
		case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
			t.Errorf("%v: error %v, want %q", tc, err, tc.err)
		}
	}
	w := testWorld(t)
	if _, err := w.Run(Case{Client: "curl", Scenario: "baseline", Policy: "none"}); err == nil {
		t.Error("Run accepted an unknown client")
	}
	if _, err := w.Matrix("android", "medium"); err == nil {
		t.Error("Matrix accepted an unknown mode")
	}
}

// Outcomes are computed: outside tests, outcome constants appear only in
// their declaration, in outcomeOf (from who presented, whether the
// connection proceeded, whether a report went out) and for n/a. names.go
// and safety.go only describe outcomes for people (words, glyphs, what
// they mean for safety) and decide none.
func TestNoOutcomeLookup(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	use := regexp.MustCompile(`\b(Secure|Intercepted|Blocked|Outage|InterceptedReported|SecureReported|NotApplicable)\b`)
	literal := regexp.MustCompile(`"(\\.|[^"\\])*"|` + "`[^`]*`")
	count := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "sim.go" || f == "names.go" || f == "safety.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Skipf("no sources to read: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			count += len(use.FindAllString(literal.ReplaceAllString(line, ""), -1))
		}
	}
	// outcomeOf's six returns and finishNA's one.
	if count != 7 {
		t.Errorf("outcome constants used %d times outside outcomeOf and finishNA", count)
	}
}
