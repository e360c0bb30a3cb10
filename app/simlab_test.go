package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib/sim"
)

// The Simulate page links every scenario a server can play to its port
// under pinlab lab's defaults, and says why the one it cannot play has none.
func TestSimulateLabLink(t *testing.T) {
	w, err := sim.NewWorld(testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range sim.Scenarios {
		p := &simulate{client: "android", scenario: id, policy: "leaf-spki", mode: sim.Hard, world: w}
		p.recompute(app.Context{}) // the world exists: no context needed
		html := render(t, p)
		served, port := sim.LabServer(id)
		want := fmt.Sprintf(`<a href="https://127.0.0.1:%d/">`, port)
		if served == "" {
			want = "No server can play this scenario for real"
		}
		if !strings.Contains(html, `id="lab-link"`) || !strings.Contains(html, want) {
			t.Errorf("%s: the page lacks %q", id, want)
		}
	}
}
