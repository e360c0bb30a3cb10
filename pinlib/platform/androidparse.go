package platform

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"pinlab/pinlib"
)

// AndroidConfig is a network_security_config.xml as Android reads it
// (AOSP core/java/android/security/net/config/XmlConfigSource.java).
type AndroidConfig struct {
	Root           string                // the root element's name: network-security-config when right
	Base           *AndroidBaseConfig    // <base-config>, if any
	Domains        []AndroidDomainConfig // top-level <domain-config> elements, in order
	DebugOverrides *AndroidBaseConfig    // <debug-overrides>, if any: read by debuggable builds only
	// Misplaced are pin-sets outside any <domain-config>: Android ignores
	// them (under the root) or refuses the file (in base-config or
	// debug-overrides).
	Misplaced []AndroidPinSet

	lints []Lint // what the structure got wrong, found while reading
}

// AndroidBaseConfig is <base-config> or <debug-overrides>.
type AndroidBaseConfig struct {
	TrustAnchors []AndroidCertificates
	Line         int
}

// AndroidDomainConfig is one <domain-config>. Nested configs inherit what
// they do not set (the pin-set, the trust anchors) from their parent.
type AndroidDomainConfig struct {
	Domains      []AndroidDomain
	PinSet       *AndroidPinSet
	TrustAnchors []AndroidCertificates
	Nested       []AndroidDomainConfig
	Line         int
}

// AndroidDomain is one <domain>.
type AndroidDomain struct {
	Name              string // as written, trimmed; Android compares it in lower case
	IncludeSubdomains bool
	Line              int
}

// AndroidPinSet is a <pin-set>.
type AndroidPinSet struct {
	Expiration string // yyyy-MM-dd, "" when absent
	Pins       []AndroidPin
	Line       int
}

// AndroidPin is one <pin digest="SHA-256">base64</pin>.
type AndroidPin struct {
	Digest string
	Value  string // the element's text, trimmed
	Line   int
}

// AndroidCertificates is a <certificates> of <trust-anchors>.
type AndroidCertificates struct {
	Src          string // "system", "user", or a resource such as "@raw/my_ca"
	OverridePins string // "true", "false" or "" (absent: false, but true inside <debug-overrides>)
	Line         int
}

// AndroidXMLError is a network_security_config.xml that is not well-formed XML.
type AndroidXMLError struct {
	Line int // 1-based; 0 when unknown
	Err  error
}

func (e *AndroidXMLError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("platform: network_security_config.xml line %d: %s", e.Line, e.reason())
	}
	return "platform: network_security_config.xml: " + e.reason()
}

// reason is the error without encoding/xml's "XML syntax error on line N".
func (e *AndroidXMLError) reason() string {
	var se *xml.SyntaxError
	if errors.As(e.Err, &se) {
		return se.Msg
	}
	return e.Err.Error()
}

func (e *AndroidXMLError) Unwrap() error { return e.Err }

// SHA256 is the pin's 32 bytes, or why Android refuses it.
func (p AndroidPin) SHA256() ([]byte, error) {
	raw, problem := androidPinValue(p.Value)
	if problem != "" {
		return nil, &pinlib.PinError{Reason: problem}
	}
	return raw, nil
}

// ParseAndroidConfig reads a network_security_config.xml. The error is only
// for XML that is not well-formed (an *AndroidXMLError); everything Android
// would refuse or misread in a well-formed file is reported by Check.
func ParseAndroidConfig(data []byte) (*AndroidConfig, error) {
	root, err := readXMLTree(data)
	if err != nil {
		return nil, err
	}
	c := &AndroidConfig{Root: root.name}
	if root.name != "network-security-config" {
		// XmlUtils.beginDocument throws on any other root.
		c.lint(pinlib.SeverityError, "wrong-root", root.line, "the root element is <%s>, Android expects <network-security-config>", root.name)
		return c, nil
	}
	seen := map[string]int{}
	for _, n := range root.children {
		switch n.name {
		case "base-config":
			if c.Base != nil {
				c.lint(pinlib.SeverityError, "duplicate-element", n.line, "only one <base-config> is allowed")
				continue
			}
			c.Base = c.readBase(n)
		case "debug-overrides":
			if c.DebugOverrides != nil {
				c.lint(pinlib.SeverityError, "duplicate-element", n.line, "only one <debug-overrides> is allowed")
				continue
			}
			c.DebugOverrides = c.readBase(n)
		case "domain-config":
			c.Domains = append(c.Domains, c.readDomainConfig(n, seen))
		case "pin-set":
			// AOSP skips unknown children of the root without a word: these
			// pins are never checked.
			c.lint(pinlib.SeverityWarning, "pin-set-outside-domain-config", n.line, "<pin-set> directly under <network-security-config> is ignored: Android only reads a pin-set inside a <domain-config>, so nothing is pinned")
			c.Misplaced = append(c.Misplaced, *c.readPinSet(n))
		default:
			c.ignored(n, "network-security-config")
		}
	}
	return c, nil
}

