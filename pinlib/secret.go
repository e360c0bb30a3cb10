package pinlib

import (
	"encoding/asn1"
	"fmt"
	"strings"
)

// Private keys are recognised here, by outline only, so that none is ever
// parsed into key material: PEM blocks whose label says so or whose body
// decodes to a key's shape (scan.go), PuTTY key files, and bare base64
// keys such as a PRIVATE_KEY=MIIE… line of an env file or a JSON string.

// privateKeyShape recognises a DER private key by its outline alone (PKCS#1,
// SEC 1, PKCS#8, encrypted PKCS#8). It returns a name for the message or "".
func privateKeyShape(der []byte) string {
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(der, &outer)
	if err != nil || len(rest) != 0 || outer.Tag != asn1.TagSequence || !outer.IsCompound {
		return ""
	}
	var elems []asn1.RawValue
	for body := outer.Bytes; len(body) > 0 && len(elems) < 4; {
		var e asn1.RawValue
		body, err = asn1.Unmarshal(body, &e)
		if err != nil {
			return ""
		}
		elems = append(elems, e)
	}
	if len(elems) < 2 || elems[0].Class != 0 || elems[1].Class != 0 {
		return ""
	}
	first, second := elems[0], elems[1]
	if first.Tag == asn1.TagSequence && second.Tag == asn1.TagOctetString && len(elems) == 2 {
		return "encrypted PKCS#8 private key"
	}
	if first.Tag != asn1.TagInteger || len(first.Bytes) != 1 || first.Bytes[0] > 1 {
		return ""
	}
	switch second.Tag {
	case asn1.TagSequence:
		return "PKCS#8 private key"
	case asn1.TagOctetString:
		return "EC private key"
	case asn1.TagInteger:
		if len(elems) >= 4 {
			return "RSA or DSA private key"
		}
	}
	return ""
}

// privateKeyPrefix recognises the start of a private key whose end is
// missing (a block cut off before its END line), from its first bytes:
// SEQUENCE { INTEGER 0 or 1, SEQUENCE | OCTET STRING | INTEGER } for PKCS#8,
// SEC 1 and PKCS#1, SEQUENCE { AlgorithmIdentifier, OCTET STRING } for
// encrypted PKCS#8. Certificates, CSRs, CRLs, PKCS#7 and public keys start
// otherwise (SEQUENCE { SEQUENCE { [0] or INTEGER … } }, OID, BIT STRING).
func privateKeyPrefix(der []byte) string {
	p, ok := skipHeader(der, 0, 0x30)
	if !ok {
		return ""
	}
	if p+3 < len(der) && der[p] == 0x02 && der[p+1] == 0x01 && der[p+2] <= 1 {
		switch der[p+3] {
		case 0x30:
			return "PKCS#8 private key"
		case 0x04:
			return "EC private key"
		case 0x02:
			return "RSA or DSA private key"
		}
		return ""
	}
	alg, ok := skipHeader(der, p, 0x30)
	if !ok || alg >= len(der) || der[alg] != 0x06 {
		return ""
	}
	_, _, algEnd, ok := derElement(der, p)
	if ok && algEnd < len(der) && der[algEnd] == 0x04 {
		return "encrypted PKCS#8 private key"
	}
	return ""
}

// skipHeader returns where the content of the element at off starts, if it
// has the tag given, whatever its (perhaps cut off) length says.
func skipHeader(der []byte, off int, tag byte) (int, bool) {
	if off+2 > len(der) || der[off] != tag {
		return 0, false
	}
	n := int(der[off+1])
	if n < 0x80 {
		return off + 2, true
	}
	n &= 0x7f
	if n == 0 || n > 4 || off+2+n > len(der) {
		return 0, false
	}
	return off + 2 + n, true
}

// puttyFields are the header lines of a PuTTY .ppk file, versions 1 to 3.
var puttyFields = map[string]bool{
	"Encryption": true, "Comment": true, "Public-Lines": true, "Private-Lines": true,
	"Key-Derivation": true, "Argon2-Memory": true, "Argon2-Passes": true,
	"Argon2-Parallelism": true, "Argon2-Salt": true, "Private-MAC": true, "Private-Hash": true,
}

