// Package learn holds the exercises of pinlab's lessons and checks the
// answers with pinlib itself: the simulator runs, the pin is computed from
// the embedded sample, the Android config is parsed. No answer is stored,
// so an exercise can never disagree with what the rest of pinlab shows.
package learn

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says how an exercise is answered.
type Kind string

const (
	KindChoice Kind = "choice" // pick one of Choices
	KindText   Kind = "text"   // free text: a pin, an XML file
)

// Exercise is one question of a lesson.
type Exercise struct {
	ID       string // stable: lessons reference it
	Lesson   string // the lesson's slug
	Question string
	Kind     Kind
	Choices  []string // for KindChoice
	Starter  string   // initial text for KindText (the broken XML to fix)
	Hint     string
}

// Verdict is a checked answer.
type Verdict struct {
	Correct  bool
	Feedback string // plain sentences saying why, from what was computed
}

// ErrUnknownExercise: Check was given an ID no lesson defines.
var ErrUnknownExercise = errors.New("learn: unknown exercise")

// ErrInternal: the simulator or an embedded sample failed, a bug.
var ErrInternal = errors.New("learn: internal error")

// All lists the exercises in lesson order.
func All() []Exercise {
	defs := definitions()
	out := make([]Exercise, len(defs))
	for i, d := range defs {
		out[i] = d.public()
	}
	return out
}

// ByID finds an exercise.
func ByID(id string) (Exercise, bool) {
	for _, d := range definitions() {
		if d.ID == id {
			return d.public(), true
		}
	}
	return Exercise{}, false
}

// Check judges an answer. A wrong, empty or garbled answer is a Verdict,
// not an error; the error is for an unknown id (ErrUnknownExercise), or
// ErrInternal should the simulator itself fail. Check never panics: in the
// browser a panic would take the whole app down.
func Check(id, answer string) (v Verdict, err error) {
	var def *definition
	for _, d := range definitions() {
		if d.ID == id {
			def = d
			break
		}
	}
	if def == nil {
		return Verdict{}, fmt.Errorf("%w %q", ErrUnknownExercise, id)
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = Verdict{}, fmt.Errorf("%w: %s: %v", ErrInternal, id, r)
		}
	}()
	if def.Kind == KindChoice {
		choice, ok := def.choice(answer)
		if !ok {
			return Verdict{Feedback: "Pick one of: " + strings.Join(def.Choices, ", ") + "."}, nil
		}
		answer = choice
	}
	v, err = def.check(answer)
	if err != nil {
		return Verdict{}, fmt.Errorf("%w: %s: %w", ErrInternal, id, err)
	}
	return v, nil
}

// definition is an exercise with the code that checks it.
type definition struct {
	Exercise
	check func(answer string) (Verdict, error) // a choice answer arrives as one of Choices
}

func (d *definition) public() Exercise {
	e := d.Exercise
	e.Choices = append([]string(nil), d.Choices...)
	return e
}

// choice matches an answer to a choice, ignoring case and surrounding space.
func (d *definition) choice(answer string) (string, bool) {
	answer = strings.TrimSpace(answer)
	for _, c := range d.Choices {
		if strings.EqualFold(c, answer) {
			return c, true
		}
	}
	return "", false
}
