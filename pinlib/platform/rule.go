package platform

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"slices"
)

// A pin rule is how a client decides whether the pins it holds for a host
// accept a chain: where in the chain each pin may match, and whether one
// match is enough. Each platform's rule is a Rule value in that platform's
// file, judged by Rule.Judge alone; `pinlab check` applies it to the pins
// it reads in a config, and the simulator (pinlib/sim) to the pins of a
// policy on the chain it verified, so the two cannot disagree.

// Where a pin may match, by the platform's rule.
const (
	MatchAnywhere = "any certificate" // Android, OkHttp, HPKP, TrustKit, AFNetworking: the whole verified chain
	MatchLeaf     = "the leaf"        // curl; iOS NSPinnedLeafIdentities
	MatchCA       = "a CA"            // iOS NSPinnedCAIdentities
)

// Key is one pin as a rule compares it with a certificate.
type Key struct {
	Hash        []byte // the pinned hash; nil for a pin that could not be read, which matches nothing
	SHA1        bool   // a SHA-1 hash (OkHttp's sha1/ pins), else SHA-256
	Certificate bool   // the hash of a whole certificate, else of its SPKI
	List        string // the identity list the pin is in, where the rule has lists (iOS): MatchLeaf or MatchCA
}

// HashOf is what k compares with its own hash: the hash of c's SPKI, or of
// the whole of c.
func (k Key) HashOf(c *x509.Certificate) []byte {
	data := c.RawSubjectPublicKeyInfo
	if k.Certificate {
		data = c.Raw
	}
	if k.SHA1 {
		sum := sha1.Sum(data)
		return sum[:]
	}
	sum := sha256.Sum256(data)
	return sum[:]
}

// PinSet is the pins a client holds for one host.
type PinSet struct {
	Keys []Key
	// Lists are the identity lists given, where the rule has lists (iOS),
	// each of which must have a match of its own, an empty one too. Nil:
	// the lists the keys are in.
	Lists []string
}

// Comparison is one key of a pin set compared with one certificate.
type Comparison struct {
	Key   int    // index in PinSet.Keys
	Cert  int    // index in the chain
	Hash  []byte // the certificate's hash as the key compares it (HashOf)
	Match bool
}

// Judgement is what a rule says of a chain.
type Judgement struct {
	Accepted bool
	Where    []string     // where each key may match, by index: MatchAnywhere, MatchLeaf or MatchCA
	Compared []Comparison // each key against each certificate where it may match, key by key, in chain order
	Lists    []string     // the identity lists that must each match (iOS: leaf first); nil where one match is enough
	Missing  []string     // the lists of Lists no key matched in
}

// Rule is one platform's pin rule.
type Rule struct {
	Sentence string // the rule in one sentence, for people: `pinlab check` and the simulator's trace quote it
	// where every key may match; "" when each key's list decides (iOS).
	where string
	// eachList: every identity list given must match on its own (iOS).
	eachList bool
	// Anchors: the pinned certificates become the only trust anchors, so
	// the chain judged is the one trust evaluation builds to them, and it
	// passes only if there is one (AFNetworking's Certificate mode).
	// Judge takes that chain; building it is the caller's part.
	Anchors bool
	// ForCertificates is the platform's rule for whole-certificate pins,
	// where it differs (AFNetworking's Certificate mode); nil otherwise.
	ForCertificates *Rule
}

// Judge applies the rule to set on chain: the chain the client judges,
// leaf first (the verified one; for the naive pinner, the one as sent).
func (r Rule) Judge(set PinSet, chain []*x509.Certificate) Judgement {
	j := Judgement{Where: make([]string, len(set.Keys))}
	matched := map[string]bool{}
	for i, k := range set.Keys {
		where := r.where
		if where == "" {
			where = k.List
		}
		j.Where[i] = where
		for n, c := range chain {
			if where == MatchLeaf && n > 0 || where == MatchCA && n == 0 {
				continue
			}
			h := k.HashOf(c)
			ok := k.Hash != nil && bytes.Equal(h, k.Hash)
			j.Compared = append(j.Compared, Comparison{Key: i, Cert: n, Hash: h, Match: ok})
			if ok {
				matched[where] = true
			}
		}
	}
	if !r.eachList {
		j.Accepted = len(matched) > 0
		return j
	}
	lists := set.Lists
	if lists == nil {
		lists = j.Where
	}
	for _, l := range []string{MatchLeaf, MatchCA} {
		if !slices.Contains(lists, l) {
			continue
		}
		j.Lists = append(j.Lists, l)
		if !matched[l] {
			j.Missing = append(j.Missing, l)
		}
	}
	j.Accepted = len(matched) > 0 && len(j.Missing) == 0
	return j
}

// FirstMatch is the index in the chain of the first certificate key i
// matched, or -1.
func (j Judgement) FirstMatch(i int) int {
	for _, c := range j.Compared {
		if c.Key == i && c.Match {
			return c.Cert
		}
	}
	return -1
}
