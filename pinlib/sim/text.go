package sim

import (
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// describeChain lists certificates as a trace shows them.
// Look-alikes of a pasted chain's CAs are marked as such.
func describeChain(certs []*x509.Certificate, lookalikes *chainSet) string {
	parts := make([]string, len(certs))
	for i, c := range certs {
		parts[i] = fmt.Sprintf("%q (issued by %q)", cn(c), issuerCN(c))
		if lookalikes != nil && lookalikes.lookalike && (c == lookalikes.root || c == lookalikes.inter) {
			parts[i] = fmt.Sprintf("%q (look-alike, issued by %q)", cn(c), issuerCN(c))
		}
	}
	n := "certificate"
	if len(certs) != 1 {
		n = "certificates"
	}
	return fmt.Sprintf("%d %s: %s", len(certs), n, strings.Join(parts, ", "))
}

// arrows shows a built chain from the leaf up to its anchor.
func arrows(chain []*x509.Certificate) string {
	parts := make([]string, len(chain))
	for i, c := range chain {
		parts[i] = fmt.Sprintf("%q", cn(c))
	}
	return strings.Join(parts, " → ")
}

func ipStrings(c *x509.Certificate) []string {
	var out []string
	for _, ip := range c.IPAddresses {
		out = append(out, ip.String())
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "no name at all"
	}
	return s
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirstWord lowers a sentence's first word unless it is a name: one
// with capitals inside ("TrustKit", "NSPinnedDomains") or a client's
// ("Android's").
func lowerFirstWord(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) > 1 && strings.ToLower(word[1:]) != word[1:] || named(word) {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func contains(certs []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range certs {
		if x == c || string(x.Raw) == string(c.Raw) {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
