package platform

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
)

// pool is a root store holding the certificates given.
func pool(certs ...*pinlib.Certificate) *x509.CertPool {
	p, err := RootPool(&pinlib.Bundle{Certificates: certs})
	if err != nil {
		panic(err)
	}
	return p
}

// opensslSelfSigned is pinlib/testdata/openssl/self-signed.pem, made by
// `openssl req -x509` (CA:TRUE, DNS:self.pinlab.test).
func opensslSelfSigned(t *testing.T) *pinlib.Bundle {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "openssl", "self-signed.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return pinlib.ReadAt(testNow, pinlib.Input{Name: "self-signed.pem", Data: data})
}

// trustNow is when the trust tests verify: every fixture is valid then
// (the openssl ones were made after testNow).
var trustNow = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)

// TestCheckTrust: check decides first whether the client trusts the chain
// (an untrusted one is its own verdict, apart from pin mismatches), then
// matches pins on the verified chain, completed with the root from the
// store as clients complete it.
func TestCheckTrust(t *testing.T) {
	chain := testChain(t)
	leaf, inter, root := chain.Certificates[0], chain.Certificates[1], chain.Certificates[2]
	sent := pinlib.ReadAt(testNow, pinlib.Input{Name: "sent", Data: append(pemOf(leaf), pemOf(inter)...)})
	self := opensslSelfSigned(t)
	selfPin := self.Certificates[0].Pins.SPKISHA256Base64()
	other := demoBundle(t, testNow) // a root store without pinlab Test Root
	otherRoots := pool(other.ByRole(pinlib.RoleRoot)...)
	curl := func(pin string) string { return `curl --pinnedpubkey "sha256//` + pin + `" https://x/` }
	cases := []struct {
		name    string
		config  string
		host    string
		b       *pinlib.Bundle
		roots   *x509.CertPool // nil: no roots, assumed trusted
		now     time.Time      // zero: trustNow
		trust   Trust
		verdict CheckVerdict
		matched string // a fragment of the first matched pin's certificate
		note    string // a fragment of the reason, the trust text or a note
	}{
		// Roots pins on the chain as sent: the store completes it.
		{"android root pin, root not sent: completed from the store", android("leaf.pinlab.test", false, "", rootPin), "", sent, pool(root), time.Time{}, TrustVerified, CheckAccepted, "root: pinlab Test Root", "Completed the chain with pinlab Test Root from roots.pem"},
		{"ios CA identity of the root, root not sent", iosBoth("", rootPin), "", sent, pool(root), time.Time{}, TrustVerified, CheckAccepted, "root: pinlab Test Root", "Completed the chain"},
		{"okhttp root pin, root not sent", `CertificatePinner.Builder().add("leaf.pinlab.test", "sha256/` + rootPin + `").build()`, "", sent, pool(root), time.Time{}, TrustVerified, CheckAccepted, "root", "verified up to pinlab Test Root, a root of roots.pem"},
		{"curl still looks at the leaf only", curl(rootPin), "", sent, pool(root), time.Time{}, TrustVerified, CheckRejected, "", ""},
		{"hpkp root pin with a backup, root not sent", `Public-Key-Pins: pin-sha256="` + rootPin + `"; pin-sha256="` + backupPin + `"; max-age=600`, "", sent, pool(root), time.Time{}, TrustVerified, CheckAccepted, "root", "Completed the chain"},
		{"without roots the root pin stays unmatched, and says why", android("leaf.pinlab.test", false, "", rootPin), "", sent, nil, time.Time{}, TrustAssumed, CheckRejected, "", "Add those certificates to the input"},

		// Trust first: a pin that matches does not make a chain trusted.
		{"a self-signed certificate carrying the pinned key", curl(selfPin), "self.pinlab.test", self, otherRoots, time.Time{}, TrustFailed, CheckUntrusted, "leaf: self.pinlab.test", "untrusted: x509: certificate signed by unknown authority"},
		{"the same, trusted as its own anchor", curl(selfPin), "self.pinlab.test", self, pool(self.Certificates[0]), time.Time{}, TrustVerified, CheckAccepted, "leaf: self.pinlab.test", "verified up to self.pinlab.test"},
		{"a root the server sends is not trusted for being sent", android("leaf.pinlab.test", false, "", intermediatePin), "", chain, otherRoots, time.Time{}, TrustFailed, CheckUntrusted, "intermediate", "(checked against roots.pem)"},
		{"an unpinned host is still refused when untrusted", android("other.pinlab.test", false, "", backupPin), "", sent, otherRoots, time.Time{}, TrustFailed, CheckUntrusted, "", "unknown authority"},
		{"an expired chain", android("leaf.pinlab.test", false, "", intermediatePin), "", sent, pool(root), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), TrustFailed, CheckUntrusted, "intermediate", "expired"},
		{"soft-fail does not let an untrusted chain through", `Public-Key-Pins-Report-Only: pin-sha256="` + backupPin + `"; max-age=600`, "", sent, otherRoots, time.Time{}, TrustFailed, CheckUntrusted, "", "unknown authority"},
		{"the name is checked without roots too", android("other.test", false, "", leafPin), "other.test", chain, nil, time.Time{}, TrustFailed, CheckUntrusted, "leaf", "untrusted: x509: certificate is valid for leaf.pinlab.test"},
		{"an unnamed store is named all the same", android("leaf.pinlab.test", false, "", intermediatePin), "", sent, otherRoots, time.Time{}, TrustFailed, CheckUntrusted, "intermediate", "(checked against the roots given)"},
		{"the root sent and in the store: no completion", android("leaf.pinlab.test", false, "", rootPin), "", chain, pool(root), time.Time{}, TrustVerified, CheckAccepted, "root", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			host, now := c.host, c.now
			if host == "" {
				host = "leaf.pinlab.test"
			}
			if now.IsZero() {
				now = trustNow
			}
			from := "roots.pem"
			if strings.HasPrefix(c.name, "an unnamed store") {
				from = ""
			}
			r, err := CheckConfigWith([]byte(c.config), host, c.b, CheckOptions{Now: now, Roots: c.roots, RootsFrom: from})
			if err != nil {
				t.Fatalf("CheckConfigWith: %v", err)
			}
			if r.Trust != c.trust || r.Verdict != c.verdict {
				t.Errorf("trust %s (%s), verdict %s (%s); want %s, %s", r.Trust, r.TrustText, r.Verdict, r.Reason, c.trust, c.verdict)
			}
			if !strings.HasPrefix(r.TrustText, map[Trust]string{TrustAssumed: "assuming the chain is trusted", TrustVerified: "trusted: ", TrustFailed: "untrusted: "}[r.Trust]) {
				t.Errorf("trust text %q for %s", r.TrustText, r.Trust)
			}
			matched := ""
			for _, p := range r.Pins {
				if p.Matched != "" {
					matched = p.Matched
					break
				}
			}
			if c.matched == "" && matched != "" || c.matched != "" && !strings.Contains(matched, c.matched) {
				t.Errorf("matched %q, want %q", matched, c.matched)
			}
			all := strings.Join(append(r.Notes, r.Reason, r.TrustText), "\n")
			if c.note != "" && !strings.Contains(all, c.note) {
				t.Errorf("want %q in\n%s", c.note, all)
			}
			if c.trust != TrustVerified && strings.Contains(all, "Completed the chain") {
				t.Errorf("completed a chain it did not verify:\n%s", all)
			}
			if c.verdict == CheckUntrusted && r.Verdict.Accepted() {
				t.Error("an untrusted chain counts as accepted")
			}
		})
	}
}