// CheckAndroidConfig parses data and checks it for host at now: a file that
// is not XML becomes one error-level lint.
func CheckAndroidConfig(data []byte, host string, now time.Time) []Lint {
	c, err := ParseAndroidConfig(data)
	if err != nil {
		msg := err.Error()
		var xe *AndroidXMLError
		if errors.As(err, &xe) {
			msg = atLine(xe.Line, "the file is not well-formed XML: "+xe.reason())
		}
		return []Lint{{Code: "xml-syntax", Severity: pinlib.SeverityError, Message: msg}}
	}
	return c.Check(host, now)
}

// Check reports what Android refuses (error), what it reads differently
// from what the file seems to say, or what leaves host unpinned (warning),
// and what is worth knowing (info). host may be empty to skip the checks
// about it; now judges the pin-set expirations.
func (c *AndroidConfig) Check(host string, now time.Time) []Lint {
	if c == nil {
		return []Lint{{Code: "xml-syntax", Severity: pinlib.SeverityError, Message: "no network_security_config.xml was read"}}
	}
	lints := append([]Lint(nil), c.lints...)
	if c.Root != "network-security-config" {
		return lints
	}
	if c.Base != nil {
		lints = append(lints, checkAnchors(c.Base.TrustAnchors)...)
	}
	if c.DebugOverrides != nil {
		lints = append(lints, checkAnchors(c.DebugOverrides.TrustAnchors)...)
	}
	c.walk(func(d *AndroidDomainConfig, _ []*AndroidDomainConfig) {
		lints = append(lints, checkDomainConfig(d, now)...)
	})
	for i := range c.Misplaced {
		lints = append(lints, checkPinSet(&c.Misplaced[i], now, true)...)
	}
	if host = normalizeAndroidHost(host); host != "" {
		lints = append(lints, c.checkHost(host)...)
	}
	return lints
}

// DomainConfigFor is the <domain-config> Android applies to host: an exact
// <domain> wins, then the longest includeSubdomains domain
// (ApplicationConfig.getConfigForHostname). Nil when none covers host.
func (c *AndroidConfig) DomainConfigFor(host string) *AndroidDomainConfig {
	d, _ := c.configFor(normalizeAndroidHost(host))
	return d
}

// PinSetFor is the pin-set that applies to host, inherited from an
// enclosing <domain-config> when the nearest one sets none. Nil when host
// is not pinned.
func (c *AndroidConfig) PinSetFor(host string) *AndroidPinSet {
	d, parents := c.configFor(normalizeAndroidHost(host))
	if d == nil {
		return nil
	}
	if d.PinSet != nil {
		return d.PinSet
	}
	for i := len(parents) - 1; i >= 0; i-- {
		if parents[i].PinSet != nil {
			return parents[i].PinSet
		}
	}
	return nil
}

// Expired says whether Android skips the pins at now: the date is parsed
// as midnight starting that day and the pins are skipped once the clock
// is past it (PinSet.expirationTime; NetworkSecurityTrustManager).
// Android uses the device's time zone; this uses UTC.
func (p *AndroidPinSet) Expired(now time.Time) bool {
	if p == nil || p.Expiration == "" {
		return false
	}
	t, err := parseAndroidDate(p.Expiration)
	return err == nil && now.After(t)
}

// ValidPins are the distinct pins Android accepts, in order.
func (p *AndroidPinSet) ValidPins() [][]byte {
	if p == nil {
		return nil
	}
	var out [][]byte
	seen := map[string]bool{}
	for _, pin := range p.Pins {
		if !strings.EqualFold(pin.Digest, "SHA-256") {
			continue
		}
		raw, err := pin.SHA256()
		if err != nil || seen[string(raw)] {
			continue
		}
		seen[string(raw)] = true
		out = append(out, raw)
	}
	return out
}

