package platform

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// hpkpReader reads a Public-Key-Pins header. Its mark, pin-sha256, may be
// quoted in any other format, so it is tried last.
var hpkpReader = Reader{ID: "hpkp", Try: 5,
	Reads: "a Public-Key-Pins header", Names: "a Public-Key-Pins header",
	detect: func(d []byte) bool { return bytes.Contains(bytes.ToLower(d), []byte("pin-sha256")) },
	read:   readHPKPRule,
}

// readHPKPRule: a Public-Key-Pins header, historical (RFC 7469). Pins
// match any certificate of the validated chain. An enforcing header needs a
// max-age (0 removes the pins) and a backup pin not in the chain, or it is
// not noted (sections 2.1.2, 2.5); Report-Only is judged on the connection
// itself and only reports (section 2.1.3).
func readHPKPRule(data []byte, host string, _ CheckOptions) (hostRule, error) {
	r := hostRule{format: "hpkp", rule: HPKPRule, scope: "the Public-Key-Pins header"}
	// The header line: pinlab's export puts comment lines above it.
	text := ""
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "#") && strings.Contains(strings.ToLower(line), "pin-sha256") {
			text = line
			break
		}
	}
	if name, value, ok := strings.Cut(text, ":"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(name)), "public-key-pins") {
		r.softFail = strings.EqualFold(strings.TrimSpace(name), "Public-Key-Pins-Report-Only")
		if r.softFail {
			r.scope = "the Public-Key-Pins-Report-Only header"
		}
		text = value
	}
	maxAge, hasMaxAge := uint64(0), false
	for _, d := range strings.Split(text, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		value = strings.Trim(strings.TrimSpace(value), `"`)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "pin-sha256":
			p := spkiPin(value, "", 0, &r.notes)
			p.Pin = `pin-sha256="` + value + `"`
			r.pins = append(r.pins, p)
		case "max-age":
			n, err := strconv.ParseUint(value, 10, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) { // browsers cap a huge max-age
				return r, fmt.Errorf("%w: max-age %q is not a number of seconds", ErrConfig, value)
			}
			maxAge, hasMaxAge = n, true
		case "report-uri":
			r.reportTo = value
		}
	}
	switch {
	case r.softFail:
	case !hasMaxAge:
		r.notes = append(r.notes, "no max-age: browsers ignored a Public-Key-Pins header without one (RFC 7469 section 2.1.2)")
		r.unpinned = true
	case maxAge == 0:
		r.notes = append(r.notes, "max-age=0 removes the pins (RFC 7469 section 2.1.2)")
		r.unpinned = true
	default:
		r.needsBackup = true
	}
	return r, nil
}
