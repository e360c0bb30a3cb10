package learn

import (
	"fmt"
	"slices"
	"sync"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

var defs struct {
	once sync.Once
	list []*definition
}

// definitions are the exercises in lesson order (issue 7: lessons 3 to 11).
func definitions() []*definition {
	defs.once.Do(func() {
		defs.list = []*definition{
			whatToPinRotation(),
			spkiPinE5(),
			backupSurvives(),
			softFailOutcome(),
			fixAndroidConfig(),
			iosIntermediateRotated(),
			naiveClient(),
			proxyAndroid(),
			defeatsEveryPin(),
		}
	})
	return defs.list
}

// rotationHolds runs the two cells of what-to-pin-rotation for a policy.
func rotationHolds(policy string) (ok bool, renew, rogue sim.Result, err error) {
	if renew, err = run("android", "leaf-renewed-new-key", policy, sim.Hard); err != nil {
		return
	}
	if rogue, err = run("android", "rogue-public-ca", policy, sim.Hard); err != nil {
		return
	}
	return renew.Outcome == sim.Secure && rogue.Outcome == sim.Blocked, renew, rogue, nil
}

func whatToPinRotation() *definition {
	d := &definition{Exercise: Exercise{
		ID:       "what-to-pin-rotation",
		Lesson:   "what-to-pin",
		Question: "Your Android app must keep working when the server renews its leaf with a new key, and still block a rogue public CA. Which policy?",
		Kind:     KindChoice,
		Choices:  slices.Clone(sim.Policies),
		Hint:     "A pin on the leaf's key breaks when that key changes, and no pin blocks nothing. Look at the android rows leaf-renewed-new-key and rogue-public-ca of the matrix.",
	}}
	d.check = func(policy string) (Verdict, error) {
		ok, renew, rogue, err := rotationHolds(policy)
		if err != nil {
			return Verdict{}, err
		}
		fb := fmt.Sprintf("With %s on Android, hard-fail, leaf-renewed-new-key is %s (%s) and rogue-public-ca is %s (%s).",
			policy, renew.Outcome, clause(renew), rogue.Outcome, clause(rogue))
		if !ok {
			return Verdict{Feedback: fb + " The app needs secure for the renewal and blocked for the rogue CA."}, nil
		}
		var others []string
		for _, p := range sim.Policies {
			if p == policy {
				continue
			}
			if hold, _, _, err := rotationHolds(p); err != nil {
				return Verdict{}, err
			} else if hold {
				others = append(others, p)
			}
		}
		if len(others) > 0 {
			fb += fmt.Sprintf(" %s would do too.", pinlib.JoinAnd(others))
		}
		return Verdict{Correct: true, Feedback: fb}, nil
	}
	return d
}

func backupSurvives() *definition {
	const client, scenario = "okhttp", "leaf-renewed-backup-key"
	// "none" pins nothing, so it trivially keeps working: the question is
	// which pins do.
	var policies []string
	for _, p := range sim.Policies {
		if p != "none" {
			policies = append(policies, p)
		}
	}
	d := &definition{Exercise: Exercise{
		ID:       "backup-survives",
		Lesson:   "backup-and-rotation",
		Question: "The server's leaf moves to the backup key you set aside (leaf-renewed-backup-key). The app uses OkHttp's CertificatePinner, hard-fail. Which pin policy keeps the app working?",
		Kind:     KindChoice,
		Choices:  policies,
		Hint:     "A pin only survives a key change if the new key, or a CA above it, was pinned before the change.",
	}}
	d.check = func(policy string) (Verdict, error) {
		r, err := run(client, scenario, policy, sim.Hard)
		if err != nil {
			return Verdict{}, err
		}
		fb := fmt.Sprintf("With %s, OkHttp's outcome on %s is %s: %s.", policy, scenario, r.Outcome, clause(r))
		if r.Outcome != sim.Secure {
			return Verdict{Feedback: fb}, nil
		}
		var others []string
		for _, p := range policies {
			if p == policy {
				continue
			}
			o, err := run(client, scenario, p, sim.Hard)
			if err != nil {
				return Verdict{}, err
			}
			if o.Outcome == sim.Secure {
				others = append(others, p)
			}
		}
		if len(others) > 0 {
			fb += fmt.Sprintf(" %s keep it working too.", pinlib.JoinAnd(others))
		}
		return Verdict{Correct: true, Feedback: fb}, nil
	}
	return d
}

// predict is an exercise that asks for the outcome of one simulated cell.
func predict(id, lesson, question, hint string, c sim.Case) *definition {
	d := &definition{Exercise: Exercise{
		ID: id, Lesson: lesson, Question: question, Hint: hint,
		Kind:    KindChoice,
		Choices: slices.Clone(outcomeChoices),
	}}
	d.check = func(answer string) (Verdict, error) {
		r, err := run(c.Client, c.Scenario, c.Policy, c.Mode)
		if err != nil {
			return Verdict{}, err
		}
		if answer == string(r.Outcome) {
			return Verdict{Correct: true, Feedback: fmt.Sprintf("It is %s: %s.", r.Outcome, clause(r))}, nil
		}
		return Verdict{Feedback: fmt.Sprintf("Not %s: the simulator says %s, because %s.", answer, r.Outcome, clause(r))}, nil
	}
	return d
}

func softFailOutcome() *definition {
	return predict("soft-fail-outcome", "hard-vs-soft-fail",
		"trustkit, soft-fail, rogue-public-ca, leaf-spki+backup: what happens?",
		"In soft-fail mode TrustKit does not block a pin mismatch (kTSKEnforcePinning false), but the chain must still be trusted.",
		sim.Case{Client: "trustkit", Scenario: "rogue-public-ca", Policy: "leaf-spki+backup", Mode: sim.Soft})
}

func iosIntermediateRotated() *definition {
	return predict("ios-intermediate-rotated", "ios",
		"An iOS app pins its CA's intermediate with NSPinnedCAIdentities (intermediate-spki, hard-fail). The CA moves the server to a new intermediate (intermediate-rotated). What happens?",
		"NSPinnedCAIdentities match any CA certificate of the chain: is the old intermediate's key still in the new chain?",
		sim.Case{Client: "ios", Scenario: "intermediate-rotated", Policy: "intermediate-spki", Mode: sim.Hard})
}

func proxyAndroid() *definition {
	return predict("proxy-android", "testing-pinning",
		"You test a release build of your Android app (API 24+, no pins: policy none, hard-fail) through a proxy whose root you installed as a user CA (proxy-user-ca). What happens?",
		"Since Android 7 (API 24), which certificate stores does an app trust unless its config says otherwise?",
		sim.Case{Client: "android", Scenario: "proxy-user-ca", Policy: "none", Mode: sim.Hard})
}

func naiveClient() *definition {
	const scenario, policy = "pinned-cert-appended", "intermediate-spki"
	d := &definition{Exercise: Exercise{
		ID:       "naive-client",
		Lesson:   "cross-platform",
		Question: "An attacker with a rogue CA appends your pinned intermediate to their own chain (pinned-cert-appended). The app pins the intermediate (intermediate-spki), hard-fail. Which client is fooled?",
		Kind:     KindChoice,
		Choices:  slices.Clone(sim.Clients),
		Hint:     "The appended certificate is not part of the chain verification builds. Which client compares the pins with the chain as sent (CVE-2016-2402)?",
	}}
	d.check = func(client string) (Verdict, error) {
		r, err := run(client, scenario, policy, sim.Hard)
		if err != nil {
			return Verdict{}, err
		}
		fb := fmt.Sprintf("%s is %s: %s.", client, r.Outcome, clause(r))
		if r.Outcome != sim.Intercepted {
			return Verdict{Feedback: fb}, nil
		}
		var others []string
		for _, c := range sim.Clients {
			if c == client {
				continue
			}
			o, err := run(c, scenario, policy, sim.Hard)
			if err != nil {
				return Verdict{}, err
			}
			if o.Outcome == sim.Intercepted {
				others = append(others, c)
			}
		}
		if len(others) > 0 {
			fb += fmt.Sprintf(" %s would be fooled too.", pinlib.JoinAnd(others))
		}
		return Verdict{Correct: true, Feedback: fb}, nil
	}
	return d
}

// defeatsAll runs a scenario against every policy on Android, hard-fail:
// it defeats every pin when each policy Android can express is intercepted.
func defeatsAll(scenario string) (ok bool, holding []string, example sim.Result, err error) {
	ok = true
	expressible := 0
	for _, p := range sim.Policies {
		r, err := run("android", scenario, p, sim.Hard)
		if err != nil {
			return false, nil, sim.Result{}, err
		}
		if r.Outcome == sim.NotApplicable {
			continue
		}
		expressible++
		if r.Outcome != sim.Intercepted {
			ok = false
			holding = append(holding, fmt.Sprintf("%s is %s", p, r.Outcome))
			continue
		}
		if p != "none" && example.Outcome == "" {
			example = r
		}
	}
	return ok && expressible > 0, holding, example, nil
}

func defeatsEveryPin() *definition {
	d := &definition{Exercise: Exercise{
		ID:       "defeats-every-pin",
		Lesson:   "limits",
		Question: "Which scenario defeats every pin policy on Android (hard-fail): every policy ends intercepted?",
		Kind:     KindChoice,
		Choices:  slices.Clone(sim.Scenarios),
		Hint:     "Pins are checked by code in the app, on the device, while they are in force. What if the device, or the calendar, is against you?",
	}}
	d.check = func(scenario string) (Verdict, error) {
		ok, holding, example, err := defeatsAll(scenario)
		if err != nil {
			return Verdict{}, err
		}
		if !ok {
			return Verdict{Feedback: fmt.Sprintf("With %s on Android, not every policy falls: %s.", scenario, pinlib.JoinAnd(holding))}, nil
		}
		fb := fmt.Sprintf("With %s on Android, every policy ends intercepted", scenario)
		if example.Outcome != "" {
			fb += fmt.Sprintf("; with %s, for one, %s", example.Policy, clause(example))
		}
		fb += "."
		var others []string
		for _, s := range sim.Scenarios {
			if s == scenario {
				continue
			}
			if all, _, _, err := defeatsAll(s); err != nil {
				return Verdict{}, err
			} else if all {
				others = append(others, s)
			}
		}
		if len(others) > 0 {
			fb += fmt.Sprintf(" %s does too.", pinlib.JoinAnd(others))
		}
		return Verdict{Correct: true, Feedback: fb}, nil
	}
	return d
}
