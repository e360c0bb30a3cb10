package pinlib

import (
	"bytes"
	"crypto/x509"
	"errors"
	"math/big"
	"strings"
)

// derElement reads the tag and bounds of the DER element at off.
func derElement(b []byte, off int) (tag byte, content, end int, ok bool) {
	if off < 0 || off+2 > len(b) {
		return 0, 0, 0, false
	}
	tag = b[off]
	n := int(b[off+1])
	p := off + 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 4 || p+k > len(b) {
			return 0, 0, 0, false
		}
		n = 0
		for _, c := range b[p : p+k] {
			n = n<<8 | int(c)
		}
		p += k
	}
	if n < 0 || n > len(b)-p {
		return 0, 0, 0, false
	}
	return tag, p, p + n, true
}

// parseCertificates reads one or more concatenated DER certificates.
func parseCertificates(der []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for off := 0; off < len(der); {
		tag, _, end, ok := derElement(der, off)
		if !ok || tag != 0x30 {
			if len(out) == 0 {
				_, err := x509.ParseCertificate(der)
				if err == nil {
					err = errors.New("x509: malformed certificate")
				}
				return nil, err
			}
			return nil, errors.New("x509: trailing data after the certificates")
		}
		c, err := parseCertificate(der[off:end])
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		off = end
	}
	if len(out) == 0 {
		return nil, errors.New("x509: empty input")
	}
	return out, nil
}

// parseCertificate is x509.ParseCertificate, except that it also reads
// certificates with a negative serial number. Go refuses those since 1.23,
// but real interception roots (DSDTestProvider) have one, and browsers and
// OpenSSL still load them.
func parseCertificate(der []byte) (*x509.Certificate, error) {
	c, err := x509.ParseCertificate(der)
	if err == nil || !strings.Contains(err.Error(), "negative serial number") {
		return c, err
	}
	tbsStart, tbsEnd, serial, serialEnd, ok := serialBounds(der)
	if !ok {
		return nil, err
	}
	// Parse a copy whose serial is made positive, then restore the original
	// bytes (which the pins and the signature cover) and serial.
	patched := bytes.Clone(der)
	patched[serial] = 0x01
	c, err2 := x509.ParseCertificate(patched)
	if err2 != nil {
		return nil, err
	}
	c.Raw = der
	c.RawTBSCertificate = der[tbsStart:tbsEnd]
	n := new(big.Int).SetBytes(der[serial:serialEnd])
	n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*(serialEnd-serial))))
	c.SerialNumber = n
	return c, nil
}

// serialBounds finds the TBSCertificate and the serial number's content bytes.
func serialBounds(der []byte) (tbsStart, tbsEnd, serial, serialEnd int, ok bool) {
	tag, content, _, ok := derElement(der, 0)
	if !ok || tag != 0x30 {
		return
	}
	tag, tbsContent, tbsEnd, ok := derElement(der, content)
	if !ok || tag != 0x30 {
		return 0, 0, 0, 0, false
	}
	tbsStart = content
	off := tbsContent
	tag, _, end, ok := derElement(der, off)
	if ok && tag == 0xA0 { // [0] EXPLICIT version
		off = end
		tag, _, _, ok = derElement(der, off)
	}
	if !ok || tag != 0x02 {
		return 0, 0, 0, 0, false
	}
	_, serial, serialEnd, ok = derElement(der, off)
	if !ok || serialEnd == serial || der[serial]&0x80 == 0 {
		return 0, 0, 0, 0, false
	}
	return tbsStart, tbsEnd, serial, serialEnd, true
}

// berWellFormed walks BER the way pkcs7's BER-to-DER conversion does and
// checks that every element fits inside its parent. That conversion re-reads
// an element that overruns its parent, which takes exponential time on
// crafted input (found by FuzzRead) and would freeze the browser tab.
func berWellFormed(b []byte) bool {
	end, ok := berWalk(b, 0, len(b), 0)
	return ok && end == len(b)
}

func berWalk(b []byte, off, limit, depth int) (int, bool) {
	if depth > 64 || off+2 > limit {
		return 0, false
	}
	constructed := b[off]&0x20 != 0
	p := off + 1
	if b[off]&0x1f == 0x1f { // high tag number form
		for p < limit && b[p] >= 0x80 {
			p++
		}
		p++
	}
	if p >= limit {
		return 0, false
	}
	l := int(b[p])
	p++
	switch {
	case l == 0x80: // indefinite length: children up to an end-of-contents marker
		if !constructed {
			return 0, false
		}
		for {
			end, ok := berWalk(b, p, limit, depth+1)
			if !ok {
				return 0, false
			}
			p = end
			if p+2 > limit {
				return 0, false
			}
			if b[p] == 0 && b[p+1] == 0 {
				return p + 2, true
			}
		}
	case l > 0x80:
		n := l & 0x7f
		if n > 4 || p+n > limit || b[p] == 0 || n == 4 && b[p] > 0x7f {
			return 0, false
		}
		l = 0
		for _, c := range b[p : p+n] {
			l = l<<8 | int(c)
		}
		p += n
	}
	end := p + l
	if l < 0 || end > limit {
		return 0, false
	}
	if constructed {
		for p < end {
			next, ok := berWalk(b, p, end, depth+1)
			if !ok || next <= p {
				return 0, false
			}
			p = next
		}
	}
	return end, true
}