// TestCheckTrustChainJudged: the chain's pins listed are those of the
// chain judged: the verified one. A server that sends its intermediate's
// issuer as a cross-signed certificate (same name and key as the root,
// signed by an older root) is verified up to the self-signed root in the
// store, and the cross-sign it sent is off that path.
func TestCheckTrustChainJudged(t *testing.T) {
	rootKey, oldKey, interKey := newKey(t), newKey(t), newKey(t)
	root := mintCert(t, "New Root", rootKey, nil, rootKey, true)
	old := mintCert(t, "Old Root", oldKey, nil, oldKey, true)
	cross := mintCert(t, "New Root", rootKey, old, oldKey, true)
	inter := mintCert(t, "Issuing CA", interKey, root, rootKey, true)
	leaf := mintCert(t, "leaf.pinlab.test", newKey(t), inter, interKey, false)
	sent := pinlib.ReadAt(testNow, pinlib.Input{Name: "sent", Data: append(append(pemOf(leaf), pemOf(inter)...), pemOf(cross)...)})
	if got := len(sent.Chain(0)); got != 3 {
		t.Fatalf("the input links %d certificates, want leaf, intermediate and cross-sign", got)
	}
	oldPin := old.Pins.SPKISHA256Base64()
	r, err := CheckConfigWith([]byte(android("leaf.pinlab.test", false, "", oldPin)), "leaf.pinlab.test", sent, CheckOptions{Now: trustNow, Roots: pool(root), RootsFrom: "roots.pem"})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range []*pinlib.Certificate{leaf, inter, root} {
		want = append(want, fmt.Sprintf("%s: %s: %s", c.Role, c.Name(), c.Pins.OkHttp()))
	}
	want[2] = "root: New Root: " + root.Pins.OkHttp()
	notes := strings.Join(r.Notes, "\n")
	if r.Verdict != CheckRejected || strings.Join(r.Chain, "\n") != strings.Join(want, "\n") {
		t.Errorf("verdict %s, chain\n%s\nwant\n%s", r.Verdict, strings.Join(r.Chain, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(notes, "Completed the chain with New Root from roots.pem") || !strings.Contains(notes, "New Root is in the input but not in the chain the client verified") {
		t.Errorf("notes:\n%s", notes)
	}
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// mintCert signs a certificate for cn with key, by parent (self-signed when
// nil), valid a year either side of testNow; a leaf names cn as its host.
func mintCert(t *testing.T, cn string, key *ecdsa.PrivateKey, parent *pinlib.Certificate, parentKey *ecdsa.PrivateKey, ca bool) *pinlib.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             testNow.AddDate(-1, 0, 0),
		NotAfter:              testNow.AddDate(1, 0, 0),
		BasicConstraintsValid: true,
		IsCA:                  ca,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.DNSNames = []string{cn}
	}
	issuer := tmpl
	if parent != nil {
		issuer = parent.Cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	b := pinlib.ReadAt(testNow, pinlib.Input{Name: cn, Data: der})
	if len(b.Certificates) != 1 {
		t.Fatalf("%s: %v", cn, b.Errors)
	}
	return b.Certificates[0]
}
