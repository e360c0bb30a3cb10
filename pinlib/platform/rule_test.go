package platform

import (
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRuleJudge: each platform's rule, on the test chain (leaf,
// intermediate, root), with pins taken from it: where a pin may match,
// whether one match is enough, and what each comparison was.
func TestRuleJudge(t *testing.T) {
	b := testChain(t)
	chain := []*x509.Certificate{b.Certificates[0].Cert, b.Certificates[1].Cert, b.Certificates[2].Cert}
	spki := func(i int, list string) Key { return Key{Hash: b.Certificates[i].Pins.SPKISHA256, List: list} }
	backupHash, _ := base64.StdEncoding.DecodeString(backupPin)
	backup := Key{Hash: backupHash, List: MatchLeaf}
	cases := []struct {
		name     string
		rule     Rule
		set      PinSet
		accepted bool
		compared string // "key:cert=match" for each comparison, in order
		missing  []string
	}{
		{"android, the root's key", AndroidRule, PinSet{Keys: []Key{spki(2, "")}}, true, "0:0 0:1 0:2=", nil},
		{"android, a backup only", AndroidRule, PinSet{Keys: []Key{backup}}, false, "0:0 0:1 0:2", nil},
		{"okhttp, backup then intermediate", OkHttpRule, PinSet{Keys: []Key{backup, spki(1, "")}}, true, "0:0 0:1 0:2 1:0 1:1= 1:2", nil},
		{"okhttp, a sha1/ pin", OkHttpRule, PinSet{Keys: []Key{{Hash: b.Certificates[1].Pins.SPKISHA1, SHA1: true}}}, true, "0:0 0:1= 0:2", nil},
		{"hpkp, the leaf's key", HPKPRule, PinSet{Keys: []Key{spki(0, "")}}, true, "0:0= 0:1 0:2", nil},
		{"curl, the intermediate's key never matches", CurlRule, PinSet{Keys: []Key{spki(1, "")}}, false, "0:0", nil},
		{"curl, the leaf's key", CurlRule, PinSet{Keys: []Key{spki(1, ""), spki(0, "")}}, true, "0:0 1:0=", nil},
		{"ios, a CA identity", IOSRule, PinSet{Keys: []Key{spki(1, MatchCA)}}, true, "0:1= 0:2", nil},
		{"ios, a leaf key in the CA list", IOSRule, PinSet{Keys: []Key{spki(0, MatchCA)}}, false, "0:1 0:2", []string{MatchCA}},
		{"ios, both lists must match", IOSRule, PinSet{Keys: []Key{backup, spki(1, MatchCA)}}, false, "0:0 1:1= 1:2", []string{MatchLeaf}},
		{"ios, both lists match", IOSRule, PinSet{Keys: []Key{spki(0, MatchLeaf), spki(2, MatchCA)}}, true, "0:0= 1:1 1:2=", nil},
		{"ios, an empty list given must match", IOSRule, PinSet{Keys: []Key{spki(1, MatchCA)}, Lists: []string{MatchCA, MatchLeaf}}, false, "0:1= 0:2", []string{MatchLeaf}},
		{"trustkit, the intermediate's key", TrustKitRule, PinSet{Keys: []Key{spki(1, "")}}, true, "0:0 0:1= 0:2", nil},
		{"a whole certificate", AFNetworkingCertificateRule, PinSet{Keys: []Key{{Hash: b.Certificates[0].Pins.CertSHA256, Certificate: true}}}, true, "0:0= 0:1 0:2", nil},
		{"a key's hash is not the certificate's", AFNetworkingCertificateRule, PinSet{Keys: []Key{{Hash: b.Certificates[0].Pins.SPKISHA256, Certificate: true}}}, false, "0:0 0:1 0:2", nil},
		{"an unreadable pin matches nothing", AndroidRule, PinSet{Keys: []Key{{}}}, false, "0:0 0:1 0:2", nil},
		{"no pin", AndroidRule, PinSet{}, false, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := c.rule.Judge(c.set, chain)
			var got []string
			for _, cmp := range j.Compared {
				s := fmt.Sprintf("%d:%d", cmp.Key, cmp.Cert)
				if cmp.Match {
					s += "="
				}
				if want := c.set.Keys[cmp.Key].HashOf(chain[cmp.Cert]); !slices.Equal(cmp.Hash, want) {
					t.Errorf("%s: hash %x, want %x", s, cmp.Hash, want)
				}
				got = append(got, s)
			}
			if j.Accepted != c.accepted || fmt.Sprint(got) != fmt.Sprint(strings.Fields(c.compared)) || !slices.Equal(j.Missing, c.missing) {
				t.Errorf("accepted %v, compared %v, missing %v; want %v, %v, %v", j.Accepted, got, j.Missing, c.accepted, strings.Fields(c.compared), c.missing)
			}
		})
	}
}
