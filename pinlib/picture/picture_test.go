package picture

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"encoding/xml"
	"flag"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg")

// opensslChain is pinlib's openssl-made fixture: leaf, intermediate, root.
func opensslChain(t *testing.T) *pinlib.Bundle {
	t.Helper()
	data, err := os.ReadFile("../testdata/openssl/chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	b := pinlib.Read(pinlib.Input{Name: "chain.pem", Data: data})
	if len(b.Certificates) != 3 {
		t.Fatalf("%d certificates in the fixture", len(b.Certificates))
	}
	return b
}

// clock is inside the fixture's validity: the simulated world on it is the
// same on every run, names and the pasted chain's keys alike.
var clock = time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)

func fixtureWorld(t *testing.T) *sim.World {
	t.Helper()
	w, err := sim.NewWorldFromChain(clock, opensslChain(t))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func connection(t *testing.T, w *sim.World, c sim.Case) (sim.Result, sim.Wire) {
	t.Helper()
	r, err := w.Run(c)
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.Wire(c)
	if err != nil {
		t.Fatal(err)
	}
	return r, v
}

// rotationCerts are a leaf, its intermediate and root with fixed dates and
// names; their keys are new on every run, and the timeline shows none.
func rotationCerts(t *testing.T) *pinlib.Bundle {
	t.Helper()
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var out []byte
	var parent *x509.Certificate
	var parentKey *ecdsa.PrivateKey
	var certs []*x509.Certificate
	for _, s := range []struct {
		cn       string
		from, to string
		ca       bool
	}{
		{"Root R", "2020-01-01", "2040-01-01", true},
		{"Issuing CA I1", "2024-06-01", "2029-06-01", true},
		{"api.example.test", "2026-11-20", "2027-02-18", false},
	} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(len(certs) + 1)), Subject: pkix.Name{CommonName: s.cn},
			NotBefore: day(s.from), NotAfter: day(s.to), IsCA: s.ca, BasicConstraintsValid: s.ca,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
		if !s.ca {
			tmpl.DNSNames = []string{s.cn}
		}
		p, pk := parent, parentKey
		if p == nil {
			p, pk = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, p, &key.PublicKey, pk)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := x509.ParseCertificate(der)
		certs = append(certs, c)
		parent, parentKey = c, key
	}
	for i := len(certs) - 1; i >= 0; i-- {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certs[i].Raw})...)
	}
	return pinlib.Read(pinlib.Input{Name: "rotation", Data: out})
}

