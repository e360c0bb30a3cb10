package pinlib

import "time"

// Validity is where a certificate stands in its lifetime.
type Validity string

const (
	Valid         Validity = "valid"
	NearingExpiry Validity = "expiring-soon" // within ExpiringSoon of expiry: renew now
	Expired       Validity = "expired"
	NotYetValid   Validity = "not-yet-valid"
)

// Lifetime summarises a certificate's validity at a moment, for badges and
// the lifetime bar.
type Lifetime struct {
	Status   Validity
	DaysLeft int     // whole days until NotAfter; negative once expired
	Used     float64 // share of the lifetime elapsed, clamped to [0, 1]
}

// LifetimeAt reports the certificate's validity at now.
func (c *Certificate) LifetimeAt(now time.Time) Lifetime {
	nb, na := c.Cert.NotBefore, c.Cert.NotAfter
	l := Lifetime{DaysLeft: int(na.Sub(now).Hours() / 24)}
	if total := na.Sub(nb); total > 0 {
		l.Used = min(1, max(0, float64(now.Sub(nb))/float64(total)))
	}
	switch {
	case now.Before(nb):
		l.Status = NotYetValid
	case now.After(na):
		l.Status = Expired
		if l.DaysLeft == 0 {
			l.DaysLeft = -1
		}
	case na.Sub(now) < ExpiringSoon:
		l.Status = NearingExpiry
	default:
		l.Status = Valid
	}
	return l
}

// NormallySent reports whether a server sends this certificate in its
// handshake: the leaf and its intermediates, but not a root, which clients
// already hold (RFC 8446 section 4.4.2 lets the server omit it).
func (c *Certificate) NormallySent() bool {
	return c.Role == RoleLeaf || c.Role == RoleIntermediate
}