func (c *AndroidConfig) lint(sev Severity, code string, line int, format string, args ...any) {
	c.lints = append(c.lints, Lint{Code: code, Severity: sev, Message: atLine(line, fmt.Sprintf(format, args...))})
}

func atLine(line int, msg string) string {
	if line > 0 {
		return fmt.Sprintf("line %d: %s", line, msg)
	}
	return msg
}

// ignored reports an element Android skips without a word
// (XmlUtils.skipCurrentTag): a misspelt <pin-sets> silently pins nothing.
func (c *AndroidConfig) ignored(n *xmlNode, parent string) {
	c.lint(pinlib.SeverityWarning, "ignored-element", n.line, "<%s> inside <%s> is not part of a network security config: Android skips it", n.name, parent)
}

// readBase reads <base-config> or <debug-overrides>, where AOSP refuses
// a pin-set, a domain and a nested domain-config.
func (c *AndroidConfig) readBase(n *xmlNode) *AndroidBaseConfig {
	b := &AndroidBaseConfig{Line: n.line}
	seenAnchors := false
	for _, ch := range n.children {
		switch ch.name {
		case "trust-anchors":
			if seenAnchors {
				c.lint(pinlib.SeverityError, "duplicate-element", ch.line, "only one <trust-anchors> is allowed in <%s>", n.name)
				continue
			}
			seenAnchors = true
			b.TrustAnchors = c.readAnchors(ch)
		case "pin-set":
			c.lint(pinlib.SeverityError, "pin-set-outside-domain-config", ch.line, "<pin-set> is not allowed in <%s>, only in a <domain-config>: Android refuses the file (\"pin-set element not allowed in %s\")", n.name, n.name)
			c.Misplaced = append(c.Misplaced, *c.readPinSet(ch))
		case "domain", "domain-config":
			c.lint(pinlib.SeverityError, "misplaced-element", ch.line, "<%s> is not allowed in <%s>: Android refuses the file", ch.name, n.name)
		default:
			c.ignored(ch, n.name)
		}
	}
	return b
}

// readAnchors reads a <trust-anchors>. An empty one is an empty, non-nil
// list: it trusts nothing, and hides any enclosing config's anchors
// (NetworkSecurityConfig.Builder.addCertificatesEntryRefs makes the list
// even when it adds nothing).
func (c *AndroidConfig) readAnchors(n *xmlNode) []AndroidCertificates {
	out := []AndroidCertificates{}
	for _, ch := range n.children {
		if ch.name != "certificates" {
			c.ignored(ch, n.name)
			continue
		}
		src, _ := ch.attr("src")
		override, _ := ch.attr("overridePins")
		out = append(out, AndroidCertificates{Src: strings.TrimSpace(src), OverridePins: strings.TrimSpace(override), Line: ch.line})
	}
	return out
}

func (c *AndroidConfig) readDomainConfig(n *xmlNode, seen map[string]int) AndroidDomainConfig {
	d := AndroidDomainConfig{Line: n.line}
	seenAnchors := false
	for _, ch := range n.children {
		switch ch.name {
		case "domain":
			d.Domains = append(d.Domains, c.readDomain(ch, seen))
		case "trust-anchors":
			if seenAnchors {
				c.lint(pinlib.SeverityError, "duplicate-element", ch.line, "only one <trust-anchors> is allowed in a <domain-config>")
				continue
			}
			seenAnchors = true
			d.TrustAnchors = c.readAnchors(ch)
		case "pin-set":
			if d.PinSet != nil {
				c.lint(pinlib.SeverityError, "duplicate-element", ch.line, "only one <pin-set> is allowed in a <domain-config>: Android refuses the file")
				continue
			}
			d.PinSet = c.readPinSet(ch)
		case "domain-config":
			d.Nested = append(d.Nested, c.readDomainConfig(ch, seen))
		default:
			c.ignored(ch, "domain-config")
		}
	}
	if len(d.Domains) == 0 {
		c.lint(pinlib.SeverityError, "domain-config-without-domain", n.line, "a <domain-config> needs at least one <domain>: Android refuses the file")
	}
	return d
}

