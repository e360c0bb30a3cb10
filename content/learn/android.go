package learn

import (
	"fmt"
	"strings"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// androidHost is the host the broken config is meant to pin.
const androidHost = "api.example.test"

// androidStarter is a network_security_config.xml with the usual mistakes:
// user CAs trusted in a release build, the pin-set outside the
// domain-config (Android skips it), digest SHA-1, a hex certificate
// fingerprint for a value, a single pin, an expiration in the past.
func androidStarter() string {
	fingerprint := strings.Repeat("0", 64)
	if e5, err := sampleFile("e5.pem"); err == nil {
		fingerprint = e5.Pins.CertSHA256Hex()
	}
	return `<?xml version="1.0" encoding="utf-8"?>
<!-- res/xml/network_security_config.xml: meant to pin ` + androidHost + ` -->
<network-security-config>
    <base-config>
        <trust-anchors>
            <certificates src="system"/>
            <certificates src="user"/>
        </trust-anchors>
    </base-config>
    <domain-config>
        <domain includeSubdomains="true">` + androidHost + `</domain>
    </domain-config>
    <pin-set expiration="2024-01-01">
        <pin digest="SHA-1">` + fingerprint + `</pin>
    </pin-set>
</network-security-config>
`
}

func fixAndroidConfig() *definition {
	// The chain is named from the sample; should it not load (a bug),
	// the check says so as an internal error.
	chain := ""
	if srv, err := loadAndroidServer(); err == nil {
		chain = " chains through " + pinlib.JoinAnd(names(srv.chain))
	}
	d := &definition{Exercise: Exercise{
		ID:       "fix-android-config",
		Lesson:   "android",
		Question: "This network_security_config.xml is meant to pin " + androidHost + ", whose Let's Encrypt certificate" + chain + ", but Android would not. Fix it: no warning left, no user-installed CAs trusted in this release config, and at least two distinct valid pins for the host, each of a certificate of that chain or of another Let's Encrypt intermediate or root it may move to.",
		Kind:     KindText,
		Starter:  androidStarter(),
		Hint:     "A <pin-set> only counts inside a <domain-config>. Android takes digest=\"SHA-256\" and the base64 SPKI hash, not a hex fingerprint (E5's pin from the SPKI lesson will do). Add a backup pin of a real key: another Let's Encrypt intermediate or a root (the Let's Encrypt sample on Inspect), never an invented value. An expiration, if any, must be a yyyy-MM-dd date still ahead. A release build trusts the system CAs only: user-installed CAs belong in <debug-overrides>.",
	}}
	d.check = func(answer string) (Verdict, error) {
		return judgeAndroidConfig(answer, time.Now())
	}
	return d
}

func judgeAndroidConfig(answer string, now time.Time) (Verdict, error) {
	if strings.TrimSpace(answer) == "" {
		return Verdict{Feedback: "Paste the whole network_security_config.xml."}, nil
	}
	lints := platform.CheckAndroidConfig([]byte(answer), androidHost, now)
	var problems []string
	for _, l := range lints {
		if l.Severity != pinlib.SeverityInfo {
			problems = append(problems, fmt.Sprintf("%s [%s].", upperFirst(strings.TrimSuffix(l.Message, ".")), l.Code))
		}
	}
	c, err := platform.ParseAndroidConfig([]byte(answer))
	if err == nil {
		problems = append(problems, userCAs(c)...)
	}
	if len(problems) > 0 {
		return Verdict{Feedback: fmt.Sprintf("%d left to fix. %s", len(problems), strings.Join(problems, " "))}, nil
	}
	if err != nil { // CheckAndroidConfig would have said so
		return Verdict{Feedback: err.Error()}, nil
	}
	set := c.PinSetFor(androidHost)
	pins := set.ValidPins()
	if len(pins) < 2 {
		return Verdict{Feedback: fmt.Sprintf("Android reads %d valid pin for %s: add a backup, a second distinct SHA-256 pin.", len(pins), androidHost)}, nil
	}
	srv, err := loadAndroidServer()
	if err != nil {
		return Verdict{}, err
	}
	pinProblems, named := srv.judgePins(set)
	if len(pinProblems) > 0 {
		return Verdict{Feedback: strings.Join(pinProblems, " ")}, nil
	}
	fb := fmt.Sprintf("Android reads it: %d distinct SHA-256 pins apply to %s (%s)", len(pins), androidHost, pinlib.JoinAnd(named))
	if set.Expiration != "" {
		fb += ", until " + set.Expiration
	}
	return Verdict{Correct: true, Feedback: fb + "."}, nil
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
