package pinlib

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// day is midnight UTC of a date written yyyy-mm-dd.
func day(s string) time.Time {
	t, err := time.Parse(dateFormat, s)
	if err != nil {
		panic(err)
	}
	return t
}

// pinned is a certificate with only what the planner reads: a name and a
// NotAfter. No key is generated, so the table stays fast under wasm.
func pinned(index int, cn, notAfter string) *Certificate {
	return &Certificate{Index: index, Cert: &x509.Certificate{
		Subject:   pkix.Name{CommonName: cn},
		NotBefore: day(notAfter).AddDate(-1, 0, 0),
		NotAfter:  day(notAfter),
	}}
}

const daysOf = 24 * time.Hour

// planCodes lists a plan's warnings as "code@index", in order.
func planCodes(p RotationPlan) []string {
	out := []string{}
	for _, w := range p.Warnings {
		out = append(out, fmt.Sprintf("%s@%d", w.Code, w.Index))
	}
	return out
}

func planKinds(p RotationPlan) []string {
	var out []string
	for _, e := range p.Events {
		out = append(out, fmt.Sprintf("%s@%d", e.Kind, e.Certificate))
	}
	return out
}

func TestPlanRotationRules(t *testing.T) {
	now := day("2027-01-01")
	leafLate := pinned(0, "leaf.example", "2027-02-15") // ship-backup-by 2026-12-17 with a 30-day cadence
	leafFine := pinned(0, "leaf.example", "2027-06-01") // ship-backup-by 2027-04-02
	inter := pinned(1, "Example Intermediate", "2029-01-01")
	tests := []struct {
		name string
		in   RotationInput
		want []string // warning codes@index, in order
	}{
		{"no-backup fails", RotationInput{Pinned: []*Certificate{leafFine}, ReleaseCadence: 30 * daysOf},
			[]string{"no-backup@-1"}},
		{"no-backup passes", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf},
			[]string{}},

		{"backup-too-late fails", RotationInput{Pinned: []*Certificate{leafLate, inter}, Backups: 1, ReleaseCadence: 30 * daysOf},
			[]string{"backup-too-late@0"}},
		{"backup-too-late fails with a long cadence", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 200 * daysOf},
			[]string{"backup-too-late@0"}},
		{"backup-too-late fails once expired", RotationInput{Pinned: []*Certificate{pinned(0, "old.example", "2026-10-01")}, Backups: 1, ReleaseCadence: daysOf},
			[]string{"backup-too-late@0"}},
		{"backup-too-late passes", RotationInput{Pinned: []*Certificate{leafFine, inter}, Backups: 1, ReleaseCadence: 30 * daysOf},
			[]string{}},
		{"backup-too-late passes on the last day", RotationInput{Pinned: []*Certificate{pinned(0, "edge.example", "2027-03-02")}, Backups: 1, ReleaseCadence: 30 * daysOf},
			[]string{}},

		{"expiration-before-release fails", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-01-20")},
			[]string{"expiration-before-release@-1"}},
		{"expiration-before-release passes", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-03-01")},
			[]string{}},
		{"expiration-before-release passes on the day", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-01-31")},
			[]string{}},

		{"expiration-after-cert fails", RotationInput{Pinned: []*Certificate{leafFine, inter}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-08-01")},
			[]string{"expiration-after-cert@0"}},
		{"expiration-after-cert fails for each certificate", RotationInput{Pinned: []*Certificate{leafFine, inter}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2030-01-01")},
			[]string{"expiration-after-cert@0", "expiration-after-cert@1"}},
		{"expiration-after-cert passes", RotationInput{Pinned: []*Certificate{leafFine, inter}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-05-01")},
			[]string{}},
		{"expiration-after-cert passes on the expiry day", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-06-01")},
			[]string{}},

		{"expiration-past fails (and says so once)", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2026-12-01")},
			[]string{"expiration-past@-1"}},
		{"expiration-past passes without an expiration", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf},
			[]string{}},
		// The date is the first unpinned day: an expiration of today is past.
		{"expiration-past fails on the day itself", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: now},
			[]string{"expiration-past@-1"}},
		{"expiration-past passes the day before (the next release comes too late)", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-01-02")},
			[]string{"expiration-before-release@-1"}},

		{"cadence-invalid fails at zero", RotationInput{Pinned: []*Certificate{leafLate}, Backups: 1, Expiration: day("2027-01-20")},
			[]string{"cadence-invalid@-1"}},
		{"cadence-invalid fails when negative", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: -7 * daysOf},
			[]string{"cadence-invalid@-1"}},
		{"cadence-invalid passes", RotationInput{Pinned: []*Certificate{leafFine}, Backups: 1, ReleaseCadence: daysOf},
			[]string{}},

		{"everything at once", RotationInput{Pinned: []*Certificate{leafLate, inter}, ReleaseCadence: 30 * daysOf, Expiration: day("2027-01-10")},
			[]string{"no-backup@-1", "backup-too-late@0", "expiration-before-release@-1"}},
		{"nothing pinned", RotationInput{Backups: 1, ReleaseCadence: 30 * daysOf}, []string{}},
		{"nil certificates are ignored", RotationInput{Pinned: []*Certificate{nil, {Index: 3}}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-03-01")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Now = now
			p := PlanRotation(tt.in)
			if got := planCodes(p); !slices.Equal(got, tt.want) {
				t.Errorf("warnings %v, want %v", got, tt.want)
				for _, w := range p.Warnings {
					t.Log(w.Message)
				}
			}
			for _, w := range p.Warnings {
				if w.Severity != SeverityWarning || !strings.HasSuffix(w.Message, ".") || strings.Contains(w.Message, "%!") {
					t.Errorf("%s: severity %q, message %q", w.Code, w.Severity, w.Message)
				}
			}
			if !slices.IsSortedFunc(p.Events, func(a, b Event) int { return a.When.Compare(b.When) }) {
				t.Errorf("events out of order: %v", planKinds(p))
			}
		})
	}
}

