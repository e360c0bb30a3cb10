package platform

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pinlab/pinlib"
)

// Errors of CheckConfig. ErrConfigFormat and ErrConfig are about the config
// (the CLI exits 2 for them); ErrCheckNoLeaf is about the chain (exit 1).
var (
	ErrConfigFormat = errors.New("platform: not a config pinlab can check")
	ErrConfig       = errors.New("platform: the config cannot be read")
	ErrCheckNoLeaf  = errors.New("platform: the chain has no leaf certificate to check")
)

// CheckVerdict is what a client with that config does with the chain.
type CheckVerdict string

const (
	CheckAccepted    CheckVerdict = "accepted"     // a pin matched: the connection goes ahead
	CheckRejected    CheckVerdict = "rejected"     // no pin matched, or the leaf is not for the host
	CheckReported    CheckVerdict = "reported"     // no pin matched; soft-fail allows it and sends a report
	CheckNotPinned   CheckVerdict = "not-pinned"   // no pin rule covers the host: normal trust decides
	CheckPinsExpired CheckVerdict = "pins-expired" // the pins expired: normal trust decides
	CheckUntrusted   CheckVerdict = "untrusted"    // the client refuses the chain itself (roots, validity, name) before pins count
)

// Accepted says whether the client goes ahead with the connection.
func (v CheckVerdict) Accepted() bool { return v != CheckRejected && v != CheckUntrusted }

// PinMatch is one pin of the config and the certificate it matched.
type PinMatch struct {
	Pin     string // as written in the config
	Where   string // MatchAnywhere, MatchLeaf or MatchCA: where the platform's rule looks for it
	Line    int    // 1-based line in the config, 0 when unknown
	Matched string // the certificate it matched, "" for none
	key     Key
}

// CheckResult is what an existing config says of a chain for a host.
type CheckResult struct {
	Format    string // the platform ID the config was read as
	Host      string
	Scope     string // the part of the config that applies to Host
	Verdict   CheckVerdict
	Reason    string // one sentence
	Rule      string // the platform rule applied
	Trust     Trust
	TrustText string // "assuming the chain is trusted: …", "trusted: verified up to …", "untrusted: <x509 reason>"
	Pins      []PinMatch
	Chain     []string // the pins of the chain judged, "role: name: sha256/…", as OkHttp lists them on failure
	Notes     []string
}

// CheckOptions is what a check knows besides the config and the chain.
type CheckOptions struct {
	Now time.Time
	// OkHttp is the OkHttp the code runs on, when declared. "" reads it as
	// OkHttp 4.3.0 or later, the likeliest (Kotlin and Java builder code
	// look the same on 3.x), with a note where "**." makes it matter.
	OkHttp OkHttpTarget
	// Roots are what the client trusts, and RootsFrom names them for
	// messages ("the system roots", a file name). Nil: the chain is
	// assumed trusted and pins are judged on it as given.
	Roots     *x509.CertPool
	RootsFrom string
}

// hostRule is what a config says for one host, before it meets the chain.
type hostRule struct {
	format, scope string
	rule          Rule   // the platform's pin rule
	sentence      string // the rule as a check states it: rule.Sentence, or more (OkHttp: the version it was read as)
	pins          []PinMatch
	lists         []string // iOS: the identity lists given, each of which must match (PinSet.Lists)
	notes         []string
	expired       bool
	softFail      bool
	unpinned      bool   // no rule covers the host
	broken        string // why the platform refuses the whole config, if it does
	needsBackup   bool   // HPKP: pins all in the chain are not noted
	reportTo      string // where a soft-fail report goes, if the format names it
}

// Reader reads one format's configs for CheckConfig: it finds the part of
// the config that applies to a host, by that platform's own matching
// rules, and its pins. Each lives in its platform's <id>check.go and is
// listed in the registry with its platform.
type Reader struct {
	ID    string // the format it reads as, a config format ID: "android"
	Reads string // what it reads, for help: "network_security_config.xml"
	Names string // the same in a sentence: "a network_security_config.xml"
	// Try orders detection: formats are tried from the lowest up, and
	// each detect looks for what only its format has; a format whose mark
	// the others may quote (HPKP's pin-sha256) goes last.
	Try    int
	detect func(data []byte) bool
	read   func(data []byte, host string, o CheckOptions) (hostRule, error)
}

// CheckFormats lists the formats CheckConfig reads, for messages.
func CheckFormats() []string {
	ids := make([]string, len(checkReaders))
	for i, r := range checkReaders {
		ids[i] = r.ID
	}
	return ids
}

// DetectConfig names the format of a config, or "" when none is recognised.
func DetectConfig(data []byte) string {
	r, _ := detectReader(data)
	return r.ID
}

