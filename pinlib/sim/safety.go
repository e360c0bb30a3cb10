package sim

// A check that passes is good news when the real server presented the
// chain and bad news when an attacker did: a green "✓ Chain built" in a
// man-in-the-middle case tells the wrong story. So every step of a trace
// is judged by what it means for the user, computed here from the result
// rather than from the step's pass or fail alone.

// Safety is what an outcome, or a step of the trace, means for the user.
type Safety string

const (
	Safe    Safety = "safe"    // the user is protected: the real server accepted, or the attack refused
	Unsafe  Safety = "unsafe"  // the attacker gets through
	Broken  Safety = "broken"  // the app refuses its own server: an outage
	Alarm   Safety = "alarm"   // allowed, and a report goes out
	Neutral Safety = "neutral" // information, or nothing to judge
)

// Safety is what the outcome means for the user.
func (o Outcome) Safety() Safety {
	switch o {
	case Secure, Blocked:
		return Safe
	case Intercepted, InterceptedReported:
		return Unsafe
	case Outage:
		return Broken
	case SecureReported:
		return Alarm
	}
	return Neutral
}

// StepMeaning is one trace step judged for the user's safety.
type StepMeaning struct {
	Safety Safety
	Mark   string // a glyph: ✓, ✗, ⚠, ⚑, or "" for information
	Label  string // a few words: "the attacker passes this check"; "" for information
}

// Meaning judges step i of the trace. The last step, the result, carries
// the outcome's own glyph and safety, so its colour is the verdict's.
func (r Result) Meaning(i int) StepMeaning {
	if i < 0 || i >= len(r.Trace) {
		return StepMeaning{Safety: Neutral}
	}
	s := r.Trace[i]
	if s.Title == StepResult {
		return StepMeaning{Safety: r.Outcome.Safety(), Mark: r.Outcome.Glyph(), Label: r.Outcome.Name()}
	}
	switch {
	case s.Status == StatusPass && r.Attacker:
		return StepMeaning{Unsafe, "✗", "the attacker passes this check"}
	case s.Status == StatusPass:
		return StepMeaning{Safe, "✓", "your server passes this check"}
	case s.Status == StatusFail && r.Attacker && r.Outcome.Safety() == Safe:
		return StepMeaning{Safe, "✓", "this check stops the attack"}
	case s.Status == StatusFail && r.Attacker:
		// A hook or soft-fail lets the connection through all the same.
		return StepMeaning{Unsafe, "✗", "this check fails, but the attack goes on"}
	case s.Status == StatusFail && r.Outcome.Safety() == Broken:
		return StepMeaning{Broken, "⚠", "this check refuses your own server"}
	case s.Status == StatusFail:
		return StepMeaning{Alarm, "⚑", "this check fails; the connection is allowed and reported"}
	}
	return StepMeaning{Safety: Neutral}
}
