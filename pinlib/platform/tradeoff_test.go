package platform

import (
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
)

func TestTradeOffOf(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	b := demoBundle(t, now)
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
		to := TradeOffOf(c, now)
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
