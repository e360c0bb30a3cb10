package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func sampleBundle(t *testing.T, id string) *pinlib.Bundle {
	t.Helper()
	s, ok := samples.ByID(id)
	if !ok {
		t.Fatalf("no sample %s", id)
	}
	in, err := s.Inputs(testNow)
	if err != nil {
		t.Fatal(err)
	}
	return pinlib.ReadAt(testNow, in...)
}

// render mounts a component in go-app's test engine and returns its HTML.
func render(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(c)
}

// checkPage fails for each text of want the page lacks, and each of absent
// it has.
func checkPage(t *testing.T, name, html string, want, absent []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("%s: page lacks %q", name, w)
		}
	}
	for _, a := range absent {
		if strings.Contains(html, a) {
			t.Errorf("%s: page has %q", name, a)
		}
	}
}

func TestChainView(t *testing.T) {
	tests := []struct {
		sample string
		open   map[int]bool
		want   []string
		absent []string
		pins   int // pin rows rendered: only open cards render their pins
	}{
		{"demo", map[int]bool{0: true, 1: true, 2: true},
			[]string{"api.example.test", "signed by pinlab Demo Issuing CA (signature verified)", "self-signed: a trust anchor",
				"valid, 89 days left", "sent by the server", "Pin the SPKI SHA-256", "not a pin", "DNS:api.example.test"},
			[]string{"issuer missing", "expired"}, 3 * 8},
		{"globalsign", map[int]bool{},
			[]string{"issuer missing", "expired", "GlobalSign Extended Validation CA - SHA256 - G2: not in the input", "signed by GlobalSign Root CA (signature verified)"},
			[]string{"Pin the SPKI SHA-256"}, 0},
		{"superfish", map[int]bool{0: true},
			[]string{"Superfish, Inc.", "self-signed", "S7jzW6HhJvjd4bDEIGJe2G3OYae92tveqauleP8TFF4="},
			[]string{"sent by the server"}, 8},
	}
	for _, tc := range tests {
		b := sampleBundle(t, tc.sample)
		html := render(t, &chainView{Bundle: b, Now: testNow, Open: tc.open})
		for _, w := range tc.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: rendered chain lacks %q", tc.sample, w)
			}
		}
		for _, a := range tc.absent {
			if strings.Contains(html, a) {
				t.Errorf("%s: rendered chain has %q", tc.sample, a)
			}
		}
		if got := strings.Count(html, `class="pin-value"`); got != tc.pins {
			t.Errorf("%s: %d pin rows, want %d", tc.sample, got, tc.pins)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		sample, want string
	}{
		{"demo", "3 certificates · one chain · read in 12 ms"},
		{"superfish", "1 certificate · read in 12 ms"},
		{"letsencrypt", "10 certificates · several chains · read in 12 ms"},
	}
	for _, tc := range tests {
		if got := summary(sampleBundle(t, tc.sample), 12*time.Millisecond); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.sample, got, tc.want)
		}
	}
}

func TestCopyButtonStates(t *testing.T) {
	tests := []struct {
		copied, failed bool
		want           string
	}{
		{false, false, ">Copy<"},
		{true, false, ">Copied<"},
		{false, true, "Copy failed"},
	}
	for _, tc := range tests {
		html := render(t, &copyButton{Value: "x", Label: "Copy SPKI SHA-256", copied: tc.copied, failed: tc.failed})
		if !strings.Contains(html, tc.want) || !strings.Contains(html, `aria-label="Copy SPKI SHA-256"`) {
			t.Errorf("copied=%v failed=%v: %s", tc.copied, tc.failed, html)
		}
	}
}

