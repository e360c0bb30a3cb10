package pinlib

import (
	"regexp"
	"strings"
)

// RedactedKey replaces a private key in pasted text. pinlib never reads a
// private key; the paste box should not keep one either, nor local storage.
const RedactedKey = "[private key removed by pinlab: if it was real, treat it as exposed]"

// privateKeyBlock matches a private key PEM block, from BEGIN to its END,
// or to the end of the text when the END line is missing. Labels cover
// PKCS#8, PKCS#1, SEC 1, encrypted PKCS#8 and OpenSSH keys.
var privateKeyBlock = regexp.MustCompile(`(?s)-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)`)

// RedactPrivateKeys returns text with every private key block replaced by
// RedactedKey, and a private-key-discarded warning for each, naming its line
// in the text as given.
func RedactPrivateKeys(name, text string) (string, []Warning) {
	if !strings.Contains(text, "PRIVATE KEY-----") {
		return text, nil
	}
	var warnings []Warning
	var out strings.Builder
	last := 0
	for _, m := range privateKeyBlock.FindAllStringSubmatchIndex(text, -1) {
		line := 1 + strings.Count(text[:m[0]], "\n")
		warnings = append(warnings, privateKeyWarning(name, line, text[m[2]:m[3]]+" block"))
		out.WriteString(text[last:m[0]])
		out.WriteString(RedactedKey)
		last = m[1]
	}
	out.WriteString(text[last:])
	return out.String(), warnings
}

// privateKeyWarning is the one message for a private key, whether the
// parser skipped it or the paste box had it cut out.
func privateKeyWarning(name string, line int, what string) Warning {
	return warn(CodePrivateKeyDiscarded, -1,
		"A private key (%s, %s) was discarded without being read or kept: pinning needs only public data. If that key is real, treat it as exposed and replace it.",
		what, where(name, line))
}
