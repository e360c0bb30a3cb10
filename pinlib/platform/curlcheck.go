package platform

import (
	"bytes"
	"fmt"
	"strings"
)

// curlPinned is the --pinnedpubkey argument, quoted or not.
var curlPinned = lazyRegexp(`--pinnedpubkey(?:=|\s+)(?:"([^"]*)"|'([^']*)'|(\S+))`)

// curlReader reads a curl command line.
var curlReader = Reader{ID: "curl", Try: 4,
	Reads: "a --pinnedpubkey command", Names: "a curl --pinnedpubkey command",
	detect: func(d []byte) bool { return bytes.Contains(d, []byte("--pinnedpubkey")) },
	read:   readCurlRule,
}

// readCurlRule: curl compares the base64 of the leaf key's SHA-256 with
// each hash as text; the value must start with "sha256//" (else it is a
// key file) and hashes are split on ";sha256//" only
// (vtls.c Curl_pin_peer_pubkey).
func readCurlRule(data []byte, host string, _ CheckOptions) (hostRule, error) {
	r := hostRule{format: "curl", rule: CurlRule, scope: "--pinnedpubkey"}
	m := curlPinned().FindSubmatch(data)
	if m == nil {
		return r, fmt.Errorf("%w: --pinnedpubkey has no value", ErrConfig)
	}
	arg := string(bytes.Join(m[1:], nil))
	hashes, ok := strings.CutPrefix(arg, "sha256//")
	if !ok {
		return r, fmt.Errorf("%w: --pinnedpubkey %q names a key file, which pinlab cannot check: give sha256// hashes", ErrConfig, arg)
	}
	for _, h := range strings.Split(hashes, ";sha256//") {
		p := spkiPin(h, "", 0, &r.notes)
		p.Pin = "sha256//" + h
		r.pins = append(r.pins, p)
	}
	return r, nil
}
