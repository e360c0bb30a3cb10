package learn

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// Pins of the Let's Encrypt samples, from pinlib/testdata/vectors/PINS.tsv
// (made by openssl, not by pinlib).
const (
	e5Pin     = "NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg="
	e5CertHex = "e788d14b0436b5120bbee3f15c15badf08c1407fe72568a4f16f9151c380e1e3"
	e6Pin     = "0Bbh/jEZSKymTy3kTOhsmlHKBB32EDu1KojrP3YfV9c="
	e7Pin     = "y7xVm0TVJNahMr2sZydE2jQH8SquXV9yLF9seROHHHU="
	r10Pin    = "K7rZOrXHknnsEhUH8nLL4MZkejquUuIvOIr6tCa0rbo="
	// By openssl: ISRG Root X2's SPKI SHA-256, E5's certificate SHA-256 in base64.
	x2Pin       = "diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI="
	e5CertInB64 = "54jRSwQ2tRILvuPxXBW63wjBQH/nJWik8W+RUcOA4eM="
)

func TestAll(t *testing.T) {
	want := []struct{ id, lesson string }{
		{"what-to-pin-rotation", "what-to-pin"},
		{"spki-pin-e5", "spki-vs-certificate"},
		{"backup-survives", "backup-and-rotation"},
		{"soft-fail-outcome", "hard-vs-soft-fail"},
		{"fix-android-config", "android"},
		{"ios-intermediate-rotated", "ios"},
		{"naive-client", "cross-platform"},
		{"proxy-android", "testing-pinning"},
		{"defeats-every-pin", "limits"},
	}
	all := All()
	if len(all) != len(want) {
		t.Fatalf("%d exercises, want %d", len(all), len(want))
	}
	for i, e := range all {
		if e.ID != want[i].id || e.Lesson != want[i].lesson {
			t.Errorf("exercise %d: %s (%s), want %s (%s)", i, e.ID, e.Lesson, want[i].id, want[i].lesson)
		}
		if e.Question == "" || e.Hint == "" {
			t.Errorf("%s: no question or hint", e.ID)
		}
		switch e.Kind {
		case KindChoice:
			if len(e.Choices) < 2 || e.Starter != "" {
				t.Errorf("%s: choices %v, starter %q", e.ID, e.Choices, e.Starter)
			}
		case KindText:
			if len(e.Choices) != 0 {
				t.Errorf("%s: a text exercise with choices", e.ID)
			}
		default:
			t.Errorf("%s: kind %q", e.ID, e.Kind)
		}
		got, ok := ByID(e.ID)
		if !ok || got.ID != e.ID || !slices.Equal(got.Choices, e.Choices) {
			t.Errorf("ByID(%s) = %+v, %t", e.ID, got, ok)
		}
	}
	// Callers get copies: changing one does not change the exercise.
	all[0].Choices[0] = "changed"
	if again := All(); again[0].Choices[0] == "changed" {
		t.Error("All shares its Choices")
	}
	if _, ok := ByID("nope"); ok {
		t.Error("ByID(nope) found something")
	}
}

func TestCheckUnknown(t *testing.T) {
	for _, id := range []string{"", "nope", "SPKI-PIN-E5"} {
		if _, err := Check(id, "x"); !errors.Is(err, ErrUnknownExercise) {
			t.Errorf("Check(%q): error %v, want ErrUnknownExercise", id, err)
		}
	}
}

