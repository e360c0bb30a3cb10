package app

import (
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
	for _, w := range []string{"Private key removed.", "treat it as exposed", "paste line 2: CERTIFICATE block: bad base64", "Nothing to show yet"} {
		if !strings.Contains(html, w) {
			t.Errorf("inspect page lacks %q", w)
		}
	}
	if strings.Contains(html, "AAAA") {
		t.Error("the private key body is rendered")
	}
}