func (c *AndroidConfig) readDomain(n *xmlNode, seen map[string]int) AndroidDomain {
	d := AndroidDomain{Name: strings.TrimSpace(n.text.String()), Line: n.line}
	if v, ok := n.attr("includeSubdomains"); ok {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true":
			d.IncludeSubdomains = true
		case "false":
		default:
			c.lint(pinlib.SeverityWarning, "invalid-include-subdomains", n.line, "includeSubdomains=%q is neither true nor false: Android reads it as false", v)
		}
	}
	switch {
	case len(n.children) > 0:
		c.lint(pinlib.SeverityError, "invalid-domain", n.line, "<domain> holds elements; it takes only the host name as text")
	case d.Name == "":
		c.lint(pinlib.SeverityError, "invalid-domain", n.line, "<domain> is empty: Android refuses the file (\"Domain name missing\")")
	default:
		// Domains match most-specific first, so AOSP refuses a repeat
		// even with a different includeSubdomains.
		key := strings.ToLower(d.Name)
		if first, dup := seen[key]; dup {
			c.lint(pinlib.SeverityError, "duplicate-domain", n.line, "%s is already named on line %d: Android refuses a domain given twice", key, first)
		} else {
			seen[key] = n.line
		}
	}
	return d
}

func (c *AndroidConfig) readPinSet(n *xmlNode) *AndroidPinSet {
	p := &AndroidPinSet{Line: n.line}
	p.Expiration, _ = n.attr("expiration")
	for _, ch := range n.children {
		if ch.name != "pin" {
			c.ignored(ch, "pin-set")
			continue
		}
		digest, ok := ch.attr("digest")
		if !ok {
			digest = ""
		}
		if len(ch.children) > 0 {
			c.lint(pinlib.SeverityError, "invalid-pin", ch.line, "<pin> holds elements; it takes only the base64 hash as text")
		}
		p.Pins = append(p.Pins, AndroidPin{Digest: digest, Value: strings.TrimSpace(ch.text.String()), Line: ch.line})
	}
	return p
}

// walk visits every domain-config, nested ones after their parent, with
// the chain of enclosing configs.
func (c *AndroidConfig) walk(f func(d *AndroidDomainConfig, parents []*AndroidDomainConfig)) {
	var visit func(ds []AndroidDomainConfig, parents []*AndroidDomainConfig)
	visit = func(ds []AndroidDomainConfig, parents []*AndroidDomainConfig) {
		for i := range ds {
			d := &ds[i]
			f(d, parents)
			visit(d.Nested, append(parents[:len(parents):len(parents)], d))
		}
	}
	visit(c.Domains, nil)
}

func (c *AndroidConfig) configFor(host string) (*AndroidDomainConfig, []*AndroidDomainConfig) {
	if c == nil || host == "" {
		return nil, nil
	}
	var best *AndroidDomainConfig
	var bestParents []*AndroidDomainConfig
	bestLen, bestExact := -1, false
	c.walk(func(d *AndroidDomainConfig, parents []*AndroidDomainConfig) {
		for _, dom := range d.Domains {
			// The host loses a trailing dot, the <domain> does not
			// (ApplicationConfig.getConfigForHostname; Domain): a domain
			// written "example.com." never matches.
			name := strings.ToLower(strings.TrimSpace(dom.Name))
			if name == "" {
				continue
			}
			exact := name == host
			// includeSubdomains covers any depth, not just one label.
			sub := dom.IncludeSubdomains && strings.HasSuffix(host, "."+name)
			if !exact && !sub {
				continue
			}
			if (exact && !bestExact) || (exact == bestExact && len(name) > bestLen) {
				best, bestParents, bestLen, bestExact = d, parents, len(name), exact
			}
		}
	})
	return best, bestParents
}

func normalizeAndroidHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

func checkAnchors(anchors []AndroidCertificates) []Lint {
	var lints []Lint
	for _, a := range anchors {
		switch {
		case a.Src == "":
			lints = append(lints, errLint("invalid-certificates-src", a.Line, "<certificates> needs a src attribute (system, user or a raw resource): Android refuses the file"))
		case a.Src == "system", a.Src == "user", a.Src == "wfa", strings.HasPrefix(a.Src, "@"):
		default:
			lints = append(lints, errLint("invalid-certificates-src", a.Line, "<certificates src=%q> is not system, user or a @raw/ resource: Android refuses the file", a.Src))
		}
		if a.OverridePins != "" && !strings.EqualFold(a.OverridePins, "true") && !strings.EqualFold(a.OverridePins, "false") {
			lints = append(lints, warnLint("invalid-override-pins", a.Line, "overridePins=%q is neither true nor false", a.OverridePins))
		}
	}
	return lints
}

