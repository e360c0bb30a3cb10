package pinlib

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// permutations returns every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func inOrder(ins []Input, order []int) []Input {
	out := make([]Input, len(order))
	for i, j := range order {
		out[i] = ins[j]
	}
	return out
}

// TestGlobalSignChain: the vectors README calls www.globalsign.com +
// GlobalSign DV CA G2 + GlobalSign Root CA a complete chain, but the leaf was
// issued by "GlobalSign Extended Validation CA - SHA256 - G2" (its issuer name
// and AKI say so and `openssl verify` agrees). Verified ordering must find
// DV -> Root and report the leaf's issuer as missing, in any input order.
func TestGlobalSignChain(t *testing.T) {
	files := []Input{
		input(t, "testdata/vectors/trustkit/www.globalsign.com.der"),
		input(t, "testdata/vectors/trustkit/GlobalSignDomainValidationCA-SHA256-G2.der"),
		input(t, "testdata/vectors/trustkit/GlobalSignRootCA.der"),
	}
	for _, order := range permutations(3) {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			b := ReadAt(testNow, inOrder(files, order)...)
			if len(b.Certificates) != 3 || len(b.Errors) > 0 {
				t.Fatalf("%d certificates, errors %v", len(b.Certificates), b.Errors)
			}
			byName := map[string]*Certificate{}
			for _, c := range b.Certificates {
				byName[c.Name()] = c
			}
			leaf, dv, root := byName["www.globalsign.com"], byName["GlobalSign Domain Validation CA - SHA256 - G2"], byName["GlobalSign Root CA"]
			if leaf.Role != RoleLeaf || dv.Role != RoleIntermediate || root.Role != RoleRoot {
				t.Errorf("roles %v", roles(b))
			}
			if dv.IssuerIndex != root.Index || dv.Index+1 != root.Index {
				t.Errorf("DV CA at %d has issuer %d, root at %d", dv.Index, dv.IssuerIndex, root.Index)
			}
			if !root.SelfSigned || root.IssuerIndex != -1 || leaf.IssuerIndex != -1 {
				t.Errorf("root self-signed %v issuer %d; leaf issuer %d", root.SelfSigned, root.IssuerIndex, leaf.IssuerIndex)
			}
			w, ok := warningFor(b, CodeMissingIntermediate, leaf.Index)
			if !ok || !strings.Contains(w.Message, "GlobalSign Extended Validation CA - SHA256 - G2") {
				t.Errorf("missing-intermediate warning %+v; codes %v", w, codes(b))
			}
			if b.Shape != ShapeChains {
				t.Errorf("Shape = %s", b.Shape)
			}
			for _, c := range []*Certificate{leaf, dv} {
				if _, ok := warningFor(b, CodeExpired, c.Index); !ok {
					t.Errorf("%s: no expired warning", c.Name())
				}
			}
			// GlobalSign Root CA is SHA-1 self-signed: harmless on a trust anchor.
			if _, ok := warningFor(b, CodeSHA1Signature, root.Index); ok {
				t.Error("sha1-signature warning on a root")
			}
			if _, ok := warningFor(b, CodeRootIncluded, root.Index); !ok {
				t.Error("no root-included note")
			}
		})
	}
}