// rotation draws the plan of the certificates at indices (0 leaf, 1
// intermediate, 2 root) pinned, on 2026-12-01.
func rotation(t *testing.T, expires string, cadence int, indices ...int) string {
	b := rotationCerts(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := pinlib.RotationInput{Now: now, ReleaseCadence: time.Duration(cadence) * 24 * time.Hour}
	for _, i := range indices {
		in.Pinned = append(in.Pinned, b.Certificates[i])
	}
	if expires != "" {
		in.Expiration, _ = time.Parse("2006-01-02", expires)
	}
	return Timeline(pinlib.PlanRotation(in), in.Pinned)
}

// sceneCase draws one case of the fixture world with draw.
func sceneCase(c sim.Case, draw func(sim.Result, sim.Wire, string) string) func(t *testing.T) string {
	return func(t *testing.T) string {
		w := fixtureWorld(t)
		r, v := connection(t, w, c)
		return draw(r, v, w.ServerName)
	}
}

// The golden files pin every picture for fixed inputs. Run with -update to
// rewrite them after a deliberate change, then look at them.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		svg  func(t *testing.T) string
	}{
		{"chain-pinned", func(t *testing.T) string {
			b := opensslChain(t)
			c, ok := BundleChain(b, []Pin{
				{Label: "intermediate", Key: b.Certificates[1].Pins.SPKISHA256Base64()},
				{Label: "backup key", Key: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="},
			})
			if !ok {
				t.Fatal("no chain")
			}
			return c.SVG()
		}},
		{"chain-missing-issuer", func(t *testing.T) string {
			b := opensslChain(t)
			one := pinlib.Read(pinlib.Input{Name: "leaf", Data: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: b.Certificates[0].Cert.Raw})})
			c, _ := BundleChain(one, nil)
			return c.SVG()
		}},
		{"chain-connection-matched", func(t *testing.T) string {
			return ConnectionChain(connection(t, fixtureWorld(t), sim.Case{Client: "android", Scenario: "baseline", Policy: "intermediate-spki", Mode: sim.Hard})).SVG()
		}},
		{"scene-proxy-blocked", sceneCase(sim.Case{Client: "android-legacy", Scenario: "proxy-user-ca", Policy: "intermediate-spki", Mode: sim.Hard}, Scene)},
		{"scene-proxy-intercepted", sceneCase(sim.Case{Client: "android-legacy", Scenario: "proxy-user-ca", Policy: "none", Mode: sim.Hard}, Scene)},
		{"scene-baseline-secure", sceneCase(sim.Case{Client: "android", Scenario: "baseline", Policy: "leaf-spki", Mode: sim.Hard}, Scene)},
		{"scene-proxy-intercepted-narrow", sceneCase(sim.Case{Client: "android-legacy", Scenario: "proxy-user-ca", Policy: "none", Mode: sim.Hard}, SceneNarrow)},
		{"scene-baseline-secure-narrow", sceneCase(sim.Case{Client: "android", Scenario: "baseline", Policy: "leaf-spki", Mode: sim.Hard}, SceneNarrow)},
		{"timeline", func(t *testing.T) string { return rotation(t, "2027-02-01", 30, 0, 1) }},
		{"timeline-late", func(t *testing.T) string { return rotation(t, "", 90, 0, 1) }},
		{"timeline-narrow", func(t *testing.T) string {
			b := rotationCerts(t)
			in := pinlib.RotationInput{Now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), ReleaseCadence: 30 * 24 * time.Hour,
				Pinned: []*pinlib.Certificate{b.Certificates[0], b.Certificates[1]}, Expiration: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)}
			return TimelineNarrow(pinlib.PlanRotation(in), in.Pinned)
		}},
		// Only a CA with years to go: its expiry and ship-by date still show.
		{"timeline-ca-only", func(t *testing.T) string { return rotation(t, "", 30, 1) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.svg(t)
			wellFormed(t, got)
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("%s differs from the golden file; run go test ./pinlib/picture -update and review the diff", path)
			}
		})
	}
}

// wellFormed checks a picture parses as XML, names itself for screen
// readers, and carries no style: the CSP allows only classes.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	first := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attrs := map[string]string{}
		for _, a := range se.Attr {
			attrs[a.Name.Local] = a.Value
			if a.Name.Local == "style" || a.Name.Local == "fill" || a.Name.Local == "stroke" {
				t.Errorf("<%s> has a %s attribute: paint with classes", se.Name.Local, a.Name.Local)
			}
		}
		if first {
			if se.Name.Local != "svg" || attrs["role"] != "img" || attrs["aria-label"] == "" || !strings.HasPrefix(attrs["class"], "pic ") {
				t.Errorf("root element %s %v", se.Name.Local, attrs)
			}
			first = false
		}
	}
}

// A name chosen by a certificate's maker is escaped as markup and its
// deceptive characters are shown, in the picture and in its label.
func TestNamesAreEscaped(t *testing.T) {
	c := Chain{Nodes: []Node{{Role: "leaf", Name: "<b>api.\u202emoc.lapyap</b>", Key: "abc"}}}
	c.Label = chainLabel(c)
	svg := c.SVG()
	wellFormed(t, svg)
	if strings.Contains(svg, "\u202e") || strings.Contains(svg, "<b>") {
		t.Errorf("raw name in the picture: %s", svg)
	}
	if !strings.Contains(svg, `&lt;b&gt;api.\u202emoc`) {
		t.Errorf("escaped name missing: %s", svg)
	}
}