func checkDomainConfig(d *AndroidDomainConfig, now time.Time) []Lint {
	lints := checkAnchors(d.TrustAnchors)
	if d.PinSet != nil {
		lints = append(lints, checkPinSet(d.PinSet, now, false)...)
	}
	return lints
}

// checkPinSet checks one pin-set. A misplaced one is checked as it will
// read once moved into a <domain-config>, so every mistake shows at once;
// what Android would then refuse is a warning, not an error, meanwhile.
func checkPinSet(p *AndroidPinSet, now time.Time, misplaced bool) []Lint {
	refuse, sev := "Android refuses the file", pinlib.SeverityError
	if misplaced {
		refuse, sev = "Android will refuse the file once this pin-set is inside a <domain-config>", pinlib.SeverityWarning
	}
	bad := func(code string, line int, format string, args ...any) Lint {
		return Lint{Code: code, Severity: sev, Message: atLine(line, fmt.Sprintf(format, args...)+": "+refuse)}
	}
	var lints []Lint
	if p.Expiration != "" {
		if t, err := parseAndroidDate(p.Expiration); err != nil {
			lints = append(lints, bad("invalid-expiration", p.Line, "expiration=%q is not a date in the form yyyy-MM-dd", p.Expiration))
		} else if now.After(t) {
			lints = append(lints, warnLint("pins-expired", p.Line, "the pin-set expired on %s: Android skips these pins and applies normal trust only", p.Expiration))
		}
	}
	seen := map[string]int{}
	dups := 0
	for _, pin := range p.Pins {
		// Pin.isSupportedDigestAlgorithm: "SHA-256", any case.
		if !strings.EqualFold(pin.Digest, "SHA-256") {
			got := fmt.Sprintf("digest=%q", pin.Digest)
			if pin.Digest == "" {
				got = "no digest attribute"
			}
			lints = append(lints, bad("unsupported-digest", pin.Line, "<pin> has %s, and Android supports only digest=\"SHA-256\"", got))
		}
		// The value is checked even under a wrong digest, so every
		// mistake shows at once (AOSP stops at the first).
		raw, problem := androidPinValue(pin.Value)
		if problem != "" {
			lints = append(lints, bad("invalid-pin", pin.Line, "%s", problem))
			continue
		}
		if !strings.EqualFold(pin.Digest, "SHA-256") {
			continue
		}
		if first, dup := seen[string(raw)]; dup {
			lints = append(lints, infoLint("duplicate-pin", pin.Line, "the pin %s repeats line %d: it counts once", pin.Value, first))
			dups++
			continue
		}
		seen[string(raw)] = pin.Line
	}
	switch {
	case len(p.Pins) == 0:
		// An empty pin-set pins nothing (NetworkSecurityTrustManager
		// returns early on no pins).
		lints = append(lints, warnLint("empty-pin-set", p.Line, "the <pin-set> holds no <pin>: nothing is pinned"))
	case len(p.Pins)-dups < 2:
		// Android Lint counts the <pin> elements; a repeat is no backup.
		lints = append(lints, warnLint("missing-backup-pin", p.Line, "Android Lint (MissingBackupPin): a <pin-set> should hold at least two pins, one of them a backup key, or a key change is an outage"))
	}
	return lints
}

// anchorsFor is the <trust-anchors> that apply to d: the nearest, its own,
// else an enclosing config's, else the base config's (ApplicationConfig);
// nil when none does, which means the platform's default.
func (c *AndroidConfig) anchorsFor(d *AndroidDomainConfig, parents []*AndroidDomainConfig) []AndroidCertificates {
	anchors := d.TrustAnchors
	for i := len(parents) - 1; anchors == nil && i >= 0; i-- {
		anchors = parents[i].TrustAnchors
	}
	if anchors == nil && c.Base != nil {
		anchors = c.Base.TrustAnchors
	}
	return anchors
}

// TrustAnchorsFor is the <trust-anchors> that apply to host, and false
// when the config sets none for it: then API 24+ trusts the system CAs.
func (c *AndroidConfig) TrustAnchorsFor(host string) ([]AndroidCertificates, bool) {
	d, parents := c.configFor(normalizeAndroidHost(host))
	var anchors []AndroidCertificates
	if d != nil {
		anchors = c.anchorsFor(d, parents)
	} else if c.Base != nil {
		anchors = c.Base.TrustAnchors
	}
	return anchors, anchors != nil
}