// TestLeafFirstInAnyOrder: real (www.good.com) and generated complete chains
// come out leaf first whatever order they went in.
func TestLeafFirstInAnyOrder(t *testing.T) {
	c := newChain3(t)
	gen := []Input{{"leaf.pem", c.leaf.pem()}, {"inter.pem", c.inter.pem()}, {"root.pem", c.root.pem()}}
	good := []Input{input(t, "testdata/vectors/trustkit/www.good.com.der"), input(t, "testdata/vectors/trustkit/GoodRootCA.der")}
	_, ders := fixtureChain(t)
	ossl := []Input{{"leaf.der", ders[0]}, {"int.der", ders[1]}, {"root.der", ders[2]}}
	tests := []struct {
		name  string
		ins   []Input
		roles []Role
	}{
		{"generated", gen, []Role{RoleLeaf, RoleIntermediate, RoleRoot}},
		{"openssl fixture", ossl, []Role{RoleLeaf, RoleIntermediate, RoleRoot}},
		{"www.good.com", good, []Role{RoleLeaf, RoleRoot}},
	}
	for _, tt := range tests {
		for _, order := range permutations(len(tt.ins)) {
			t.Run(tt.name+fmt.Sprint(order), func(t *testing.T) {
				b := ReadAt(testNow, inOrder(tt.ins, order)...)
				if !slices.Equal(roles(b), tt.roles) {
					t.Fatalf("roles %v, want %v", roles(b), tt.roles)
				}
				for i, c := range b.Certificates {
					if c.Source != tt.ins[i].Name {
						t.Errorf("position %d holds %s, want %s", i, c.Source, tt.ins[i].Name)
					}
					if c.Index != i {
						t.Errorf("Index %d at position %d", c.Index, i)
					}
					wantIssuer := i + 1
					if i == len(b.Certificates)-1 {
						wantIssuer = -1
					}
					if c.IssuerIndex != wantIssuer {
						t.Errorf("%s: IssuerIndex %d, want %d", c.Name(), c.IssuerIndex, wantIssuer)
					}
				}
				if b.Shape != ShapeChain {
					t.Errorf("Shape = %s", b.Shape)
				}
				if got, want := hasCode(b, CodeOutOfOrder), !slices.IsSorted(order); got != want {
					t.Errorf("out-of-order warning %v, want %v", got, want)
				}
				if hasCode(b, CodeMissingIntermediate) || !hasCode(b, CodeRootIncluded) {
					t.Errorf("codes %v", codes(b))
				}
				if got := b.Chain(0); len(got) != len(tt.ins) {
					t.Errorf("Chain(0) has %d certificates", len(got))
				}
				if b.Leaf() != b.Certificates[0] || len(b.ByRole(RoleRoot)) != 1 {
					t.Error("Leaf/ByRole")
				}
			})
		}
	}
}

func TestLetsEncrypt(t *testing.T) {
	var inter []Input
	for _, n := range []string{"r10", "r11", "r12", "r13", "e5", "e6", "e7", "e8"} {
		inter = append(inter, input(t, "testdata/vectors/letsencrypt/"+n+".pem"))
	}
	x1 := input(t, "testdata/roots/ISRG_Root_X1.pem")
	x2 := input(t, "testdata/roots/ISRG_Root_X2.pem")

	t.Run("intermediates without roots", func(t *testing.T) {
		b := ReadAt(testNow, inter...)
		if b.Shape != ShapeUnrelated {
			t.Errorf("Shape = %s", b.Shape)
		}
		for i, c := range b.Certificates {
			if c.Source != inter[i].Name || c.Role != RoleUnrelated || c.IssuerIndex != -1 {
				t.Errorf("%d: %s role %s issuer %d", i, c.Source, c.Role, c.IssuerIndex)
			}
			root := "ISRG Root X1"
			if strings.HasPrefix(c.Name(), "E") {
				root = "ISRG Root X2"
			}
			w, ok := warningFor(b, CodeRootNotIncluded, i)
			if !ok || !strings.Contains(w.Message, root) || w.Severity != SeverityInfo {
				t.Errorf("%s: root-not-included %+v", c.Name(), w)
			}
		}
		if hasCode(b, CodeMissingIntermediate) || hasCode(b, CodeOutOfOrder) {
			t.Errorf("codes %v", codes(b))
		}
	})
	t.Run("one intermediate", func(t *testing.T) {
		b := ReadAt(testNow, inter[0])
		if b.Shape != ShapeSingle || b.Certificates[0].Role != RoleIntermediate || !hasCode(b, CodeRootNotIncluded) {
			t.Errorf("Shape %s role %s codes %v", b.Shape, b.Certificates[0].Role, codes(b))
		}
	})
	t.Run("R10 with ISRG Root X1", func(t *testing.T) {
		b := ReadAt(testNow, x1, inter[0])
		if !slices.Equal(names(b), []string{"R10", "ISRG Root X1"}) || !slices.Equal(roles(b), []Role{RoleIntermediate, RoleRoot}) {
			t.Errorf("%v %v", names(b), roles(b))
		}
		if b.Shape != ShapeChain || !hasCode(b, CodeOutOfOrder) {
			t.Errorf("Shape %s codes %v", b.Shape, codes(b))
		}
	})
	t.Run("all with both roots", func(t *testing.T) {
		b := ReadAt(testNow, append(slices.Clone(inter), x1, x2)...)
		want := []string{"R10", "ISRG Root X1", "R11", "R12", "R13", "E5", "ISRG Root X2", "E6", "E7", "E8"}
		if !slices.Equal(names(b), want) {
			t.Errorf("order %v, want %v", names(b), want)
		}
		if b.Shape != ShapeChains || len(b.ByRole(RoleRoot)) != 2 || len(b.ByRole(RoleIntermediate)) != 8 {
			t.Errorf("Shape %s roles %v", b.Shape, roles(b))
		}
		for _, c := range b.ByRole(RoleIntermediate) {
			if c.IssuerIndex < 0 || b.Certificates[c.IssuerIndex].Role != RoleRoot {
				t.Errorf("%s not linked to its root", c.Name())
			}
		}
	})
}