// CheckReaders lists the formats CheckConfig reads, in detection order.
func CheckReaders() []Reader {
	out := make([]Reader, len(checkReaders))
	for i, r := range checkReaders {
		out[i] = *r
	}
	return out
}

// CheckKinds names what CheckConfig reads, as the start of a sentence: "A
// network_security_config.xml, …, or a Public-Key-Pins header".
func CheckKinds() string {
	k := checkKinds()
	return strings.ToUpper(k[:1]) + k[1:]
}

func checkKinds() string {
	names := make([]string, len(checkReaders))
	for i, r := range checkReaders {
		names[i] = r.Names
	}
	return pinlib.JoinOr(names)
}

func detectReader(data []byte) (*Reader, bool) {
	for _, r := range checkReaders {
		if r.detect(data) {
			return r, true
		}
	}
	return &Reader{}, false
}

// CheckConfig is CheckConfigWith with no roots: the chain is assumed
// trusted and stands for the one the client verified, so a root the server
// does not send is only there if the input has it.
func CheckConfig(config []byte, host string, b *pinlib.Bundle, now time.Time) (CheckResult, error) {
	return CheckConfigWith(config, host, b, CheckOptions{Now: now})
}

// CheckConfigWith answers "does this existing config accept this chain for
// host?" as the client would: first whether it trusts the chain (o.Roots;
// see judgeTrust), then by the platform's own pin rule (docs/ARCHITECTURE.md,
// "Pinning semantics"): which part of the config applies to the host,
// whether its pins have expired, and where each pin may match.
func CheckConfigWith(config []byte, host string, b *pinlib.Bundle, o CheckOptions) (CheckResult, error) {
	var res CheckResult
	if o.Roots != nil && o.RootsFrom == "" {
		o.RootsFrom = "the roots given" // messages name the store
	}
	if strings.Contains(host, "*") {
		// A client connects to one name: patterns are the config's business.
		return res, &HostError{Host: host, Reason: "give the name the app connects to, not a pattern"}
	}
	h, err := ValidateHost(host, false)
	if err != nil {
		return res, err
	}
	res.Host = h
	// A config is pasted text too: a private key in it is cut out before
	// anything reads it, so no message can quote it.
	redacted, keys := pinlib.RedactPrivateKeys("config", string(config))
	config = []byte(redacted)
	reader, ok := detectReader(config)
	if !ok {
		return res, fmt.Errorf("%w: expected one of %s (%s)", ErrConfigFormat, strings.Join(CheckFormats(), ", "), checkKinds())
	}
	var leaf *pinlib.Certificate
	if b != nil {
		leaf = b.Leaf()
	}
	if leaf == nil {
		return res, ErrCheckNoLeaf
	}
	rule, err := reader.read(config, h, o)
	if err != nil {
		return res, err
	}
	res.Format, res.Scope, res.Rule, res.Notes = rule.format, rule.scope, rule.sentence, rule.notes
	if res.Rule == "" {
		res.Rule = rule.rule.Sentence
	}
	for _, w := range keys {
		res.Notes = append(res.Notes, w.Message)
	}
	trust := judgeTrust(b, leaf, h, o)
	res.Trust, res.TrustText, res.Notes = trust.trust, trust.text, append(res.Notes, trust.notes...)
	chain := trust.chain
	judged := judgePins(rule, chain)
	res.Pins = judged.pins
	for _, c := range chain {
		res.Chain = append(res.Chain, fmt.Sprintf("%s: %s: %s", c.Role, c.Name(), c.Pins.OkHttp()))
	}

	switch {
	case rule.broken != "":
		res.Verdict = CheckRejected
		res.Reason = rule.broken
		return res, nil
	case trust.err != nil:
		// Apart from any pin: the pins above may match, yet no client
		// gets as far as looking at them.
		res.Verdict = CheckUntrusted
		var he x509.HostnameError
		if errors.As(trust.err, &he) {
			res.Reason = fmt.Sprintf("The leaf %s is not valid for %s, so every client refuses it before looking at pins.", leaf.Name(), h)
		} else {
			res.Reason = fmt.Sprintf("The client refuses the chain before it looks at any pin: %v (checked against %s).", trust.err, o.RootsFrom)
		}
		return res, nil
	case rule.unpinned:
		res.Verdict = CheckNotPinned
		res.Reason = fmt.Sprintf("No pin applies to %s: normal certificate validation decides alone.", h)
		return res, nil
	case rule.needsBackup && allMatched(res.Pins):
		res.Verdict = CheckNotPinned
		res.Reason = "Every pin is in the chain and none is a backup, so browsers did not note the pins at all (RFC 7469 section 2.5): normal certificate validation decides alone."
		return res, nil
	case rule.expired:
		res.Verdict = CheckPinsExpired
		res.Reason = "The pins have expired, so the client skips them: normal certificate validation decides alone."
		return res, nil
	}
	res.Reason = judged.why(rule)
	if judged.Accepted {
		res.Verdict = CheckAccepted
		return res, nil
	}
	res.Verdict = CheckRejected
	if rule.softFail {
		res.Verdict = CheckReported
		res.Reason += " Soft-fail: the connection is allowed"
		if rule.reportTo != "" {
			res.Reason += " and a report goes to " + rule.reportTo + "."
		} else {
			res.Reason += "; with no report URI, nobody hears of it."
		}
	}
	if top := chain[len(chain)-1]; res.Trust == TrustAssumed && !top.SelfSigned && anyWhere(res.Pins, MatchAnywhere, MatchCA) {
		res.Notes = append(res.Notes, fmt.Sprintf("The input stops at %s, which is not a root: the device completes the chain up to a root it trusts, and a pin of a certificate above %s would match there. Add those certificates to the input to check their pins.", top.Name(), top.Name()))
	}
	return res, nil
}