func (c *AndroidConfig) checkHost(host string) []Lint {
	d, parents := c.configFor(host)
	if d == nil {
		return []Lint{warnLint("host-not-covered", 0, "no <domain-config> covers %s: its connections get the base config, without pins", host)}
	}
	var lints []Lint
	if c.PinSetFor(host) == nil {
		lints = append(lints, warnLint("host-not-pinned", d.Line, "the <domain-config> for %s has no <pin-set>, nor does any enclosing one: %s is not pinned", host, host))
	}
	for _, a := range c.anchorsFor(d, parents) {
		if strings.EqualFold(a.OverridePins, "true") {
			lints = append(lints, warnLint("pins-overridden", a.Line, "<certificates src=%q overridePins=\"true\"> applies to %s: a chain anchored there skips the pins", a.Src, host))
		}
		if a.Src == "user" {
			lints = append(lints, infoLint("user-cas-trusted", a.Line, "%s trusts user-installed CAs: the pins still apply to them unless overridePins is true", host))
		}
	}
	return lints
}

// androidPinValue decodes a <pin> text as Android does: bare base64 of
// exactly 32 bytes. problem phrases the mistake, or is "".
func androidPinValue(v string) (raw []byte, problem string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, "the <pin> is empty"
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(v)
	}
	if err == nil && len(raw) == 32 {
		return raw, ""
	}
	// ParsePin reads every notation and names the usual mistakes (hex, a
	// SHA-1 pin, "sha-256/"); Android wants the bare base64 alone.
	parsed, perr := pinlib.ParsePin(v)
	if perr == nil {
		return nil, fmt.Sprintf("%q carries a prefix: Android wants the bare base64 value %s", clip(v), base64.StdEncoding.EncodeToString(parsed))
	}
	var why *pinlib.PinError
	if errors.As(perr, &why) {
		return nil, why.Reason
	}
	return nil, perr.Error()
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

func errLint(code string, line int, format string, args ...any) Lint {
	return Lint{Code: code, Severity: pinlib.SeverityError, Message: atLine(line, fmt.Sprintf(format, args...))}
}

func warnLint(code string, line int, format string, args ...any) Lint {
	return Lint{Code: code, Severity: pinlib.SeverityWarning, Message: atLine(line, fmt.Sprintf(format, args...))}
}

func infoLint(code string, line int, format string, args ...any) Lint {
	return Lint{Code: code, Severity: pinlib.SeverityInfo, Message: atLine(line, fmt.Sprintf(format, args...))}
}

// xmlNode is one element of the file: enough of a tree to apply AOSP's
// rules, with the line each element starts on.
type xmlNode struct {
	name     string
	attrs    []xml.Attr
	text     strings.Builder // character data directly inside
	children []*xmlNode
	line     int
}

// attr finds an attribute without a namespace, as AOSP's
// getAttributeValue(null, name) does.
func (n *xmlNode) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func readXMLTree(data []byte) (*xmlNode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var root *xmlNode
	var stack []*xmlNode
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			if root == nil {
				return nil, &AndroidXMLError{Err: errors.New("no root element")}
			}
			return root, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &AndroidXMLError{Line: se.Line, Err: err}
			}
			l, _ := d.InputPos()
			return nil, &AndroidXMLError{Line: l, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local, attrs: t.Attr, line: line}
			switch {
			case len(stack) > 0:
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			case root != nil:
				return nil, &AndroidXMLError{Line: line, Err: fmt.Errorf("a second root element <%s>", t.Name.Local)}
			default:
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, &AndroidXMLError{Line: line, Err: errors.New("text outside the root element")}
			}
		}
	}
}

// androidDate is what SimpleDateFormat("yyyy-MM-dd"), not lenient, reads
// from the start of the text: numbers of any width, and whatever follows
// the day ignored (DateFormat.parse(String) does not need the whole text).
var androidDate = lazyRegexp(`^(\d{1,9})-(\d{1,9})-(\d{1,9})`)

// parseAndroidDate reads a pin-set expiration as Android does: midnight
// starting that day; a month or day out of range is refused, as the
// non-lenient calendar does.
func parseAndroidDate(s string) (time.Time, error) {
	m := androidDate().FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("platform: %q is not yyyy-MM-dd", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, fmt.Errorf("platform: %q is not a day of the calendar", s)
	}
	return t, nil
}