// TestCABundle144: a bundle of roots keeps its order, every certificate a root.
func TestCABundle144(t *testing.T) {
	data := bundle144(t)
	b := ReadAt(testNow, Input{Name: "ca-bundle.crt", Data: data})
	if len(b.Certificates) != 144 || b.Shape != ShapeUnrelated {
		t.Fatalf("%d certificates, shape %s", len(b.Certificates), b.Shape)
	}
	for i, c := range b.Certificates {
		if c.Name() != "Throwaway Root "+itoa(i) || c.Role != RoleRoot || !c.SelfSigned || c.Index != i {
			t.Fatalf("%d: %s role %s", i, c.Name(), c.Role)
		}
	}
	if len(b.Warnings) != 0 {
		t.Errorf("warnings %v", codes(b))
	}
}

// TestSystemBundle reads Debian's CA bundle (a copy in testdata): 142
// roots, all kept, in input order.
func TestSystemBundle(t *testing.T) {
	data, err := os.ReadFile("testdata/ca-certificates.crt")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b := ReadAt(testNow, Input{Name: "ca-certificates.crt", Data: data})
	took := time.Since(start)
	if len(b.Errors) > 0 || len(b.Certificates) != 142 || b.Shape != ShapeUnrelated && b.Shape != ShapeChains {
		t.Fatalf("errors %v, %d certificates, shape %s", b.Errors, len(b.Certificates), b.Shape)
	}
	prev := -1
	for _, c := range b.Certificates {
		if c.Role != RoleRoot && c.Role != RoleUnrelated {
			t.Errorf("%s: role %s", c.Name(), c.Role)
		}
		if b.Shape == ShapeUnrelated && c.Line <= prev {
			t.Errorf("%s out of input order", c.Name())
		}
		prev = c.Line
	}
	t.Logf("%d certificates in %v", len(b.Certificates), took)
}

