package platform

import (
	"fmt"
	"strings"
)

// Curl writes a curl command line with --pinnedpubkey. Per curl's
// documentation of CURLOPT_PINNEDPUBLICKEY, the hashes are compared with
// the leaf's public key only: intermediate and root pins never match.
type Curl struct{}

// CurlRule: vtls.c Curl_pin_peer_pubkey hashes the leaf's key only and
// compares it with each hash given.
var CurlRule = Rule{where: MatchLeaf,
	Sentence: "curl --pinnedpubkey: the leaf's public key only; any one of the hashes passes."}

func (Curl) ID() string   { return "curl" }
func (Curl) Name() string { return "curl --pinnedpubkey" }

func (Curl) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{})
	if !ok {
		return nil, lints
	}
	lints = append(lints, wildcardLint(q, fmt.Sprintf("the command fetches https://%s/", q.host))...)
	if q.IncludeSubdomains {
		lints = append(lints, info("curl-one-url", "curl pins the one URL it fetches: includeSubdomains does not apply"))
	}
	leaf := false
	var hashes []string
	for _, pin := range q.pins {
		hashes = append(hashes, "sha256//"+b64(pin.SPKISHA256))
		switch pin.Source {
		case FromLeaf:
			leaf = true
		case FromIntermediate, FromRoot:
			lints = append(lints, warn("curl-leaf-only", "curl checks the leaf's key only: the pin of %s never matches", pinComment(pin)))
		}
	}
	if !leaf {
		lints = append(lints, warn("curl-no-leaf-pin", "no pin of the current leaf: this command fails against the server as it is now"))
	}
	cmd := fmt.Sprintf("curl --pinnedpubkey \"%s\" https://%s/\n", strings.Join(hashes, ";"), q.host)
	return withReadme("curl --pinnedpubkey", []string{
		"Run the command; curl exits with code 90 when the leaf key does not match.",
	}, []File{{Name: "curl.sh", Content: []byte(cmd), Primary: true}}, lints)
}
