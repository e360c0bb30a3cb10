package pinlib

import (
	"fmt"
	"slices"
	"time"
)

// Event kinds on a rotation timeline. They are stable: the UI styles them and
// tests key on them.
const (
	EventNow          = "now"            // the reference time
	EventCertExpires  = "cert-expires"   // a pinned certificate's NotAfter
	EventShipBackupBy = "ship-backup-by" // last day to ship the release carrying a backup pin for it
	EventReleaseBy    = "release-by"     // with backup pins in the set: last day to release it before a renewal
	EventNextRelease  = "next-release"   // when a release made now has reached users
	EventPinsExpire   = "pins-expire"    // the pin-set expiration: the first day clients do not check pins
)

// Rotation warning codes, alongside the Code constants of the chain warnings.
const (
	CodeNoBackup                = "no-backup"                 // every pin comes from the current chain
	CodeBackupTooLate           = "backup-too-late"           // a backup can no longer reach users before the rotation
	CodeExpirationBeforeRelease = "expiration-before-release" // pins lapse before the next release can refresh them
	CodeExpirationAfterCert     = "expiration-after-cert"     // pins still demanded after the certificate is gone
	CodeExpirationPast          = "expiration-past"           // the pin set is expired already
	CodeCadenceInvalid          = "cadence-invalid"           // release cadence zero or negative
)

// RotationMargin is taken off every certificate's NotAfter on top of the
// release cadence. Certbot and most ACME clients renew once 30 days remain
// (Let's Encrypt's own advice), and a renewal with a new key is the moment a
// pin breaks: the backup pin has to be in users' hands by then, not by the
// expiry date.
const RotationMargin = 30 * 24 * time.Hour

// RotationInput is what the planner needs to know about a pinning decision.
type RotationInput struct {
	Now time.Time
	// Pinned are the chosen pins that come from certificates, with their NotAfter.
	Pinned []*Certificate
	// Backups is how many pins of the set are keys no current certificate
	// uses. Once there is one, the plan no longer asks for a backup: it
	// says by when the release carrying them must ship.
	Backups int
	// ReleaseCadence is how long an app update with new pins takes to reach
	// users: the time to ship a release plus the time most users take to
	// install it.
	ReleaseCadence time.Duration
	// Expiration is the pin-set expiration (Android expiration, TrustKit
	// kTSKExpirationDate); zero for none. The date is the first unpinned
	// day: Android skips the pins from 00:00 device time on it, TrustKit
	// from 00:00 UTC. So the plan says pins stop being checked ON it,
	// never "after" it, and an expiration of today is already past.
	Expiration time.Time
}

// Event is one point on the rotation timeline.
type Event struct {
	When        time.Time
	Kind        string // one of the Event constants
	Label       string // a plain sentence
	Certificate int    // Index of the pinned certificate it is about, -1 for none
}

// RotationPlan is the timeline of a pinning decision and what is wrong with it.
type RotationPlan struct {
	Events   []Event   // sorted by time
	Warnings []Warning // Index is the certificate's Index, -1 for the plan as a whole
}