func TestSeveralChains(t *testing.T) {
	a, c := newChain3(t), newChain3(t)
	shared := mint(t, spec{cn: "Second Intermediate", ca: true, pathLen: 0}, a.root)
	sharedLeaf := mint(t, spec{cn: "other.example", dns: []string{"other.example"}}, shared)
	stray := mint(t, spec{cn: "stray.example", dns: []string{"stray.example"}}, c.inter)
	tests := []struct {
		name  string
		data  []byte
		names []string
		roles []Role
		shape Shape
		codes []string // must be present
	}{
		{"two chains pasted one after the other",
			append(pemOf(a.leaf, a.inter, a.root), pemOf(c.leaf, c.inter, c.root)...),
			[]string{"leaf.example", "Test Intermediate", "Test Root", "leaf.example", "Test Intermediate", "Test Root"},
			[]Role{RoleLeaf, RoleIntermediate, RoleRoot, RoleLeaf, RoleIntermediate, RoleRoot},
			ShapeChains, []string{CodeRootIncluded}},
		{"two chains sharing a root, root sent twice",
			pemOf(a.leaf, a.inter, a.root, sharedLeaf, shared, a.root),
			[]string{"leaf.example", "Test Intermediate", "Test Root", "other.example", "Second Intermediate"},
			[]Role{RoleLeaf, RoleIntermediate, RoleRoot, RoleLeaf, RoleIntermediate},
			ShapeChains, []string{CodeDuplicate}},
		{"a chain and an unrelated leaf",
			pemOf(a.leaf, a.inter, stray),
			[]string{"leaf.example", "Test Intermediate", "stray.example"},
			[]Role{RoleLeaf, RoleIntermediate, RoleLeaf},
			ShapeChains, []string{CodeMissingIntermediate, CodeRootNotIncluded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: tt.data})
			if !slices.Equal(names(b), tt.names) || !slices.Equal(roles(b), tt.roles) {
				t.Errorf("got %v %v\nwant %v %v", names(b), roles(b), tt.names, tt.roles)
			}
			if b.Shape != tt.shape {
				t.Errorf("Shape = %s, want %s", b.Shape, tt.shape)
			}
			for _, code := range tt.codes {
				if !hasCode(b, code) {
					t.Errorf("no %s in %v", code, codes(b))
				}
			}
			if hasCode(b, CodeOutOfOrder) {
				t.Error("out-of-order on leaf-first input")
			}
		})
	}
}

// TestVerifiedNotNamed: links come from signatures, never from names alone.
func TestVerifiedNotNamed(t *testing.T) {
	c := newChain3(t)
	// Same subject as the real intermediate, different key.
	impostor := mint(t, spec{cn: "Test Intermediate", ca: true, pathLen: 0}, c.root)
	// A rolled-over root: same name, new key, also self-signed.
	oldRoot := mint(t, spec{cn: "Test Root", ca: true, pathLen: -1}, nil)

	b := ReadAt(testNow, Input{Name: "paste", Data: pemOf(impostor, c.leaf, oldRoot, c.root)})
	leaf := b.Certificates[slices.IndexFunc(b.Certificates, func(x *Certificate) bool { return x.Name() == "leaf.example" })]
	if leaf.IssuerIndex != -1 || !hasCode(b, CodeMissingIntermediate) {
		t.Errorf("leaf linked to an impostor with the right name: issuer %d, codes %v", leaf.IssuerIndex, codes(b))
	}
	imp := b.Certificates[slices.IndexFunc(b.Certificates, func(x *Certificate) bool { return x.Name() == "Test Intermediate" })]
	if imp.IssuerIndex < 0 || !bytes.Equal(b.Certificates[imp.IssuerIndex].Cert.Raw, c.root.cert.Raw) {
		t.Error("impostor not linked to the root that signed it")
	}

	// Cross-signed pair: A signed by B's key, B signed by A's key. No loop.
	ka, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	kb, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := func(cn, issuer string) *x509.Certificate {
		return &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: cn}, Issuer: pkix.Name{CommonName: issuer},
			NotBefore: testNow.AddDate(-1, 0, 0), NotAfter: testNow.AddDate(1, 0, 0), BasicConstraintsValid: true, IsCA: true,
			KeyUsage: x509.KeyUsageCertSign}
	}
	aDER, err := x509.CreateCertificate(rand.Reader, tmpl("A", "B"), tmpl("B", "A"), ka.Public(), kb)
	if err != nil {
		t.Fatal(err)
	}
	bDER, err := x509.CreateCertificate(rand.Reader, tmpl("B", "A"), tmpl("A", "B"), kb.Public(), ka)
	if err != nil {
		t.Fatal(err)
	}
	b = ReadAt(testNow, Input{Name: "a.der", Data: aDER}, Input{Name: "b.der", Data: bDER})
	if len(b.Certificates) != 2 || len(b.Chain(0)) > 2 {
		t.Fatalf("cross-signed pair: %d certificates, chain %d", len(b.Certificates), len(b.Chain(0)))
	}
	links := 0
	for _, x := range b.Certificates {
		if x.IssuerIndex >= 0 {
			links++
		}
	}
	if links != 1 || b.Shape != ShapeChain {
		t.Errorf("cross-signed pair: %d links, shape %s", links, b.Shape)
	}
}

