package pinlib

import (
	"crypto/x509"
	"testing"
	"time"
)

func TestLifetimeAt(t *testing.T) {
	nb := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &Certificate{Cert: &x509.Certificate{NotBefore: nb, NotAfter: nb.Add(100 * 24 * time.Hour)}}
	tests := []struct {
		name     string
		now      time.Time
		status   Validity
		daysLeft int
		used     float64
	}{
		{"before", nb.Add(-time.Hour), NotYetValid, 100, 0},
		{"start", nb, Valid, 100, 0},
		{"quarter", nb.Add(25 * 24 * time.Hour), Valid, 75, 0.25},
		{"last month", nb.Add(80 * 24 * time.Hour), NearingExpiry, 20, 0.8},
		{"last hour", nb.Add(100*24*time.Hour - time.Hour), NearingExpiry, 0, 1 - 1.0/2400},
		{"just expired", nb.Add(100*24*time.Hour + time.Hour), Expired, -1, 1},
		{"long expired", nb.Add(130 * 24 * time.Hour), Expired, -30, 1},
	}
	for _, tc := range tests {
		got := c.LifetimeAt(tc.now)
		if got.Status != tc.status || got.DaysLeft != tc.daysLeft || abs(got.Used-tc.used) > 1e-9 {
			t.Errorf("%s: %+v, want %s %d %v", tc.name, got, tc.status, tc.daysLeft, tc.used)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestNormallySent(t *testing.T) {
	for role, want := range map[Role]bool{RoleLeaf: true, RoleIntermediate: true, RoleRoot: false, RoleUnrelated: false} {
		if got := (&Certificate{Role: role}).NormallySent(); got != want {
			t.Errorf("%s: %v, want %v", role, got, want)
		}
	}
}
