package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinlab/pinlib"
)

func TestPinPageDefaultsAndExport(t *testing.T) {
	b := sampleBundle(t, "demo")
	inter := b.ByRole(pinlib.RoleIntermediate)[0].Pins.SPKISHA256Base64()
	leaf := b.ByRole(pinlib.RoleLeaf)[0].Pins.SPKISHA256Base64()
	tests := []struct {
		name   string
		setup  func(p *pinPage)
		want   []string
		absent []string
	}{
		{"defaults: intermediate, android", func(p *pinPage) {},
			[]string{"network-security-config", inter, "only one pin", "api.example.test"},
			[]string{`id="choose-error"`}},
		{"leaf and a backup, curl", func(p *pinPage) {
			p.st.Chosen, p.st.Picks = true, []int{0}
			p.st.Backups = []string{"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}
			p.st.Format = "curl"
		}, []string{"sha256//" + leaf + ";sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, []string{"only one pin"}},
		{"hostile host", func(p *pinPage) { p.st.Host = `a.com"><script>` },
			[]string{`id="choose-error"`, "not allowed in a host name"}, []string{`id="config-output"`}},
		{"no chain", func(p *pinPage) { p.bundle = nil }, []string{"No chain yet"}, []string{`id="export"`}},
	}
	for _, tc := range tests {
		// The first render comes before OnMount, so start from what OnMount
		// would set: the leaf's host and Android.
		p := &pinPage{bundle: b, st: pinState{Host: defaultHost(b), Format: "android"}}
		tc.setup(p)
		html := render(t, p)
		// go-app writes attributes in no fixed order: find the tags.
		if tc.name == "defaults: intermediate, android" {
			for i, want := range []bool{false, true, false} {
				tag := regexp.MustCompile(`<input[^>]*id="pick-` + strconv.Itoa(i) + `"[^>]*>`).FindString(html)
				if got := strings.Contains(tag, " checked"); got != want {
					t.Errorf("pick-%d checked = %v, want %v (%s)", i, got, want, tag)
				}
			}
		}
		checkPage(t, tc.name, html, tc.want, tc.absent)
	}
}