// TestChainWarnings: generated chains with one problem each.
func TestChainWarnings(t *testing.T) {
	root := mint(t, spec{cn: "Root", ca: true, pathLen: -1}, nil)
	inter := mint(t, spec{cn: "Inter", ca: true, pathLen: 0}, root)
	leaf := func(s spec) *issued {
		if s.cn == "" {
			s.cn = "host.example"
		}
		return mint(t, s, inter)
	}
	dns := []string{"host.example"}
	// pathlen: root(pathlen:0) -> inter -> leaf, and inter(pathlen:0) -> sub CA -> leaf.
	strictRoot := mint(t, spec{cn: "Strict Root", ca: true, pathLen: 0}, nil)
	looseInter := mint(t, spec{cn: "Loose Inter", ca: true, pathLen: -1}, strictRoot)
	sub := mint(t, spec{cn: "Sub CA", ca: true, pathLen: -1}, inter)
	subLeaf := mint(t, spec{cn: "deep.example", dns: dns}, sub)
	okRoot := mint(t, spec{cn: "Fine Root", ca: true, pathLen: 1}, nil)
	okInter := mint(t, spec{cn: "Fine Inter", ca: true, pathLen: 0}, okRoot)
	notCA := mint(t, spec{cn: "Not A CA", noBC: true, keyUsage: x509.KeyUsageDigitalSignature}, root)
	selfLeaf := mint(t, spec{cn: "self.example", dns: dns}, nil)
	_, ders := fixtureChain(t)

	tests := []struct {
		name  string
		data  []byte
		code  string
		about string // Name() of the certificate the warning is about; "" = the input
		in    string // substring of the message
		not   []string
	}{
		{"pathlen on root", pemOf(mint(t, spec{cn: "a.example", dns: dns}, looseInter), looseInter, strictRoot), CodePathLenViolation, "Strict Root", "pathlen:0", nil},
		{"pathlen on intermediate", pemOf(subLeaf, sub, inter, root), CodePathLenViolation, "Inter", "1 intermediate CA follow", nil},
		{"pathlen respected", pemOf(mint(t, spec{cn: "b.example", dns: dns}, okInter), okInter, okRoot), "", "", "", []string{CodePathLenViolation}},
		{"pathlen without a leaf", pemOf(sub, inter, root), CodePathLenViolation, "Inter", "pathlen:0", nil},
		{"leaf is CA", pemOf(leaf(spec{ca: true, pathLen: -1, dns: dns, keyUsage: x509.KeyUsageDigitalSignature}), inter, root), CodeLeafIsCA, "host.example", "CA:TRUE", nil},
		{"weak key", pemOf(leaf(spec{dns: dns, key: weakRSAKey(t)}), inter), CodeWeakKey, "host.example", "1024-bit RSA", nil},
		{"Ed25519 leaf", pemOf(leaf(spec{dns: dns, key: ed25519Key(t)}), inter), CodeEd25519Leaf, "host.example", "mobile TLS stacks", nil},
		{"Ed25519 CA is not flagged", pemOf(leaf(spec{dns: dns}), inter, mint(t, spec{cn: "Ed Root", ca: true, pathLen: -1, key: ed25519Key(t)}, nil)), "", "", "", []string{CodeEd25519Leaf}},
		{"no SAN", pemOf(leaf(spec{}), inter), CodeNoSAN, "host.example", "subject alternative name", nil},
		{"SHA-1 signature", append(readFile(t, "testdata/openssl/sha1-leaf.pem"), pemText("CERTIFICATE", nil, ders[1])...), CodeSHA1Signature, "sha1.pinlab.test", "ECDSA-SHA1", nil},
		{"expired", pemOf(leaf(spec{dns: dns, notAfter: testNow.Add(-10*24*time.Hour - time.Hour)}), inter), CodeExpired, "host.example", "(10 days ago)", []string{CodeExpiringSoon}},
		{"not yet valid", pemOf(leaf(spec{dns: dns, notBefore: testNow.Add(5*24*time.Hour + time.Hour)}), inter), CodeNotYetValid, "host.example", "5 days from now", nil},
		{"expiring soon", pemOf(leaf(spec{dns: dns, notAfter: testNow.Add(12*24*time.Hour + time.Hour)}), inter), CodeExpiringSoon, "host.example", "in 12 days", []string{CodeExpired}},
		{"issuer not a CA", pemOf(mint(t, spec{cn: "c.example", dns: dns}, notCA), notCA, root), CodeIssuerNotCA, "c.example", "Not A CA", nil},
		{"self-signed leaf", selfLeaf.pem(), CodeSelfSigned, "self.example", "self-signed", []string{CodeMissingIntermediate, CodeRootIncluded}},
		{"lone leaf", leaf(spec{dns: dns}).pem(), CodeMissingIntermediate, "host.example", "Inter", nil},
		{"leaf and intermediate", pemOf(leaf(spec{dns: dns}), inter), CodeRootNotIncluded, "Inter", "Root", []string{CodeMissingIntermediate, CodeRootIncluded, CodeOutOfOrder}},
		{"root included", pemOf(leaf(spec{dns: dns}), inter, root), CodeRootIncluded, "Root", "harmless", []string{CodeRootNotIncluded, CodeMissingIntermediate}},
		{"out of order", pemOf(inter, leaf(spec{dns: dns})), CodeOutOfOrder, "", "leaf first", nil},
		{"healthy", pemOf(leaf(spec{dns: dns}), inter), "", "", "", []string{CodeExpired, CodeNoSAN, CodeWeakKey, CodeLeafIsCA, CodeEd25519Leaf, CodeSHA1Signature, CodeMissingIntermediate, CodeOutOfOrder}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: tt.data})
			if len(b.Errors) > 0 {
				t.Fatalf("errors %v", b.Errors)
			}
			for _, code := range tt.not {
				if hasCode(b, code) {
					t.Errorf("unexpected %s; codes %v", code, codes(b))
				}
			}
			if tt.code == "" {
				return
			}
			index := -1
			if tt.about != "" {
				index = slices.Index(names(b), tt.about)
			}
			w, ok := warningFor(b, tt.code, index)
			if !ok {
				t.Fatalf("no %s about %q (index %d); warnings %+v", tt.code, tt.about, index, b.Warnings)
			}
			if !strings.Contains(w.Message, tt.in) {
				t.Errorf("message %q lacks %q", w.Message, tt.in)
			}
			if tt.about != "" && !strings.Contains(w.Message, tt.about) {
				t.Errorf("message %q does not name %q", w.Message, tt.about)
			}
		})
	}
}

