package pinlib

import "strings"

// RedactedKey replaces a private key in pasted text. pinlib never reads a
// private key; the paste box should not keep one either, nor local storage.
// It must not read as a key itself: it may land between a BEGIN and its
// dashes, where "private key" would make a private-key label.
const RedactedKey = "[key removed by pinlab: if it was real, treat it as exposed]"

// RedactPrivateKeys returns text with every private key cut out and
// replaced by RedactedKey, and a private-key-discarded warning for each,
// naming its lines in the text as given. It cuts exactly what Read reports
// as a private key, because both take it from the same scan: PEM blocks of
// any private-key label (PKCS#1, SEC 1, PKCS#8, encrypted, legacy
// encrypted, OpenSSH, PGP), a key under another label, PuTTY key files and
// bare base64 keys. A key with no END line loses its own lines only.
func RedactPrivateKeys(name, text string) (string, []Warning) {
	out, warnings := redactOnce(name, text)
	// Cutting can join what was around a key into a new shape: a BEGIN
	// marker before the key and dashes after it become one block, and what
	// followed them now reads as a key (found by FuzzRedact). So the result
	// is scanned again until nothing in it reads as a key. Each round cuts
	// text that was there from the start, and in practice one more round
	// settles it; the bound keeps the time linear whatever the input.
	for range maxRedactRounds {
		if warnings == nil {
			break
		}
		next, more := redactOnce(name, out)
		if more == nil {
			break
		}
		out = next
	}
	return out, warnings
}

const maxRedactRounds = 8

// redactOnce cuts every private key that one scan of text finds.
func redactOnce(name, text string) (string, []Warning) {
	var warnings []Warning
	var out strings.Builder
	last := 0
	for _, p := range scanText(text) {
		if p.secret == "" {
			continue
		}
		if out.Len() == 0 {
			out.Grow(len(text))
		}
		warnings = append(warnings, pieceWarning(name, p))
		out.WriteString(text[last:p.start])
		out.WriteString(RedactedKey)
		last = p.end
	}
	if warnings == nil {
		return text, nil
	}
	out.WriteString(text[last:])
	return out.String(), warnings
}
