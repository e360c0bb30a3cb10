package platform

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
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

// Where a pin may match, by the platform's rule.
const (
	MatchAnywhere = "any certificate" // Android, OkHttp, HPKP: the whole verified chain
	MatchLeaf     = "the leaf"        // curl; iOS NSPinnedLeafIdentities
	MatchCA       = "a CA"            // iOS NSPinnedCAIdentities
)

// PinMatch is one pin of the config and the certificate it matched.
type PinMatch struct {
	Pin     string // as written in the config
	Where   string // MatchAnywhere, MatchLeaf or MatchCA
	Line    int    // 1-based line in the config, 0 when unknown
	Matched string // the certificate it matched, "" for none
	sha1    bool
	hash    []byte
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

// pinRule is what a config says for one host, before it meets the chain.
type pinRule struct {
	format, scope, rule string
	pins                []PinMatch
	notes               []string
	expired, softFail   bool
	unpinned            bool     // no rule covers the host
	broken              string   // why the platform refuses the whole config, if it does
	required            []string // iOS: the identity lists given, each of which must match
	needsBackup         bool     // HPKP: pins all in the chain are not noted
	reportTo            string   // where a soft-fail report goes, if the format names it
}

// checkReader reads one format's config for a host.
type checkReader struct {
	id     string
	detect func(data []byte) bool
	read   func(data []byte, host string, o CheckOptions) (pinRule, error)
}

// checkReaders are tried in order; each detect looks for what only that
// format has. Each reader lives in its own file, check<format>.go, and
// turns its format into the pin rule that applies to a host, by that
// platform's own matching rules.
var checkReaders = []checkReader{
	{"android", func(d []byte) bool { return bytes.Contains(d, []byte("<network-security-config")) }, readAndroidRule},
	{"ios", func(d []byte) bool {
		return bytes.Contains(d, []byte("NSPinnedDomains")) || bytes.HasPrefix(d, []byte("bplist00"))
	}, readIOSRule},
	{"okhttp", func(d []byte) bool { return bytes.Contains(d, []byte("CertificatePinner")) || okhttpAdd.Match(d) }, readOkHttpRule},
	{"curl", func(d []byte) bool { return bytes.Contains(d, []byte("--pinnedpubkey")) }, readCurlRule},
	{"hpkp", func(d []byte) bool { return bytes.Contains(bytes.ToLower(d), []byte("pin-sha256")) }, readHPKPRule},
}

// CheckFormats lists the formats CheckConfig reads, for messages.
func CheckFormats() []string {
	ids := make([]string, len(checkReaders))
	for i, r := range checkReaders {
		ids[i] = r.id
	}
	return ids
}

// DetectConfig names the format of a config, or "" when none is recognised.
func DetectConfig(data []byte) string {
	r, _ := detectReader(data)
	return r.id
}

func detectReader(data []byte) (checkReader, bool) {
	for _, r := range checkReaders {
		if r.detect(data) {
			return r, true
		}
	}
	return checkReader{}, false
}

// CheckConfig is CheckConfigWith with no roots: the chain is assumed
// trusted and stands for the one the client verified, so a root the server
// does not send is only there if the input has it.
func CheckConfig(config []byte, host string, b *pinlib.Bundle, now time.Time) (CheckResult, error) {
	return CheckConfigWith(config, host, b, CheckOptions{Now: now})
}

// CheckConfigWith answers "does this existing config accept this chain for
// host?" as the client would: first whether it trusts the chain (o.Roots;
// see judgeTrust), then by the platform's own pin rule (DESIGN.md,
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
		return res, fmt.Errorf("%w: expected one of %s (a network_security_config.xml, an Info.plist with NSPinnedDomains, OkHttp CertificatePinner code, a curl --pinnedpubkey command or a Public-Key-Pins header)", ErrConfigFormat, strings.Join(CheckFormats(), ", "))
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
	res.Format, res.Scope, res.Rule, res.Notes = rule.format, rule.scope, rule.rule, rule.notes
	for _, w := range keys {
		res.Notes = append(res.Notes, w.Message)
	}
	trust := judgeTrust(b, leaf, h, o)
	res.Trust, res.TrustText, res.Notes = trust.trust, trust.text, append(res.Notes, trust.notes...)
	chain := trust.chain
	res.Pins = matchPins(rule.pins, chain)
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
	ok, why := rulePasses(rule, res.Pins)
	res.Reason = why
	if ok {
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

// matchPins finds, for each pin, a certificate of the chain where the
// platform looks for it.
func matchPins(pins []PinMatch, chain []*pinlib.Certificate) []PinMatch {
	out := make([]PinMatch, len(pins))
	for i, p := range pins {
		out[i] = p
		for j, c := range chain {
			if p.Where == MatchLeaf && j > 0 || p.Where == MatchCA && j == 0 {
				continue
			}
			sum := c.Pins.SPKISHA256
			if p.sha1 {
				sum = c.Pins.SPKISHA1
			}
			if p.hash != nil && bytes.Equal(sum, p.hash) {
				out[i].Matched = string(c.Role) + ": " + c.Name()
				break
			}
		}
	}
	return out
}

// rulePasses applies the match rule: any pin matching is enough, except on
// iOS where each identity list given (leaf, CA) must have a match of its
// own (NSPinnedDomains documentation; SecPolicyServer.c).
func rulePasses(rule pinRule, pins []PinMatch) (bool, string) {
	if len(rule.required) > 0 {
		both := slices.Contains(rule.required, MatchLeaf) && slices.Contains(rule.required, MatchCA)
		var missing []string
		for _, w := range []string{MatchLeaf, MatchCA} {
			if slices.Contains(rule.required, w) && !matchedWhere(pins, w) {
				missing = append(missing, map[string]string{MatchLeaf: "leaf", MatchCA: "CA"}[w])
			}
		}
		switch {
		case len(missing) == 0 && both:
			return true, "A leaf identity and a CA identity both match, as iOS requires when both lists are given."
		case len(missing) == 1 && both:
			return false, "No " + missing[0] + " identity matches, and iOS requires a match in each list given."
		case len(missing) > 0:
			return false, "No pin matches a certificate of the chain where iOS looks for it."
		}
	}
	if len(pins) == 0 {
		return false, "The rule for this host has no valid pin, so nothing can match."
	}
	for _, p := range pins {
		if p.Matched != "" {
			return true, fmt.Sprintf("The pin %s matches %s.", shortPin(p.Pin), p.Matched)
		}
	}
	return false, "No pin matches a certificate of the chain where " + rule.format + " looks for it."
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

func matchedWhere(pins []PinMatch, where string) bool {
	for _, p := range pins {
		if p.Where == where && p.Matched != "" {
			return true
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
func spkiPin(text, where string, line int, notes *[]string) PinMatch {
	p := PinMatch{Pin: text, Where: where, Line: line}
	sum, err := base64.StdEncoding.Strict().DecodeString(text)
	switch {
	case err != nil:
		*notes = append(*notes, atLine(line, fmt.Sprintf("pin %q is not standard base64, so it matches nothing", text)))
	case len(sum) != 32:
		*notes = append(*notes, atLine(line, fmt.Sprintf("pin %q decodes to %d bytes, not the 32 of a SHA-256 hash, so it matches nothing", text, len(sum))))
	default:
		p.hash = sum
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
