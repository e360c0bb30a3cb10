package picture

import (
	"fmt"
	"strings"
	"time"

	"pinlab/pinlib"
)

// Sizes of the timeline, in user units.
const (
	axisH = 40.0
	day   = 24 * time.Hour
)

// frame is a timeline's layout: wide, names left of the bars, or narrow
// for a phone, each name on a line above its bar.
type frame struct {
	class       string
	width       float64
	left, right float64 // the plot's edges
	above       float64 // room for a name above each bar; 0 when names sit left
}

var (
	wideFrame   = frame{class: "pic-timeline", width: 640, left: 170, right: 624}
	narrowFrame = frame{class: "pic-timeline pic-narrow", width: 360, left: 8, right: 352, above: 18}
)

func (f frame) rowH() float64 { return 58 + f.above }

// Timeline draws a rotation plan: each pinned certificate's validity as a
// bar, the date the release carrying a backup pin must ship by, the release
// cadence from today, the pin-set expiration and today. It shows about two
// years from today at most, so that a 90-day leaf is not a sliver beside a
// 20-year root: what runs past the edge says its date there.
func Timeline(plan pinlib.RotationPlan, pinned []*pinlib.Certificate) string {
	return wideFrame.timeline(plan, pinned)
}

// TimelineNarrow is the timeline for a phone's width, each name above its
// bar. The page shows it instead of Timeline on a narrow screen.
func TimelineNarrow(plan pinlib.RotationPlan, pinned []*pinlib.Certificate) string {
	return narrowFrame.timeline(plan, pinned)
}

func (f frame) timeline(plan pinlib.RotationPlan, pinned []*pinlib.Certificate) string {
	now, release, expire := time.Time{}, time.Time{}, time.Time{}
	shipBy := map[int]time.Time{}
	for _, e := range plan.Events {
		switch e.Kind {
		case pinlib.EventNow:
			now = e.When
		case pinlib.EventNextRelease:
			release = e.When
		case pinlib.EventPinsExpire:
			expire = e.When
		case pinlib.EventShipBackupBy:
			shipBy[e.Certificate] = e.When
		}
	}
	var certs []*pinlib.Certificate
	for _, c := range pinned {
		if c != nil && c.Cert != nil {
			certs = append(certs, c)
		}
	}
	from, to := window(now, plan, certs)
	x := func(t time.Time) float64 {
		return f.left + (f.right-f.left)*float64(t.Sub(from))/float64(to.Sub(from))
	}
	inside := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && !t.After(to) }

	rows := len(certs)
	if !release.IsZero() {
		rows++
	}
	h := axisH + float64(rows)*f.rowH() + 46

	var cv canvas
	cv.open(f.class, f.width, h, timelineLabel(plan))
	cv.axis(from, to, x, axisH, h-30)

	y := axisH
	for _, c := range certs {
		f.certRow(&cv, c, y, from, to, x, shipBy, now)
		y += f.rowH()
	}
	if !release.IsZero() {
		cv.group("release", "", func() {
			f.name(&cv, y, "", "Release cadence")
			y += f.above
			x1, x2 := x(now), x(earliest(release, to))
			cv.rect(x1, y+10, max(x2-x1, 2), 14, 3, "bar bar-release")
			note := fmt.Sprintf("an update made today reaches users by %s (%d days)", date(release), int(release.Sub(now)/day))
			if f.above > 0 {
				note = fmt.Sprintf("users have it by %s (%d days)", date(release), int(release.Sub(now)/day))
			}
			cv.text(x1, y+40, "row-note", f.anchorFor(x1, note), note)
		})
	}
	// Today and the pin-set expiration cross every row.
	bottom := axisH + float64(rows)*f.rowH()
	if inside(now) {
		cv.line(x(now), axisH-8, x(now), bottom, "mark-now")
		label := "today, " + date(now)
		cv.text(x(now), bottom+18, "mark-label label-now", f.anchorFor(x(now), label), label)
	}
	if !expire.IsZero() {
		ex := x(earliest(latest(expire, from), to))
		cv.line(ex, axisH-8, ex, bottom, "mark-expire")
		label := "pins stop being checked on " + date(expire)
		if f.above > 0 {
			label = "pins stop on " + date(expire)
		}
		if !inside(expire) {
			label = "→ " + label
		}
		cv.text(ex, bottom+36, "mark-label label-expire", f.anchorFor(ex, label), label)
	}
	return cv.close()
}

// name writes a row's name: left of the bar, or on its own line above it.
func (f frame) name(cv *canvas, y float64, role, name string) {
	if f.above > 0 {
		label := name
		if role != "" {
			label = role + " · " + name
		}
		cv.text(f.left, y+13, "row-label", "", fit(label, 46))
		return
	}
	if role == "" {
		cv.text(8, y+21, "row-label", "", name)
		return
	}
	cv.text(8, y+15, "row-role", "", role)
	cv.text(8, y+31, "row-label", "", fit(name, 22))
}