func TestInspectRendersProblemsBesideTheInput(t *testing.T) {
	text := "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"
	redacted, removed := pinlib.RedactPrivateKeys("paste", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"+text)
	p := &inspect{
		text:    redacted,
		bundle:  pinlib.ReadAt(testNow, pinlib.Input{Name: "paste", Data: []byte(redacted)}),
		removed: removed,
	}
	html := render(t, p)
	for _, w := range []string{"Private key removed.", "treat it as exposed", "paste line 2: CERTIFICATE block: bad base64"} {
		if !strings.Contains(html, w) {
			t.Errorf("inspect page lacks %q", w)
		}
	}
	// The error is what there is to show: no "Nothing to show yet" under it.
	if strings.Contains(html, "Nothing to show yet") {
		t.Error("“Nothing to show yet” under an error")
	}
	if strings.Contains(html, "AAAA") {
		t.Error("the private key body is rendered")
	}
}

// deceptiveChain is a generated root and leaf whose names hold a
// right-to-left override and a terminal escape.
func deceptiveChain(t *testing.T) *pinlib.Bundle {
	t.Helper()
	mk := func(cn string, dns []string, ca bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(len(cn))), Subject: pkix.Name{CommonName: cn}, DNSNames: dns,
			NotBefore: testNow.AddDate(0, -1, 0), NotAfter: testNow.AddDate(1, 0, 0),
			BasicConstraintsValid: true, IsCA: ca,
		}
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c, key
	}
	root, rootKey := mk("Root\x1b[2J CA", nil, true, nil, nil)
	leaf, _ := mk("api.\u202emoc.lapyap", []string{"api.example.com"}, false, root, rootKey)
	var pemText []byte
	for _, c := range []*x509.Certificate{leaf, root} {
		pemText = append(pemText, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return pinlib.ReadAt(testNow, pinlib.Input{Name: "paste", Data: pemText})
}

func TestShownText(t *testing.T) {
	const title = `: a hidden or control character, shown as its escape"`
	tests := []struct {
		in   string
		want string // the HTML inside a <span>
	}{
		{"api.example.com", "api.example.com"},
		{"", ""},
		{"Bücher 例え", "Bücher 例え"},
		{"api.\u202emoc.lapyap", `api.<mark class="deceptive" title="U+202E` + title + `>\u202e</mark>moc.lapyap`},
		{"a\x1b[2J\u200b", `a<mark class="deceptive" title="U+001B` + title + `>\u001b</mark>[2J<mark class="deceptive" title="U+200B` + title + `>\u200b</mark>`},
		{"<b>\u2066", `&lt;b&gt;<mark class="deceptive" title="U+2066` + title + `>\u2066</mark>`},
	}
	for _, tc := range tests {
		html := compact(app.HTMLString(app.Span().Body(shownText(tc.in)...)))
		if want := "<span>" + tc.want + "</span>"; html != want {
			t.Errorf("shownText(%q):\n got %s\nwant %s", tc.in, html, want)
		}
	}
}

// compact drops the line breaks and indentation HTMLString adds between
// nodes, so the HTML reads as the browser's text does, and writes a mark's
// attributes in one order (HTMLString's order varies).
func compact(html string) string {
	html = regexp.MustCompile(`\n\s*`).ReplaceAllString(html, "")
	return regexp.MustCompile(`<mark (?:class="deceptive" title="([^"]*)"|title="([^"]*)" class="deceptive")>`).
		ReplaceAllString(html, `<mark class="deceptive" title="$1$2">`)
}

// TestChainViewMarksDeceptiveNames: every place the chain shows a name (the
// summary line, the signed-by link, subject, issuer) shows the escapes
// marked, and no raw control or bidi character reaches the page.
func TestChainViewMarksDeceptiveNames(t *testing.T) {
	b := deceptiveChain(t)
	html := compact(render(t, &chainView{Bundle: b, Now: testNow, Open: map[int]bool{0: true, 1: true}}))
	for _, w := range []string{
		`<span class="cert-name">api.<mark class="deceptive" title="U+202E`,
		`>\u202e</mark>moc.lapyap</span>`,
		`↓ signed by Root<mark class="deceptive" title="U+001B`,
		`CN=api.<mark class="deceptive"`,
	} {
		if !strings.Contains(html, w) {
			t.Errorf("rendered chain lacks %q", w)
		}
	}
	// The issuer DN reads CN=Root\1B[2J CA: RFC 2253 escapes controls itself.
	if n := strings.Count(html, `<mark class="deceptive"`); n != 4 {
		t.Errorf("%d marked escapes, want 4 (2 names, the link, the leaf's subject)", n)
	}
	if pinlib.HasDeceptive(html) {
		t.Errorf("a raw control or bidi character is in the page: %q", html)
	}
}

// TestWarningsMarkDeceptiveNames: warnings quote certificate names (the
// self-signed root, say); they show them escaped too.
func TestWarningsMarkDeceptiveNames(t *testing.T) {
	b := deceptiveChain(t)
	html := compact(render(t, &uiOf{ui: renderWarnings(b.Warnings)}))
	if pinlib.HasDeceptive(html) {
		t.Errorf("a raw control or bidi character is in the warnings: %q", html)
	}
	if !strings.Contains(html, `<mark class="deceptive"`) {
		t.Errorf("no marked escape in the warnings: %s", html)
	}
}

// uiOf renders a plain UI element as a component, for render.
type uiOf struct {
	app.Compo
	ui app.UI
}

func (u *uiOf) Render() app.UI { return u.ui }
