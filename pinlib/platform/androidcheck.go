package platform

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"pinlab/pinlib"
)

// androidReader reads a network_security_config.xml.
var androidReader = Reader{ID: "android", Try: 1,
	Reads: "network_security_config.xml", Names: "a network_security_config.xml",
	detect: func(d []byte) bool { return bytes.Contains(d, []byte("<network-security-config")) },
	read:   readAndroidRule,
}

// readAndroidRule: the <domain-config> Android picks for host (exact domain
// first, then the longest includeSubdomains one; ApplicationConfig), its
// pin-set or an enclosing one's, skipped from its expiration date on
// (NetworkSecurityTrustManager), matched on any certificate of the chain.
func readAndroidRule(data []byte, host string, o CheckOptions) (hostRule, error) {
	r := hostRule{format: "android", rule: AndroidRule}
	c, err := ParseAndroidConfig(data)
	if err != nil {
		var xe *AndroidXMLError
		if errors.As(err, &xe) {
			return r, fmt.Errorf("%w: %s", ErrConfig, atLine(xe.Line, "not well-formed XML: "+xe.reason()))
		}
		return r, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if c.Root != "network-security-config" {
		return r, fmt.Errorf("%w: the root element is <%s>, Android expects <network-security-config>", ErrConfig, c.Root)
	}
	for _, l := range c.Check(host, o.Now) {
		switch {
		case l.Severity == pinlib.SeverityError && r.broken == "":
			r.broken = "Android refuses this file (" + l.Message + "), so the app cannot load its network security config at all."
		case l.Severity != pinlib.SeverityInfo:
			r.notes = append(r.notes, l.Message)
		}
	}
	if note := anchorsNote(c, host, o); note != "" {
		r.notes = append(r.notes, note)
	}
	d := c.DomainConfigFor(host)
	ps := c.PinSetFor(host)
	switch {
	case d == nil:
		r.scope, r.unpinned = "no <domain-config> covers "+host, true
		return r, nil
	case ps == nil:
		r.scope, r.unpinned = atLine(d.Line, "the <domain-config> for "+host+" has no <pin-set>"), true
		return r, nil
	}
	r.scope = atLine(ps.Line, "the <pin-set> of the <domain-config> for "+host)
	if ps.Expiration != "" {
		r.scope += ", expiration " + ps.Expiration
	}
	if len(ps.Pins) == 0 {
		// NetworkSecurityTrustManager.checkPins returns at once on an
		// empty pin-set, and a nested empty one hides its parent's.
		r.scope += " (empty)"
		r.unpinned = true
		return r, nil
	}
	r.expired = ps.Expired(o.Now)
	for _, pin := range ps.Pins {
		p := PinMatch{Pin: pin.Value, Line: pin.Line}
		// A bad digest or value is an error lint above: Android refuses the file.
		if sum, err := pin.SHA256(); err == nil && strings.EqualFold(pin.Digest, "SHA-256") {
			p.key.Hash = sum
		}
		r.pins = append(r.pins, p)
	}
	return r, nil
}

// anchorsNote says when the app does not trust the system CAs for host:
// its <trust-anchors> name only other certificates (a private CA in
// @raw/…, the user's store), so it refuses a chain from any public CA
// before pins count, and a check against the system roots, or one that
// assumes trust, judges trust unlike the app (NetworkSecurityConfig:
// only the trust anchors of the applicable config are trusted).
func anchorsNote(c *AndroidConfig, host string, o CheckOptions) string {
	anchors, set := c.TrustAnchorsFor(host)
	if !set {
		return ""
	}
	var srcs []string
	for _, a := range anchors {
		switch a.Src {
		case "system":
			return ""
		case "user":
			srcs = append(srcs, "the user-installed CAs")
		default:
			srcs = append(srcs, strconv.Quote(a.Src))
		}
	}
	line := 0
	if len(anchors) > 0 {
		line = anchors[0].Line
	}
	trusts := "no certificate at all (an empty <trust-anchors>)"
	if len(srcs) > 0 {
		trusts = "only " + pinlib.JoinAnd(srcs)
	}
	how := "This check assumed the chain trusted"
	if o.Roots != nil {
		how = "This check verified against " + o.RootsFrom
	}
	return atLine(line, fmt.Sprintf("for %s the app trusts %s, not the system CAs: it refuses a chain from any other CA, pins or not. %s; to judge trust as the app does, give it those certificates (--roots FILE, or the roots box on the Check page)",
		host, trusts, how))
}