// puttyPieces finds PuTTY key files in text[a:b]: from the
// PuTTY-User-Key-File line over its header and base64 lines to its
// Private-MAC line, or to the last line that looked like one.
func puttyPieces(text string, a, b int) []*piece {
	const magic = "PuTTY-User-Key-File-"
	var out []*piece
	for pos := a; pos < b; {
		i := strings.Index(text[pos:b], magic)
		if i < 0 {
			break
		}
		p := &piece{start: pos + i, secret: "PuTTY key file"}
		lineStart := p.start
		for lineStart < b {
			lineEnd := lineStart
			if j := strings.IndexAny(text[lineStart:b], "\r\n"); j >= 0 {
				lineEnd += j
			} else {
				lineEnd = b
			}
			line := strings.TrimSpace(text[lineStart:lineEnd])
			field, _, isField := strings.Cut(line, ": ")
			first := lineStart == p.start
			if !first && !(isField && puttyFields[field]) && !(line != "" && isBodyText(line)) {
				break
			}
			p.end = lineStart + strings.Index(text[lineStart:lineEnd], line) + len(line)
			if field == "Private-MAC" || field == "Private-Hash" {
				break
			}
			if lineEnd >= b {
				break
			}
			lineStart = lineEnd + 1
			if text[lineEnd] == '\r' && lineStart < b && text[lineStart] == '\n' {
				lineStart++
			}
		}
		out = append(out, p)
		pos = max(p.end, p.start+len(magic))
	}
	return out
}

// minBareKey is the length of the shortest private key in base64: an
// Ed25519 PKCS#8 key is 48 bytes, 64 characters.
const minBareKey = 64

// wrappedRun is how long a run of base64 must be for the next run, after a
// line break, to count as its continuation (PEM wraps at 64, MIME at 76).
const wrappedRun = 40

// bareKeyPieces finds base64 private keys with no PEM markers in
// text[a:b]: runs of the base64 alphabet, joined across line breaks (real
// or written as \n), that decode to a private key's shape.
func bareKeyPieces(text string, a, b int) []*piece {
	var out []*piece
	var group []span // the runs of one wrapped candidate
	flush := func() {
		if len(group) == 0 {
			return
		}
		if p := bareKey(text, group); p != nil {
			out = append(out, p)
		} else if len(group) > 1 {
			for _, r := range group {
				if p := bareKey(text, []span{r}); p != nil {
					out = append(out, p)
				}
			}
		}
		group = group[:0]
	}
	for i := a; i < b; {
		if !isBase64Char(text[i]) {
			i++
			if text[i-1] == '\\' && i < b && (text[i] == 'n' || text[i] == 'r') {
				i++ // a line break written as \n, as in JSON
			}
			continue
		}
		start := i
		for i < b && isBase64Char(text[i]) {
			i++
		}
		for pad := 0; pad < 2 && i < b && text[i] == '='; pad++ {
			i++
		}
		run := span{start, i}
		if n := len(group); n > 0 {
			prev := group[n-1]
			if prev.end-prev.start < wrappedRun || text[prev.end-1] == '=' || !onlyLineBreaks(text[prev.end:start]) {
				flush()
			}
		}
		group = append(group, run)
	}
	flush()
	return out
}

type span struct{ start, end int }

// onlyLineBreaks: what lies between two lines of wrapped base64.
func onlyLineBreaks(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		case '\\':
			if i+1 < len(s) && (s[i+1] == 'n' || s[i+1] == 'r') {
				i++
				continue
			}
			return false
		default:
			return false
		}
	}
	return true
}

// bareKey decodes the runs of one candidate and returns a piece when they
// hold a private key.
func bareKey(text string, runs []span) *piece {
	n := 0
	for _, r := range runs {
		n += r.end - r.start
	}
	if n < minBareKey {
		return nil
	}
	var joined strings.Builder
	joined.Grow(n)
	for _, r := range runs {
		joined.WriteString(text[r.start:r.end])
	}
	s := joined.String()
	der, err := decodeBase64(s)
	kind := ""
	if err == nil {
		kind = privateKeyShape(der)
	}
	if kind == "" {
		// A key cut short (a partial copy) decodes to its first bytes only.
		clear(der)
		if der, err = decodeBody([]byte(s), true); err == nil {
			kind = privateKeyPrefix(der)
		}
	}
	clear(der)
	if kind == "" {
		return nil
	}
	return &piece{start: runs[0].start, end: runs[len(runs)-1].end, secret: kind + " in bare base64"}
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// privateKeyWarning is the one message for a private key, whether the
// parser skipped it or the paste box had it cut out.
func privateKeyWarning(name string, line int, what string) Warning {
	return keyWarning(what, where(name, line))
}

func keyWarning(what, at string) Warning {
	return warn(CodePrivateKeyDiscarded, -1,
		"A private key (%s, %s) was discarded without being read or kept: pinning needs only public data. If that key is real, treat it as exposed and replace it.",
		what, at)
}

// pieceWarning is privateKeyWarning for a piece of pasted text; a key cut
// off before its END line says that only its own lines went.
func pieceWarning(name string, p *piece) Warning {
	if !p.truncated {
		return keyWarning(p.secret, where(name, p.line))
	}
	at := where(name, p.line)
	if p.lastLine > p.line {
		at = fmt.Sprintf("%s lines %d–%d", name, p.line, p.lastLine)
	}
	return warn(CodePrivateKeyDiscarded, -1,
		"A private key (%s, %s) has no END line: only its own lines were discarded, unread, and what follows them was kept. Pinning needs only public data; if that key is real, treat it as exposed and replace it.",
		p.secret, at)
}