// The link over a SHA-1 signature is still verified, not guessed.
func TestSHA1LinkVerified(t *testing.T) {
	_, ders := fixtureChain(t)
	b := ReadAt(testNow, Input{Name: "paste", Data: append(readFile(t, "testdata/openssl/sha1-leaf.pem"), pemText("CERTIFICATE", nil, ders[1])...)})
	if b.Certificates[0].IssuerIndex != 1 || b.Certificates[0].Role != RoleLeaf {
		t.Errorf("issuer %d role %s", b.Certificates[0].IssuerIndex, b.Certificates[0].Role)
	}
}

func TestNegativeSerial(t *testing.T) {
	b := ReadAt(testNow, input(t, "testdata/vectors/interception-roots/ca-dsdtestprovider.crt"))
	if len(b.Certificates) != 1 {
		t.Fatalf("errors %v", b.Errors)
	}
	c := b.Certificates[0]
	// openssl x509 -serial: -5BB3C7B807118E7FBCB24E7F4658169E
	if got := c.Serial(); got != "-5B:B3:C7:B8:07:11:8E:7F:BC:B2:4E:7F:46:58:16:9E" {
		t.Errorf("Serial = %s", got)
	}
	if !c.SelfSigned || c.Role != RoleRoot {
		t.Errorf("self-signed %v role %s", c.SelfSigned, c.Role)
	}
}

