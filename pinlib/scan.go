package pinlib

import (
	"strings"
)

// encoding/pem rejects indented lines, CR line endings, text glued to the
// markers and JSON "\n" escapes, all of which people paste. So pasted text
// is scanned here, once and in one pass per kind of thing, into pieces:
// PEM blocks found by their markers, PuTTY key files and bare base64
// private keys. Each piece knows where it lies in the text, so redaction
// cuts exactly what intake reads as a private key (one authority), and the
// scan is linear in the text whatever its shape: the page reads pasted text
// on the browser's only thread.

const (
	beginMarker = "-----BEGIN "
	endMarker   = "-----END "
	dashes      = "-----"
)

// piece is one thing found in pasted text.
type piece struct {
	start, end int // where it lies in the text: text[start:end]
	line       int // 1-based line of start
	lastLine   int // line of its last character

	// A PEM block.
	pem       bool
	label     string // normalised: upper case, single spaces
	endLabel  string
	truncated bool // no END line: the piece holds only the lines that looked like its body
	body      []byte
	lines     []bodyLine // where each part of body came from, for error messages

	// secret describes a private key ("PKCS#8 private key in a CERTIFICATE
	// block"); it is never read, only cut out and reported.
	secret string
}

type bodyLine struct{ offset, line int }

// scanText finds every piece of text, in text order.
func scanText(text string) []*piece {
	s := &pemScanner{text: text, begin: finder{marker: beginMarker, limit: -1}, end: finder{marker: endMarker, limit: -1}}
	s.run()
	pieces := s.pieces
	// What lies between PEM blocks may still hold a private key in another form.
	lc := lineCounter{text: text, line: 1}
	var out []*piece
	gap := 0
	for _, p := range append(pieces, nil) {
		stop := len(text)
		if p != nil {
			stop = p.start
		}
		if gap < stop {
			out = append(out, scanGap(text, gap, stop, &lc)...)
		}
		if p == nil {
			break
		}
		out = append(out, p)
		gap = p.end
	}
	return out
}

// scanGap finds the PuTTY key files and bare base64 private keys in
// text[a:b], which holds no PEM block.
func scanGap(text string, a, b int, lc *lineCounter) []*piece {
	found := puttyPieces(text, a, b)
	// Bare keys outside the PuTTY files, in order.
	var out []*piece
	pos := a
	for _, p := range append(found, nil) {
		stop := b
		if p != nil {
			stop = p.start
		}
		out = append(out, bareKeyPieces(text, pos, stop)...)
		if p != nil {
			out = append(out, p)
			pos = p.end
		}
	}
	for _, p := range out {
		p.line = lc.at(p.start)
		p.lastLine = lc.at(max(p.start, p.end-1))
	}
	return out
}

// lineCounter numbers lines for positions given in increasing order, so
// that numbering every piece costs one pass over the text.
type lineCounter struct {
	text string
	pos  int
	line int
}

func (c *lineCounter) at(pos int) int {
	for ; c.pos < pos && c.pos < len(c.text); c.pos++ {
		switch c.text[c.pos] {
		case '\n':
			c.line++
		case '\r':
			if c.pos+1 >= len(c.text) || c.text[c.pos+1] != '\n' {
				c.line++
			}
		}
	}
	return c.line
}

// finder remembers where a marker next occurs in the current segment, so
// that no part of a long line is searched twice. (The old scanner searched
// the rest of the line for END after every BEGIN: a 3 MB line of BEGIN
// markers took 26 s.)
type finder struct {
	marker string
	limit  int // end of the segment the answer is for
	from   int // where the search that gave at started
	at     int // the next occurrence at or after from, or -1: none before limit
}

func (f *finder) next(text string, pos, limit int) int {
	if f.limit == limit && f.from <= pos && (f.at < 0 || f.at >= pos) {
		return f.at
	}
	f.limit, f.from, f.at = limit, pos, -1
	if i := strings.Index(text[pos:limit], f.marker); i >= 0 {
		f.at = pos + i
	}
	return f.at
}

// pemScanner finds PEM blocks line by line. A line may hold several blocks
// (a flattened paste), and JSON or YAML strings carry their line breaks as
// literal \n, so lines are cut into segments at those too.
type pemScanner struct {
	text       string
	pieces     []*piece
	cur        *piece
	line       int
	begin, end finder

	// For the open block: the end of the last fragment that looked like its
	// body, and whether one that did not has been seen since. A block with
	// no END line keeps only those lines, not everything up to the next BEGIN.
	bodyEnd, bodyEndLine int
	sawBody, broken      bool
}

func (s *pemScanner) run() {
	text := s.text
	for pos := 0; pos < len(text); {
		lineEnd, next := len(text), len(text)
		if i := strings.IndexAny(text[pos:], "\r\n"); i >= 0 {
			lineEnd, next = pos+i, pos+i+1
			if text[lineEnd] == '\r' && next < len(text) && text[next] == '\n' {
				next++
			}
		}
		s.line++
		for seg := pos; seg < lineEnd; {
			segEnd, after := lineEnd, lineEnd
			if j := strings.Index(text[seg:lineEnd], `\n`); j >= 0 {
				segEnd, after = seg+j, seg+j+2
			}
			trimmed := segEnd
			if strings.HasSuffix(text[seg:segEnd], `\r`) {
				trimmed -= 2
			}
			s.segment(seg, trimmed)
			seg = after
		}
		pos = next
	}
	if s.cur != nil {
		s.closeTruncated()
	}
}