// judged is a host's pins judged on a chain by the platform's rule.
type judged struct {
	Judgement
	pins []PinMatch // the config's pins, each with where it may match and what it matched
}

// judgePins applies the platform's rule (Rule.Judge, as the simulator
// does) to the pins the config gives for the host, on chain.
func judgePins(rule hostRule, chain []*pinlib.Certificate) judged {
	set := PinSet{Lists: rule.lists}
	for _, p := range rule.pins {
		set.Keys = append(set.Keys, p.key)
	}
	certs := make([]*x509.Certificate, len(chain))
	for i, c := range chain {
		certs[i] = c.Cert
	}
	j := judged{Judgement: rule.rule.Judge(set, certs), pins: make([]PinMatch, 0, len(rule.pins))}
	for i, p := range rule.pins {
		p.Where = j.Where[i]
		if n := j.FirstMatch(i); n >= 0 {
			p.Matched = string(chain[n].Role) + ": " + chain[n].Name()
		}
		j.pins = append(j.pins, p)
	}
	return j
}

// why says in one sentence why the pins pass or fail: any pin matching
// is enough, except on iOS where each identity list given (leaf, CA) must
// have a match of its own (NSPinnedDomains documentation;
// SecPolicyServer.c).
func (j judged) why(rule hostRule) string {
	if j.Lists != nil {
		both := len(j.Lists) == 2
		names := map[string]string{MatchLeaf: "leaf", MatchCA: "CA"}
		switch {
		case len(j.Missing) == 0 && both:
			return "A leaf identity and a CA identity both match, as iOS requires when both lists are given."
		case len(j.Missing) == 1 && both:
			return "No " + names[j.Missing[0]] + " identity matches, and iOS requires a match in each list given."
		case len(j.Missing) > 0:
			return "No pin matches a certificate of the chain where iOS looks for it."
		}
	}
	if len(j.pins) == 0 {
		return "The rule for this host has no valid pin, so nothing can match."
	}
	for _, p := range j.pins {
		if p.Matched != "" {
			return fmt.Sprintf("The pin %s matches %s.", shortPin(p.Pin), p.Matched)
		}
	}
	return "No pin matches a certificate of the chain where " + rule.format + " looks for it."
}

func allMatched(pins []PinMatch) bool {
	for _, p := range pins {
		if p.Matched == "" {
			return false
		}
	}
	return len(pins) > 0
}

func anyWhere(pins []PinMatch, where ...string) bool {
	for _, p := range pins {
		for _, w := range where {
			if p.Where == w {
				return true
			}
		}
	}
	return false
}

func shortPin(pin string) string {
	if len(pin) > 16 {
		return pin[:12] + "…"
	}
	return pin
}

// spkiPin reads a pin the way iOS, OkHttp, curl and HPKP compare it:
// standard, padded base64 of 32 bytes and nothing else (curl even compares
// the text; vtls.c). A bad one stays in the list, unmatched, with a note.
// list is the iOS identity list it is in, "" elsewhere.
func spkiPin(text, list string, line int, notes *[]string) PinMatch {
	p := PinMatch{Pin: text, Line: line, key: Key{List: list}}
	sum, err := base64.StdEncoding.Strict().DecodeString(text)
	switch {
	case err != nil:
		*notes = append(*notes, atLine(line, fmt.Sprintf("pin %q is not standard base64, so it matches nothing", text)))
	case len(sum) != 32:
		*notes = append(*notes, atLine(line, fmt.Sprintf("pin %q decodes to %d bytes, not the 32 of a SHA-256 hash, so it matches nothing", text, len(sum))))
	default:
		p.key.Hash = sum
	}
	return p
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}