func TestBundleChainShapes(t *testing.T) {
	if _, ok := BundleChain(nil, nil); ok {
		t.Error("a picture of nothing")
	}
	data, err := os.ReadFile("../testdata/ca-certificates.crt")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := BundleChain(pinlib.Read(pinlib.Input{Name: "bundle", Data: data}), nil); ok {
		t.Error("a chain picture of 144 unrelated roots")
	}
	b := opensslChain(t)
	leafPin := b.Certificates[0].Pins.SPKISHA256Base64()
	c, ok := BundleChain(b, []Pin{{Label: "leaf", Key: leafPin}})
	if !ok || len(c.Nodes) != 3 || !c.Nodes[0].Pinned || c.Nodes[1].Pinned || len(c.Others) != 0 || c.Missing != "" {
		t.Errorf("chain %+v", c)
	}
	if c.Nodes[2].Note == "" || c.Nodes[0].Role != "leaf" || c.Nodes[2].Role != "root" {
		t.Errorf("nodes %+v", c.Nodes)
	}
}

// The simulator's chain marks what the engine decided: the pinned key
// that matched, or the failure.
func TestConnectionChain(t *testing.T) {
	w, err := sim.NewWorld(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c       sim.Case
		nodes   int
		matched string // role of the node a pin matched, "" for none
		failure string
	}{
		{sim.Case{Client: "android", Scenario: "baseline", Policy: "intermediate-spki", Mode: sim.Hard}, 3, "intermediate", ""},
		{sim.Case{Client: "android", Scenario: "baseline", Policy: "root-spki", Mode: sim.Hard}, 3, "anchor", ""},
		{sim.Case{Client: "android-legacy", Scenario: "proxy-user-ca", Policy: "intermediate-spki", Mode: sim.Hard}, 2, "", "no pin matches this chain"},
		{sim.Case{Client: "android", Scenario: "proxy-user-ca", Policy: "none", Mode: sim.Hard}, 1, "", "not trusted: no path to a root in the system store"},
		{sim.Case{Client: "android", Scenario: "runtime-hook", Policy: "leaf-spki", Mode: sim.Hard}, 1, "", "not trusted by the system store, but the hook passes it"},
	}
	for _, tc := range cases {
		r, v := connection(t, w, tc.c)
		c := ConnectionChain(r, v)
		matched := ""
		for _, n := range c.Nodes {
			if n.Matched {
				matched = n.Role
			}
		}
		if len(c.Nodes) != tc.nodes || matched != tc.matched || c.Failure != tc.failure {
			t.Errorf("%v: %d nodes, matched %q, failure %q", tc.c, len(c.Nodes), matched, c.Failure)
		}
		wellFormed(t, c.SVG())
		wellFormed(t, Scene(r, v, w.ServerName))
		wellFormed(t, SceneNarrow(r, v, w.ServerName))
	}
	// The backup key is on no certificate of the chain: listed under it.
	r, v := connection(t, w, sim.Case{Client: "android", Scenario: "baseline", Policy: "leaf-spki+backup", Mode: sim.Hard})
	c := ConnectionChain(r, v)
	if len(c.Others) != 1 || c.Others[0].Label != "backup key" || !c.Nodes[0].Matched || !c.Nodes[0].Pinned {
		t.Errorf("backup: others %+v, leaf %+v", c.Others, c.Nodes[0])
	}
	// Renewed onto the backup key, the leaf carries it and matches; the
	// old leaf key is on no certificate any more.
	r, v = connection(t, w, sim.Case{Client: "android", Scenario: "leaf-renewed-backup-key", Policy: "leaf-spki+backup", Mode: sim.Hard})
	c = ConnectionChain(r, v)
	if len(c.Others) != 1 || c.Others[0].Label != `leaf "api.example.test"` || !c.Nodes[0].Matched || !c.Nodes[0].Pinned {
		t.Errorf("backup: others %+v, leaf %+v", c.Others, c.Nodes[0])
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		s     string
		n, l  int
		lines []string
	}{
		{"Android (app targeting API 23 or lower)", 24, 2, []string{"Android (app targeting", "API 23 or lower)"}},
		{"short", 24, 2, []string{"short"}},
		{"one two three four five six seven eight nine ten", 12, 2, []string{"one two", "three four …"}},
	}
	for _, tc := range cases {
		if got := wrap(tc.s, tc.n, tc.l); strings.Join(got, "|") != strings.Join(tc.lines, "|") {
			t.Errorf("wrap(%q) = %q, want %q", tc.s, got, tc.lines)
		}
	}
}