// segment handles text[pos:limit], which may open, continue or close blocks.
func (s *pemScanner) segment(pos, limit int) {
	text := s.text
	for pos < limit {
		if s.cur == nil {
			i := s.begin.next(text, pos, limit)
			if i < 0 {
				return
			}
			labelStart := i + len(beginMarker)
			j := strings.Index(text[labelStart:limit], dashes)
			if j < 0 {
				return
			}
			s.open(i, normLabel(text[labelStart:labelStart+j]), labelStart+j+len(dashes))
			pos = labelStart + j + len(dashes)
			continue
		}
		b := s.begin.next(text, pos, limit)
		e := s.end.next(text, pos, limit)
		if b >= 0 && (e < 0 || b < e) {
			s.add(pos, b)
			s.closeTruncated()
			pos = b
			continue
		}
		if e < 0 {
			s.add(pos, limit)
			return
		}
		s.add(pos, e)
		rest := e + len(endMarker)
		after := limit
		var endLabel string
		if j := strings.Index(text[rest:limit], dashes); j >= 0 {
			endLabel, after = normLabel(text[rest:rest+j]), rest+j+len(dashes)
		} else {
			endLabel = normLabel(text[rest:limit])
		}
		s.closeEnd(endLabel, after)
		pos = after
	}
}

func normLabel(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), " ")) }

func (s *pemScanner) open(start int, label string, headerEnd int) {
	s.cur = &piece{pem: true, start: start, line: s.line, label: label}
	if isPrivateLabel(label) {
		s.cur.secret = label // "PGP PRIVATE KEY BLOCK"
		if !strings.HasSuffix(label, " BLOCK") {
			s.cur.secret += " block"
		}
	}
	s.bodyEnd, s.bodyEndLine = headerEnd, s.line
	s.sawBody, s.broken = false, false
}

// add takes one fragment of the open block's body.
func (s *pemScanner) add(a, b int) {
	frag := s.text[a:b]
	t := strings.TrimSpace(frag)
	if t == "" {
		return
	}
	header := !s.sawBody && strings.Contains(t, ":") // RFC 1421 and PGP armour headers: "Proc-Type: 4,ENCRYPTED"
	if !s.broken {
		if header || isBodyText(t) {
			s.bodyEnd = a + strings.Index(frag, t) + len(t)
			s.bodyEndLine = s.line
		} else {
			s.broken = true
		}
	}
	if header {
		return
	}
	s.sawBody = true
	if s.cur.secret != "" {
		return // a private key's body is never collected
	}
	c := s.cur
	if c.body == nil {
		c.body = make([]byte, 0, 2048) // most certificates fit
	}
	c.lines = append(c.lines, bodyLine{len(c.body), s.line})
	for i := 0; i < len(t); i++ {
		switch ch := t[i]; ch {
		case ' ', '\t', '\v', '\f', '"', '\'', ',', '\\':
		default:
			c.body = append(c.body, ch)
		}
	}
}

// isBodyText: base64, and what wrapping and quoting add around it. Words of
// prose are short, base64 runs are long, as in bareBase64.
func isBodyText(t string) bool {
	fields := strings.Fields(t)
	for i, f := range fields {
		f = strings.Trim(f, `"',\`)
		for j := 0; j < len(f); j++ {
			if c := f[j]; !isBase64Char(c) && c != '=' {
				return false
			}
		}
		if i < len(fields)-1 && len(f) < 16 {
			return false
		}
	}
	return true
}

func (s *pemScanner) closeEnd(endLabel string, after int) {
	c := s.cur
	c.endLabel, c.end, c.lastLine = endLabel, after, s.line
	if c.secret == "" && isPrivateLabel(endLabel) {
		c.secret = "private key closed by an END " + endLabel + " line"
	}
	s.finish()
}

func (s *pemScanner) closeTruncated() {
	c := s.cur
	c.truncated, c.end, c.lastLine = true, s.bodyEnd, s.bodyEndLine
	s.finish()
}

// finish classifies the block: a private key is known by its label, or by
// the shape of what its body decodes to (a key pasted under a CERTIFICATE
// or PUBLIC KEY label is a key all the same).
func (s *pemScanner) finish() {
	c := s.cur
	s.cur = nil
	s.pieces = append(s.pieces, c)
	if c.secret != "" || len(c.body) == 0 {
		return
	}
	der, err := decodeBody(c.body, c.truncated)
	if err != nil {
		return
	}
	kind := privateKeyShape(der)
	if kind == "" && c.truncated {
		kind = privateKeyPrefix(der)
	}
	clear(der)
	if kind != "" {
		c.secret = kind + " in a " + c.label + " block"
		clear(c.body)
		c.body, c.lines = nil, nil
	}
}

func isPrivateLabel(label string) bool { return strings.Contains(label, "PRIVATE KEY") }