// TestLoneSelfSignedIsLeaf: a self-signed server certificate made the usual
// way (openssl req -x509, which marks it CA:TRUE) is the leaf when it stands
// alone and names hosts: its own trust anchor, not a root. A self-signed
// CA that names no host stays a root, and one that signs others stays the
// root of its chain.
func TestLoneSelfSignedIsLeaf(t *testing.T) {
	_, ders := fixtureChain(t)
	openssl := readFile(t, "testdata/openssl/self-signed.pem")
	caWithName := mint(t, spec{cn: "Named CA", ca: true, pathLen: -1, dns: []string{"ca.example"}}, nil)
	tests := []struct {
		name  string
		data  []byte
		about string // Name() of the certificate
		role  Role
		codes []string // warnings it must have
		not   []string // and must not
	}{
		{"openssl req -x509, CA:TRUE", openssl, "self.pinlab.test", RoleLeaf, []string{CodeSelfSigned, CodeLeafIsCA}, []string{CodeRootIncluded, CodeMissingIntermediate}},
		{"beside an unrelated chain", []byte(pemText("CERTIFICATE", nil, ders[0]) + pemText("CERTIFICATE", nil, ders[1]) + string(openssl)), "self.pinlab.test", RoleLeaf, []string{CodeSelfSigned}, nil},
		{"a CA naming no host", []byte(pemText("CERTIFICATE", nil, ders[2])), "pinlab Test Root", RoleRoot, nil, []string{CodeSelfSigned, CodeLeafIsCA}},
		{"minted CA:TRUE with a DNS name", caWithName.pem(), "Named CA", RoleLeaf, []string{CodeSelfSigned}, nil},
		{"a named CA that signs a leaf is the root", pemOf(mint(t, spec{cn: "a.example", dns: []string{"a.example"}}, caWithName), caWithName), "Named CA", RoleRoot, nil, []string{CodeSelfSigned}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: tt.data})
			i := slices.Index(names(b), tt.about)
			if len(b.Errors) > 0 || i < 0 {
				t.Fatalf("errors %v, names %v", b.Errors, names(b))
			}
			c := b.Certificates[i]
			if c.Role != tt.role || !c.SelfSigned {
				t.Errorf("role %s, self-signed %v; want %s", c.Role, c.SelfSigned, tt.role)
			}
			for _, code := range tt.codes {
				if _, ok := warningFor(b, code, i); !ok {
					t.Errorf("no %s; warnings %+v", code, b.Warnings)
				}
			}
			for _, code := range tt.not {
				if _, ok := warningFor(b, code, i); ok {
					t.Errorf("unexpected %s; warnings %+v", code, b.Warnings)
				}
			}
			if tt.role == RoleLeaf && len(b.Certificates) == 1 && b.Leaf() != c {
				t.Errorf("Leaf() = %v", b.Leaf())
			}
		})
	}
}

// ed25519Key is a fresh Ed25519 key, for leaves most mobile stacks refuse.
func ed25519Key(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
