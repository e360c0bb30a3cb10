package platform

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// HostError says why a host name was refused. Hosts end up inside XML,
// property lists and source code, so anything but a plain DNS name is
// refused rather than escaped.
type HostError struct {
	Host   string // as given
	Reason string
}

func (e *HostError) Error() string {
	return fmt.Sprintf("platform: host %q: %s", e.Host, e.Reason)
}

// ValidateHost checks a host name for a pinning config and returns it in
// lower case. wildcard allows one leading "*." (OkHttp patterns); the other
// platforms name plain domains. Only LDH names are accepted (RFC 1123 /
// RFC 5890 A-labels): Android, Apple and OkHttp compare ASCII names, so a
// Unicode name must be given in punycode.
func ValidateHost(host string, wildcard bool) (string, error) {
	fail := func(format string, args ...any) (string, error) {
		return "", &HostError{Host: host, Reason: fmt.Sprintf(format, args...)}
	}
	h := host
	if h == "" {
		return fail("empty")
	}
	if !utf8.ValidString(h) {
		return fail("not valid UTF-8")
	}
	if strings.TrimSpace(h) != h {
		return fail("leading or trailing space")
	}
	if i := strings.IndexAny(h, " \t\r\n\"'<>&;`\\/?#@=%"); i >= 0 {
		if strings.Contains(h, "://") {
			return fail("give the host name only, not a URL")
		}
		return fail("character %q is not allowed in a host name", h[i])
	}
	for _, r := range h {
		if r >= utf8.RuneSelf {
			return fail("not ASCII: give the punycode form (xn--...) of an internationalised name")
		}
		if r < 0x20 || r == 0x7f {
			return fail("control character %q", r)
		}
	}
	if strings.HasPrefix(h, "[") || strings.Count(h, ":") > 1 {
		return fail("an IP address cannot be pinned by name here: pinning configs name DNS hosts")
	}
	if strings.Contains(h, ":") {
		return fail("give the host without a port")
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if net.ParseIP(h) != nil {
		return fail("an IP address cannot be pinned by name here: pinning configs name DNS hosts")
	}
	name := h
	if strings.HasPrefix(h, "*.") {
		if !wildcard {
			return fail("wildcards are not allowed here: use includeSubdomains")
		}
		name = h[2:]
	}
	if strings.HasPrefix(name, "**.") {
		return fail("give the domain with includeSubdomains instead of the OkHttp \"**.\" pattern")
	}
	if len(h) > 253 {
		return fail("longer than 253 characters")
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		switch {
		case l == "":
			return fail("empty label")
		case l == "*":
			return fail("a wildcard may only be the first label, as \"*.\"")
		case len(l) > 63:
			return fail("label %q is longer than 63 characters", l)
		case l[0] == '-' || l[len(l)-1] == '-':
			return fail("label %q starts or ends with a hyphen", l)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return fail("character %q is not a letter, digit or hyphen", c)
			}
		}
	}
	if len(labels) < 2 && name != "localhost" {
		// A bare label only resolves through a search domain; pins for it
		// rarely do what was meant.
		return fail("not a fully qualified name (no dot)")
	}
	if name != h && len(labels) < 2 {
		return fail("a wildcard needs a registrable domain under it")
	}
	return h, nil
}

// ValidateReportURI checks a report URI: an absolute https URL whose every
// character is one RFC 3986 allows unencoded, minus quotes, backslash and "$",
// so it can be written into a header, XML, Swift, Kotlin or JavaScript string
// as it is.
func ValidateReportURI(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~:/?#[]@!&()*+,;=%", c) >= 0
		if !ok {
			return "", fmt.Errorf("platform: report URI %q: character %q is not allowed; percent-encode it", s, c)
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("platform: report URI %q: %w", s, err)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("platform: report URI %q must be https: reports carry the hosts an app talks to", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("platform: report URI %q must not hold credentials", s)
	}
	if _, err := ValidateHost(u.Hostname(), false); err != nil && net.ParseIP(u.Hostname()) == nil {
		return "", fmt.Errorf("platform: report URI %q: %w", s, err)
	}
	return s, nil
}