func androidAnswer(domain, pinSet string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<network-security-config>
    <domain-config>
        ` + domain + `
        ` + pinSet + `
    </domain-config>
</network-security-config>
`
}

func TestCheck(t *testing.T) {
	future := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	past := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
	domain := `<domain includeSubdomains="true">api.example.test</domain>`
	twoPins := `<pin-set expiration="` + future + `">
            <pin digest="SHA-256">` + e5Pin + `</pin>
            <pin digest="SHA-256">` + e6Pin + `</pin>
        </pin-set>`
	tests := []struct {
		id, answer string
		correct    bool
		feedback   string // a phrase the feedback holds
	}{
		// Choices: every policy is tried in TestEveryChoice; these pin the
		// computed right answers down.
		{"what-to-pin-rotation", "intermediate-spki", true, "root-spki would do too"},
		{"what-to-pin-rotation", "root-spki", true, "leaf-renewed-new-key is secure"},
		{"what-to-pin-rotation", " Root-SPKI\n", true, "rogue-public-ca is blocked"},
		{"what-to-pin-rotation", "leaf-spki", false, "leaf-renewed-new-key is outage"},
		{"what-to-pin-rotation", "leaf-spki+backup", false, "outage"},
		{"what-to-pin-rotation", "none", false, "rogue-public-ca is intercepted"},
		{"what-to-pin-rotation", "leaf-cert", false, "n/a"},
		{"what-to-pin-rotation", "pin everything", false, "Pick one of"},

		{"spki-pin-e5", e5Pin, true, "SubjectPublicKeyInfo"},
		{"spki-pin-e5", "  " + e5Pin + "\n", true, ""},
		{"spki-pin-e5", "sha256/" + e5Pin, true, ""},
		{"spki-pin-e5", "sha256//" + e5Pin, true, ""},
		{"spki-pin-e5", `pin-sha256="` + e5Pin + `"`, true, ""},
		{"spki-pin-e5", strings.TrimSuffix(e5Pin, "="), true, ""},
		{"spki-pin-e5", e6Pin, false, "pin of E6 (e6.pem), not of E5"},
		{"spki-pin-e5", e5CertHex, false, "E5's certificate fingerprint"},
		{"spki-pin-e5", strings.ToUpper(e5CertHex), false, "in hex"},
		{"spki-pin-e5", "sha-256/" + e5Pin, false, "hash is E5's SPKI SHA-256, but prefix \"sha-256/\""},
		{"spki-pin-e5", "35:86:D4:EC:F0:70:57:8C:BD:27:AE:DC:E2:0B:96:4E:48:BC:14:9F:AE:B9:DA:D7:2F:46:B8:57:86:91:72:B8", false, "E5's SPKI SHA-256, but in hex"},
		{"spki-pin-e5", "sha256/" + e6Pin, false, "E6"},
		{"spki-pin-e5", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false, "no Let's Encrypt certificate"},
		{"spki-pin-e5", "hello", false, "not a SHA-256 pin"},
		{"spki-pin-e5", "sha1/" + e5SHA1(t), false, "E5's SPKI SHA-1 hash"},
		{"spki-pin-e5", "", false, "Paste a pin"},

		{"backup-survives", "leaf-spki+backup", true, "a pin matches \"api.example.test\""},
		{"backup-survives", "intermediate-spki", true, "secure"},
		{"backup-survives", "root-spki", true, "secure"},
		{"backup-survives", "leaf-spki", false, "outage"},
		{"backup-survives", "leaf-cert", false, "n/a"},
		{"backup-survives", "none", false, "Pick one of"},

		{"soft-fail-outcome", "intercepted-reported", true, "sends a report"},
		{"soft-fail-outcome", "blocked", false, "the simulator says intercepted-reported"},
		{"soft-fail-outcome", "intercepted", false, "intercepted-reported"},
		{"soft-fail-outcome", "n/a", false, "Pick one of"},

		{"fix-android-config", androidAnswer(domain, twoPins), true, "2 distinct SHA-256 pins apply to api.example.test (E5 and E6), until " + future},
		{"fix-android-config", androidAnswer(`<domain>api.example.test</domain>`, `<pin-set><pin digest="sha-256">`+e5Pin+`</pin><pin digest="SHA-256">`+e6Pin+`</pin></pin-set>`), true, "2 distinct"},
		{"fix-android-config", androidAnswer(`<domain includeSubdomains="true">example.test</domain>`, twoPins), true, ""},
		{"fix-android-config", mustStarter(t), false, "left to fix"},
		{"fix-android-config", androidAnswer(domain, ""), false, "host-not-pinned"},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, e6Pin, e5Pin, 1)), false, "missing-backup-pin"},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, future, past, 1)), false, "pins-expired"},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, future, "31.12.2030", 1)), false, "invalid-expiration"},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, ">"+e6Pin, ">sha256/"+e6Pin, 1)), false, "bare base64 value " + e6Pin},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, ">"+e6Pin, ">"+e5CertHex, 1)), false, "hex certificate fingerprint"},
		{"fix-android-config", androidAnswer(domain, strings.Replace(twoPins, `"SHA-256">`+e6Pin, `"SHA-1">`+e6Pin, 1)), false, "unsupported-digest"},
		{"fix-android-config", androidAnswer(`<domain>www.example.test</domain>`, twoPins), false, "host-not-covered"},
		{"fix-android-config", strings.Replace(androidAnswer(domain, ""), "</network-security-config>", twoPins+"</network-security-config>", 1), false, "pin-set-outside-domain-config"},
		{"fix-android-config", androidAnswer(domain, twoPins)[:150], false, "xml-syntax"},
		{"fix-android-config", "", false, "Paste"},

		{"ios-intermediate-rotated", "outage", true, "refuses its own server"},
		{"ios-intermediate-rotated", "secure", false, "the simulator says outage"},
		{"ios-intermediate-rotated", "blocked", false, "outage"},

		{"naive-client", "naive", true, "CVE-2016-2402"},
		{"naive-client", "okhttp", false, "okhttp is blocked"},
		{"naive-client", "android", false, "blocked"},
		{"naive-client", "trustkit", false, "n/a"},

		{"proxy-android", "blocked", true, "user store"},
		{"proxy-android", "intercepted", false, "the simulator says blocked"},
		{"proxy-android", "secure", false, "blocked"},

		{"defeats-every-pin", "runtime-hook", true, "pins-expired-rogue-ca does too"},
		{"defeats-every-pin", "pins-expired-rogue-ca", true, "skips the pins"},
		{"defeats-every-pin", "rogue-public-ca", false, "leaf-spki is blocked"},
		{"defeats-every-pin", "compromised-issuing-ca", false, "leaf-spki+backup is blocked"},
		{"defeats-every-pin", "baseline", false, "not every policy falls"},
	}
	for _, tc := range tests {
		v, err := Check(tc.id, tc.answer)
		if err != nil {
			t.Errorf("%s %q: %v", tc.id, clip(tc.answer), err)
			continue
		}
		if v.Correct != tc.correct {
			t.Errorf("%s %q: correct %t, want %t; feedback %q", tc.id, clip(tc.answer), v.Correct, tc.correct, v.Feedback)
		}
		if v.Feedback == "" || !strings.Contains(v.Feedback, tc.feedback) {
			t.Errorf("%s %q: feedback %q lacks %q", tc.id, clip(tc.answer), v.Feedback, tc.feedback)
		}
	}
}

func e5SHA1(t *testing.T) string {
	c, err := sampleFile("e5.pem")
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(c.Pins.SPKISHA1)
}

func mustStarter(t *testing.T) string {
	e, ok := ByID("fix-android-config")
	if !ok || !strings.Contains(e.Starter, "<network-security-config>") {
		t.Fatalf("starter %q", e.Starter)
	}
	return e.Starter
}

// TestStarterMistakes: the broken file shows each mistake it is meant to.
func TestStarterMistakes(t *testing.T) {
	v, err := Check("fix-android-config", mustStarter(t))
	if err != nil || v.Correct {
		t.Fatalf("%v %+v", err, v)
	}
	for _, code := range []string{"user-cas-in-release", "pin-set-outside-domain-config", "unsupported-digest", "invalid-pin", "missing-backup-pin", "pins-expired", "host-not-pinned"} {
		if !strings.Contains(v.Feedback, "["+code+"]") {
			t.Errorf("starter feedback lacks %s: %s", code, v.Feedback)
		}
	}
}

// TestEveryChoice: every choice of every choice exercise gets a verdict
// with feedback, and each exercise has a right and a wrong choice.
func TestEveryChoice(t *testing.T) {
	for _, e := range All() {
		if e.Kind != KindChoice {
			continue
		}
		right, wrong := 0, 0
		for _, c := range e.Choices {
			v, err := Check(e.ID, c)
			if err != nil {
				t.Fatalf("%s %s: %v", e.ID, c, err)
			}
			if v.Feedback == "" || !strings.HasSuffix(v.Feedback, ".") {
				t.Errorf("%s %s: feedback %q", e.ID, c, v.Feedback)
			}
			if v.Correct {
				right++
			} else {
				wrong++
			}
		}
		if right == 0 || wrong == 0 {
			t.Errorf("%s: %d right and %d wrong choices", e.ID, right, wrong)
		}
	}
}

func TestCheckGarbage(t *testing.T) {
	garbage := []string{"", " ", "\x00\xff", strings.Repeat("<", 10000), strings.Repeat("A", 1<<16), "<network-security-config>" + strings.Repeat("<domain-config>", 2000), "sha256/", "pin-sha256=", "::::", "\u202e"}
	for _, e := range All() {
		for _, g := range garbage {
			v, err := Check(e.ID, g)
			if err != nil || v.Correct || v.Feedback == "" {
				t.Errorf("%s %q: %+v %v", e.ID, clip(g), v, err)
			}
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("spki-pin-e5", "sha256/"+e5Pin)
	f.Add("fix-android-config", "<network-security-config><domain-config><domain>api.example.test</domain></domain-config></network-security-config>")
	f.Add("naive-client", "naive")
	f.Fuzz(func(t *testing.T, id, answer string) {
		v, err := Check(id, answer)
		if _, known := ByID(id); known != (err == nil) {
			t.Fatalf("Check(%q): error %v", id, err)
		}
		if err == nil && v.Feedback == "" {
			t.Fatalf("Check(%q, %q): no feedback", id, answer)
		}
	})
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// The fix-android-config exercise pins api.example.test, whose certificate
// Let's Encrypt issues from E5 (chain E5, ISRG Root X2); Let's Encrypt's
// other intermediates and roots are the backups the exercise declares. A
// made-up pin, one of no such certificate, is refused with the reason
// (it never matches: the app would refuse its real server), and so is a
// release config that trusts user-installed CAs (MASTG-TEST-0286).
func TestFixAndroidConfigRealPins(t *testing.T) {
	future := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	domain := `<domain includeSubdomains="true">api.example.test</domain>`
	pins := func(values ...string) string {
		s := `<pin-set expiration="` + future + `">`
		for _, v := range values {
			s += `<pin digest="SHA-256">` + v + `</pin>`
		}
		return s + `</pin-set>`
	}
	madeUp, madeUp2 := strings.Repeat("B", 43)+"=", strings.Repeat("A", 43)+"="
	userAnchors := `<trust-anchors><certificates src="system"/><certificates src="user"/></trust-anchors>`
	withBase := func(base string) string {
		return strings.Replace(androidAnswer(domain, pins(e5Pin, e6Pin)), "<domain-config>", base+"\n    <domain-config>", 1)
	}
	tests := []struct {
		name, answer string
		correct      bool
		feedback     []string // phrases the feedback holds
	}{
		{"the chain's intermediate and a declared backup", androidAnswer(domain, pins(e5Pin, e6Pin)), true, []string{"E5", "E6"}},
		{"intermediate and root of the chain", androidAnswer(domain, pins(e5Pin, x2Pin)), true, []string{"E5", "ISRG Root X2"}},
		{"chain, RSA backup and a duplicate", androidAnswer(domain, pins(x2Pin, r10Pin, x2Pin)), true, []string{"2 distinct"}},
		{"a made-up backup", androidAnswer(domain, pins(e5Pin, madeUp)), false, []string{madeUp, "made up", "matches no certificate", "refuse"}},
		{"made-up pins only", androidAnswer(domain, pins(madeUp2, madeUp)), false, []string{madeUp2, madeUp}},
		{"a certificate hash for a pin", androidAnswer(domain, pins(e5Pin, e5CertInB64)), false, []string{e5CertInB64, "E5's certificate fingerprint", "never matches"}},
		{"backups only, nothing of today's chain", androidAnswer(domain, pins(e6Pin, e7Pin)), false, []string{"E5", "ISRG Root X2", "refuse its own server"}},
		{"user CAs in base-config", withBase("<base-config>" + userAnchors + "</base-config>"), false, []string{`<certificates src="user"/>`, "MASTG-TEST-0286", "<debug-overrides>"}},
		{"user CAs in the domain-config", androidAnswer(domain+userAnchors, pins(e5Pin, e6Pin)), false, []string{"MASTG-TEST-0286", "Line 4:"}},
		{"user CAs in a nested domain-config", androidAnswer(domain+`<domain-config><domain>x.api.example.test</domain>`+userAnchors+`</domain-config>`, pins(e5Pin, e6Pin)), false, []string{"MASTG-TEST-0286"}},
		{"user CAs in debug-overrides only", withBase("<debug-overrides>" + userAnchors + "</debug-overrides>"), true, []string{"2 distinct"}},
	}
	for _, tc := range tests {
		v, err := Check("fix-android-config", tc.answer)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if v.Correct != tc.correct {
			t.Errorf("%s: correct %t, want %t; feedback %q", tc.name, v.Correct, tc.correct, v.Feedback)
		}
		for _, phrase := range tc.feedback {
			if !strings.Contains(v.Feedback, phrase) {
				t.Errorf("%s: feedback %q lacks %q", tc.name, v.Feedback, phrase)
			}
		}
	}
	// The question names the chain and the backups it accepts.
	e, _ := ByID("fix-android-config")
	for _, phrase := range []string{"E5", "ISRG Root X2", "Let's Encrypt", "user-installed CAs"} {
		if !strings.Contains(e.Question+" "+e.Hint, phrase) {
			t.Errorf("question and hint lack %q: %s / %s", phrase, e.Question, e.Hint)
		}
	}
}