// PlanRotation lays out when backup pins must ship so that a certificate
// rotation never meets an app that refuses the new key, and warns where the
// plan leads to an outage or to pinning that silently stops.
func PlanRotation(in RotationInput) RotationPlan {
	var p RotationPlan
	now := in.Now
	cadence := in.ReleaseCadence
	cadenceOK := cadence > 0
	p.event(now, EventNow, -1, "Today, %s.", date(now))

	if !cadenceOK {
		p.Warnings = append(p.Warnings, warn(CodeCadenceInvalid, -1,
			"The release cadence must be a positive number of days, not %s; the dates that depend on it are left out.",
			plural(days(cadence), "day")))
	} else {
		arrives := now.Add(cadence)
		p.event(arrives, EventNextRelease, -1,
			"An app update released today has reached most users by %s (%d-day release cadence).",
			date(arrives), days(cadence))
	}

	if in.Backups <= 0 {
		// Android Lint warns on this and TrustKit refuses to enforce such a set.
		p.Warnings = append(p.Warnings, warn(CodeNoBackup, -1,
			"No backup pin: every pin comes from the current chain, so when the server moves to a new key or CA, installed apps refuse it until users update (an outage). Generate a backup key and pin it too."))
	}

	for _, c := range in.Pinned {
		if c == nil || c.Cert == nil {
			continue
		}
		notAfter := c.Cert.NotAfter
		p.event(notAfter, EventCertExpires, c.Index, "%s expires on %s.", c.Name(), date(notAfter))
		if !cadenceOK {
			continue
		}
		shipBy := notAfter.Add(-cadence - RotationMargin)
		if in.Backups > 0 {
			p.releaseBy(now, shipBy, c, in.Backups, cadence)
			continue
		}
		p.event(shipBy, EventShipBackupBy, c.Index,
			"Ship the release carrying a backup pin for %s by %s: %s of release cadence and a %d-day margin before it expires on %s.",
			c.Name(), date(shipBy), plural(days(cadence), "day"), days(RotationMargin), date(notAfter))
		if shipBy.Before(now) {
			p.Warnings = append(p.Warnings, warn(CodeBackupTooLate, c.Index,
				"A backup pin for %s had to ship by %s (%s ago) to reach users, with a %d-day margin, before %s expires on %s. Renew %s with the same key, so its current pin keeps matching, and ship the backup pin now.",
				c.Name(), date(shipBy), plural(days(now.Sub(shipBy)), "day"), days(RotationMargin),
				c.Name(), date(notAfter), c.Name()))
		}
	}

	if exp := in.Expiration; !exp.IsZero() {
		p.event(exp, EventPinsExpire, -1,
			"First unpinned day: pins stop being checked on %s (from 00:00 device time on Android, 00:00 UTC in TrustKit), and from then on clients trust any certificate the system trusts.", date(exp))
		switch {
		case !exp.After(now):
			p.Warnings = append(p.Warnings, warn(CodeExpirationPast, -1,
				"Pins stop being checked on %s, %s: clients that honour the expiration skip the pins from the first launch, so nothing is pinned at all.",
				date(exp), since(now.Sub(exp))))
		case cadenceOK && exp.Before(now.Add(cadence)):
			p.Warnings = append(p.Warnings, warn(CodeExpirationBeforeRelease, -1,
				"Pins stop being checked on %s, %s from now, but an update released today only reaches users by %s (%d-day release cadence): in between, pinning silently stops and nothing reports it. Set an expiration later than %s.",
				date(exp), plural(days(exp.Sub(now)), "day"), date(now.Add(cadence)), days(cadence), date(now.Add(cadence))))
		}
		for _, c := range in.Pinned {
			if c == nil || c.Cert == nil || !exp.After(c.Cert.NotAfter) {
				continue
			}
			p.Warnings = append(p.Warnings, warn(CodeExpirationAfterCert, c.Index,
				"Pins stop being checked on %s, %s after %s expires (%s): if its renewal brings a new key, installed apps still demand the old one and refuse the real server (an outage) until then, unless a backup pin matches. Set the expiration on or before %s.",
				date(exp), plural(days(exp.Sub(c.Cert.NotAfter)), "day"), c.Name(), date(c.Cert.NotAfter), date(c.Cert.NotAfter)))
		}
	}

	slices.SortStableFunc(p.Events, func(a, b Event) int { return a.When.Compare(b.When) })
	return p
}

// releaseBy is the plan for a pinned certificate once backup pins are in
// the set: nothing more to add, but the release carrying them has to be on
// users' devices before the certificate's renewal may move to a backup key.
func (p *RotationPlan) releaseBy(now, by time.Time, c *Certificate, backups int, cadence time.Duration) {
	pins := plural(backups, "backup pin")
	notAfter := c.Cert.NotAfter
	p.event(by, EventReleaseBy, c.Index,
		"Release this config, with its %s, by %s: with %s of release cadence and a %d-day margin it is on users' devices before %s expires on %s, and its renewal can then move to a backup key.",
		pins, date(by), plural(days(cadence), "day"), days(RotationMargin), c.Name(), date(notAfter))
	if by.Before(now) {
		p.Warnings = append(p.Warnings, warn(CodeBackupTooLate, c.Index,
			"The release carrying this config's %s reaches users only by %s, after %s's renewal window opened on %s (%d days before it expires on %s): a renewal with a backup key before then locks out the users still on the old release. Renew %s with the same key this time, so its current pin keeps matching, and release this config now.",
			pins, date(now.Add(cadence)), c.Name(), date(notAfter.Add(-RotationMargin)), days(RotationMargin), date(notAfter), c.Name()))
	}
}

func (p *RotationPlan) event(when time.Time, kind string, cert int, format string, args ...any) {
	p.Events = append(p.Events, Event{When: when, Kind: kind, Certificate: cert, Label: fmt.Sprintf(format, args...)})
}

// since says how long ago an expiration was: "today" on the day itself.
func since(d time.Duration) string {
	if n := days(d); n > 0 {
		return plural(n, "day") + " ago"
	}
	return "today"
}

// date formats a day as Android's expiration attribute does: yyyy-MM-dd, UTC.
func date(t time.Time) string { return t.UTC().Format(dateFormat) }