// TestPlanRotationMessages pins down the sentences: dates, day counts and
// certificate names, as the Pin page shows them.
func TestPlanRotationMessages(t *testing.T) {
	now := day("2027-01-01")
	leaf := pinned(0, "leaf.example", "2027-02-15")
	tests := []struct {
		name string
		in   RotationInput
		code string
		want string
	}{
		{"no-backup", RotationInput{Pinned: []*Certificate{leaf}, ReleaseCadence: 30 * daysOf}, CodeNoBackup,
			"No backup pin: every pin comes from the current chain, so when the server moves to a new key or CA, installed apps refuse it until users update (an outage). Generate a backup key and pin it too."},
		{"backup-too-late", RotationInput{Pinned: []*Certificate{leaf}, ReleaseCadence: 30 * daysOf}, CodeBackupTooLate,
			"A backup pin for leaf.example had to ship by 2026-12-17 (15 days ago) to reach users, with a 30-day margin, before leaf.example expires on 2027-02-15. Renew leaf.example with the same key, so its current pin keeps matching, and ship the backup pin now."},
		{"backup-too-late with backups", RotationInput{Pinned: []*Certificate{leaf}, Backups: 2, ReleaseCadence: 30 * daysOf}, CodeBackupTooLate,
			"The release carrying this config's 2 backup pins reaches users only by 2027-01-31, after leaf.example's renewal window opened on 2027-01-16 (30 days before it expires on 2027-02-15): a renewal with a backup key before then locks out the users still on the old release. Renew leaf.example with the same key this time, so its current pin keeps matching, and release this config now."},
		{"backup-too-late with one backup", RotationInput{Pinned: []*Certificate{leaf}, Backups: 1, ReleaseCadence: 30 * daysOf}, CodeBackupTooLate,
			"The release carrying this config's 1 backup pin reaches users only by 2027-01-31, after leaf.example's renewal window opened on 2027-01-16 (30 days before it expires on 2027-02-15): a renewal with a backup key before then locks out the users still on the old release. Renew leaf.example with the same key this time, so its current pin keeps matching, and release this config now."},
		{"expiration-before-release", RotationInput{Pinned: []*Certificate{pinned(0, "leaf.example", "2028-01-01")}, Backups: 1, ReleaseCadence: 45 * daysOf, Expiration: day("2027-02-01")}, CodeExpirationBeforeRelease,
			"Pins stop being checked on 2027-02-01, 31 days from now, but an update released today only reaches users by 2027-02-15 (45-day release cadence): in between, pinning silently stops and nothing reports it. Set an expiration later than 2027-02-15."},
		{"expiration-after-cert", RotationInput{Pinned: []*Certificate{pinned(2, "leaf.example", "2027-06-01")}, Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-07-01")}, CodeExpirationAfterCert,
			"Pins stop being checked on 2027-07-01, 30 days after leaf.example expires (2027-06-01): if its renewal brings a new key, installed apps still demand the old one and refuse the real server (an outage) until then, unless a backup pin matches. Set the expiration on or before 2027-06-01."},
		{"expiration-past", RotationInput{Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2026-12-31")}, CodeExpirationPast,
			"Pins stop being checked on 2026-12-31, 1 day ago: clients that honour the expiration skip the pins from the first launch, so nothing is pinned at all."},
		{"expiration-past today", RotationInput{Backups: 1, ReleaseCadence: 30 * daysOf, Expiration: day("2027-01-01")}, CodeExpirationPast,
			"Pins stop being checked on 2027-01-01, today: clients that honour the expiration skip the pins from the first launch, so nothing is pinned at all."},
		{"cadence-invalid", RotationInput{Backups: 1, ReleaseCadence: 0}, CodeCadenceInvalid,
			"The release cadence must be a positive number of days, not 0 days; the dates that depend on it are left out."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Now = now
			p := PlanRotation(tt.in)
			i := slices.IndexFunc(p.Warnings, func(w Warning) bool { return w.Code == tt.code })
			if i < 0 {
				t.Fatalf("no %s warning in %v", tt.code, planCodes(p))
			}
			if got := p.Warnings[i].Message; got != tt.want {
				t.Errorf("message\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestPlanRotationExpirationDay: the expiration date is the first unpinned
// day (Android from 00:00 device time, TrustKit from 00:00 UTC), so in the
// afternoon of that day the plan already says the pins are not checked.
func TestPlanRotationExpirationDay(t *testing.T) {
	for _, c := range []struct {
		now  string // RFC 3339
		want string // warning code, "" for none
	}{
		{"2027-01-01T15:00:00Z", CodeExpirationPast},
		{"2027-01-01T00:00:00Z", CodeExpirationPast},
		{"2026-12-31T23:59:59Z", ""},
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		p := PlanRotation(RotationInput{Now: now, Backups: 1, ReleaseCadence: time.Second, Expiration: day("2027-01-01")})
		got := ""
		if len(p.Warnings) > 0 {
			got = p.Warnings[0].Code
		}
		if got != c.want {
			t.Errorf("now %s: warnings %v, want %q", c.now, planCodes(p), c.want)
		}
		for _, e := range p.Events {
			if e.Kind == EventPinsExpire && !strings.HasPrefix(e.Label, "First unpinned day: pins stop being checked on 2027-01-01 ") {
				t.Errorf("pins-expire event: %q", e.Label)
			}
		}
	}
}

func TestPlanRotationEvents(t *testing.T) {
	now := day("2027-01-01")
	p := PlanRotation(RotationInput{
		Now: now,
		// Given out of time order on purpose.
		Pinned:         []*Certificate{pinned(1, "Example Intermediate", "2029-01-01"), pinned(0, "leaf.example", "2027-06-01")},
		Backups:        2,
		ReleaseCadence: 30 * daysOf,
		Expiration:     day("2027-05-01"),
	})
	type row struct{ when, kind, label string }
	want := []row{
		{"2027-01-01", "now@-1", "Today, 2027-01-01."},
		{"2027-01-31", "next-release@-1", "An app update released today has reached most users by 2027-01-31 (30-day release cadence)."},
		{"2027-04-02", "release-by@0", "Release this config, with its 2 backup pins, by 2027-04-02: with 30 days of release cadence and a 30-day margin it is on users' devices before leaf.example expires on 2027-06-01, and its renewal can then move to a backup key."},
		{"2027-05-01", "pins-expire@-1", "First unpinned day: pins stop being checked on 2027-05-01 (from 00:00 device time on Android, 00:00 UTC in TrustKit), and from then on clients trust any certificate the system trusts."},
		{"2027-06-01", "cert-expires@0", "leaf.example expires on 2027-06-01."},
		{"2028-11-02", "release-by@1", "Release this config, with its 2 backup pins, by 2028-11-02: with 30 days of release cadence and a 30-day margin it is on users' devices before Example Intermediate expires on 2029-01-01, and its renewal can then move to a backup key."},
		{"2029-01-01", "cert-expires@1", "Example Intermediate expires on 2029-01-01."},
	}
	var got []row
	for _, e := range p.Events {
		got = append(got, row{date(e.When), fmt.Sprintf("%s@%d", e.Kind, e.Certificate), e.Label})
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", rowsText(got), rowsText(want))
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings %v", planCodes(p))
	}
}

func rowsText[T any](rows []T) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "  %v\n", r)
	}
	return b.String()
}

// TestPlanRotationEventsWithoutCadence: with no usable cadence, only the
// dates that do not depend on it remain.
func TestPlanRotationEventsWithoutCadence(t *testing.T) {
	p := PlanRotation(RotationInput{
		Now:        day("2027-01-01"),
		Pinned:     []*Certificate{pinned(0, "leaf.example", "2027-06-01")},
		Expiration: day("2027-03-01"),
	})
	want := []string{"now@-1", "pins-expire@-1", "cert-expires@0"}
	if got := planKinds(p); !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if got, want := planCodes(p), []string{"cadence-invalid@-1", "no-backup@-1"}; !slices.Equal(got, want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
}

// TestPlanRotationEventTies: events on the same instant keep a fixed order,
// so the timeline does not shuffle between renders.
func TestPlanRotationEventTies(t *testing.T) {
	now := day("2027-01-01")
	in := RotationInput{
		Now:            now,
		Pinned:         []*Certificate{pinned(0, "a.example", "2027-03-02"), pinned(1, "b.example", "2027-03-02")},
		Backups:        1,
		ReleaseCadence: 30 * daysOf,
		Expiration:     day("2027-01-31"),
	}
	want := []string{"now@-1", "release-by@0", "release-by@1", "next-release@-1", "pins-expire@-1", "cert-expires@0", "cert-expires@1"}
	for range 5 {
		p := PlanRotation(in)
		got := planKinds(p)
		// now and both release-by dates fall on 2027-01-01; next-release
		// and pins-expire on 2027-01-31.
		if !slices.Equal(got, want) {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
}

// TestPlanRotationRealChain plans on certificates as Read returns them.
func TestPlanRotationRealChain(t *testing.T) {
	c := newChain3(t) // the leaf and intermediate expire at testNow + 1 year
	b := ReadAt(testNow, Input{Name: "chain.pem", Data: pemOf(c.leaf, c.inter)})
	if len(b.Certificates) != 2 {
		t.Fatalf("%d certificates, errors %v", len(b.Certificates), b.Errors)
	}
	p := PlanRotation(RotationInput{Now: testNow, Pinned: b.Certificates[1:], ReleaseCadence: 14 * daysOf})
	if got, want := planCodes(p), []string{"no-backup@-1"}; !slices.Equal(got, want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
	i := slices.IndexFunc(p.Events, func(e Event) bool { return e.Kind == EventShipBackupBy })
	if i < 0 || p.Events[i].Certificate != 1 || !p.Events[i].When.Equal(c.inter.cert.NotAfter.Add(-44*daysOf)) {
		t.Errorf("ship-backup-by event %+v", p.Events)
	}
}

// Plan when a backup pin for a Let's Encrypt style 90-day leaf must ship.
func ExamplePlanRotation() {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	leaf := &Certificate{Index: 0, Cert: &x509.Certificate{
		Subject:  pkix.Name{CommonName: "api.example.com"},
		NotAfter: time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC),
	}}
	plan := PlanRotation(RotationInput{
		Now:            now,
		Pinned:         []*Certificate{leaf},
		ReleaseCadence: 21 * 24 * time.Hour,
	})
	for _, e := range plan.Events {
		fmt.Println(e.When.Format("2006-01-02"), e.Kind)
	}
	for _, w := range plan.Warnings {
		fmt.Println(w.Code)
	}
	// Output:
	// 2027-01-01 now
	// 2027-01-22 next-release
	// 2027-01-23 ship-backup-by
	// 2027-03-15 cert-expires
	// no-backup
}