// window is the span the timeline shows: from a little before the earliest
// date worth showing to a little after the latest, within a year back and
// two years ahead of now.
func window(now time.Time, plan pinlib.RotationPlan, certs []*pinlib.Certificate) (time.Time, time.Time) {
	lo, hi := now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)
	from, to := now, now.Add(60*day)
	take := func(t time.Time) {
		if t.Before(lo) || t.After(hi) {
			return
		}
		from, to = earliest(from, t), latest(to, t)
	}
	for _, e := range plan.Events {
		take(e.When)
	}
	for _, c := range certs {
		take(c.Cert.NotBefore)
		take(c.Cert.NotAfter)
	}
	// Pinning only long-lived CAs, every expiry may lie beyond two years:
	// then the first one and its "ship backup by" date set the end, or the
	// picture would show nothing but today.
	var first pinlib.Event
	for _, e := range plan.Events {
		if e.Kind == pinlib.EventCertExpires && e.When.After(now) && (first.When.IsZero() || e.When.Before(first.When)) {
			first = e
		}
	}
	if !first.When.IsZero() && first.When.After(hi) {
		hi = first.When
		take(first.When)
		for _, e := range plan.Events {
			if e.Kind == pinlib.EventShipBackupBy && e.Certificate == first.Certificate {
				take(e.When)
			}
		}
	}
	pad := to.Sub(from) / 20
	return from.Add(-pad), to.Add(pad)
}

// axis draws month or year ticks along the top, with light lines down.
func (cv *canvas) axis(from, to time.Time, x func(time.Time) float64, top, bottom float64) {
	months := int(to.Sub(from) / (30 * day))
	step, layout := max(1, (months+6)/7), "Jan 2006"
	t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	if months > 24 { // years: a tick each January
		step, layout = 12, "2006"
		t = time.Date(from.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	cv.group("axis", "", func() {
		for i := 0; !t.After(to); i++ {
			if i%step == 0 {
				cv.line(x(t), top-8, x(t), bottom-14, "tick")
				cv.text(x(t), top-14, "tick-label", "middle", t.Format(layout))
			}
			t = t.AddDate(0, 1, 0)
		}
	})
}

// certRow draws one certificate: its name, its validity as a bar cut at the
// window's edges, its expiry, and the date a backup pin for it must ship by.
func (f frame) certRow(cv *canvas, c *pinlib.Certificate, y float64, from, to time.Time, x func(time.Time) float64, shipBy map[int]time.Time, now time.Time) {
	nb, na := c.Cert.NotBefore, c.Cert.NotAfter
	cv.group("row row-"+string(c.Role), c.Name(), func() {
		f.name(cv, y, string(c.Role), c.Name())
		y += f.above
		x1, x2 := x(latest(nb, from)), x(earliest(na, to))
		if x2 > x1 {
			cv.rect(x1, y+8, x2-x1, 16, 3, "bar bar-"+string(c.Role))
		}
		end := "expires " + date(na)
		switch {
		case na.After(to):
			cv.text(f.right, y+36, "bar-label", "end", end+" →")
		case na.Before(from):
			cv.text(f.left, y+36, "bar-label", "", "← expired "+date(na))
		default:
			cv.text(x2, y+36, "bar-label", f.anchorFor(x2, end), end)
		}
		if s, ok := shipBy[c.Index]; ok && !s.Before(from) && !s.After(to) {
			class, label := "ship", "ship backup by "+date(s)
			if s.Before(now) {
				class, label = "ship late", "⚠ backup was due "+date(s)
			}
			sx := x(s)
			cv.path(fmt.Sprintf("M%s %sl7 8l-7 8l-7 -8z", num(sx), num(y+8)), class)
			label = "◆ " + label
			cv.text(sx, y+52, "ship-label "+class, f.anchorFor(sx, label), label)
		}
	})
}

// anchorFor places a label at x so that it stays inside the plot: centred
// on x where it fits, else starting or ending there. Widths are estimated
// at 7 units a character; SVG cannot measure text before it is drawn.
func (f frame) anchorFor(x float64, label string) string {
	half := float64(len([]rune(label))) * 7 / 2
	switch {
	case x-half < max(f.left-60, 4):
		return "start"
	case x+half > f.width-4:
		return "end"
	}
	return "middle"
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func date(t time.Time) string { return t.UTC().Format("2006-01-02") }

// timelineLabel is the plan in words: its events, in order.
func timelineLabel(plan pinlib.RotationPlan) string {
	parts := make([]string, len(plan.Events))
	for i, e := range plan.Events {
		parts[i] = e.Label
	}
	return "Rotation timeline. " + strings.Join(parts, " ")
}
