//go:build !wasm

package main

import (
	"pinlab/pinlib/sim"
)

// labJSON is /lab.json: the whole lab for scripts (docs/ARCHITECTURE.md: {"scenarios":
// [{"id", "url", ...}], ...}). URLs and commands use the host the request
// came by.
type labJSON struct {
	Host         string            `json:"host"`  // the host pins and configs are for
	Names        []string          `json:"names"` // every name and address the leaves carry
	Addr         string            `json:"addr"`  // the address the lab listens on
	TrustedRoots string            `json:"trusted_roots"`
	UserRoots    string            `json:"user_roots"`
	RealChain    string            `json:"real_chain"`
	Pins         map[string]string `json:"pins"` // leaf, intermediate, root, backup: sha256/<base64>
	Roots        []labRootJSON     `json:"roots"`
	Config       []labConfigLine   `json:"config"`
	Scenarios    []labScenarioJSON `json:"scenarios"`
	Stats        map[string]int64  `json:"stats"`
}

type labRootJSON struct {
	Store  string `json:"store"` // "trusted" or "user"
	Name   string `json:"name"`
	URL    string `json:"url"` // DER
	SHA256 string `json:"sha256"`
	Pin    string `json:"pin"`
}

type labScenarioJSON struct {
	ID        string                            `json:"id"`
	URL       string                            `json:"url"`
	Port      int                               `json:"port"`
	Attacker  bool                              `json:"attacker"`
	Story     string                            `json:"story"`
	Presented []labCert                         `json:"presented"`
	Outcomes  map[string]map[string]sim.Outcome `json:"outcomes"` // client -> policy -> outcome, hard-fail
	Curl      []labCurlJSON                     `json:"curl"`
}

type labCurlJSON struct {
	Policy  string `json:"policy"`
	Roots   string `json:"roots"`
	Command string `json:"command"`
	Expect  string `json:"expect"` // "connected", "refused-trust" or "refused-pins"
	Exit    int    `json:"exit"`   // curl's exit status: 0, 60 or 90
}

func (l *lab) json(host string) labJSON {
	f := l.facts
	first := l.scenarios[0].Port
	j := labJSON{
		Host:         f.Host,
		Names:        f.Names,
		Addr:         l.cfg.Addr,
		TrustedRoots: urlAt(host, first) + labTrustedFile,
		UserRoots:    urlAt(host, first) + labUserFile,
		RealChain:    urlAt(host, first) + labChainFile,
		Pins:         map[string]string{},
		Stats: map[string]int64{
			"handshakes":    l.stats.handshakes.Load(),
			"served":        l.stats.served.Load(),
			"hung_up":       l.stats.hungUp.Load(),
			"refused":       l.stats.refused.Load(),
			"server_errors": l.stats.serverErrors.Load(),
		},
	}
	for _, p := range f.Pins {
		j.Pins[p.Label] = p.Pin
	}
	for _, r := range f.Roots {
		j.Roots = append(j.Roots, labRootJSON{Store: r.Store, Name: r.Name, URL: urlAt(host, first) + r.File, SHA256: r.SHA256, Pin: r.Pin})
	}
	j.Config = f.Config
	for _, s := range l.scenarios {
		sf := f.Scenarios[s.ID]
		sj := labScenarioJSON{ID: s.ID, URL: urlAt(host, s.Port), Port: s.Port, Attacker: sf.Attacker, Story: sf.Story,
			Presented: sf.Presented, Outcomes: map[string]map[string]sim.Outcome{}}
		for _, row := range sf.Outcomes {
			sj.Outcomes[row.Client] = map[string]sim.Outcome{}
			for _, c := range row.Cells {
				sj.Outcomes[row.Client][c.Policy] = c.Outcome
			}
		}
		for _, c := range sf.Curl {
			expect := "connected"
			if !c.Expect.Connected {
				expect = "refused-" + c.Expect.Stage
			}
			sj.Curl = append(sj.Curl, labCurlJSON{Policy: c.Policy, Roots: c.Roots, Command: c.Command(host, s.Port), Expect: expect, Exit: c.Expect.Exit})
		}
		j.Scenarios = append(j.Scenarios, sj)
	}
	return j
}
