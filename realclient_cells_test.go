//go:build !wasm

package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// Real clients and the export each one runs. The Go program and OkHttp
// behave like the simulator's okhttp client (system store only, a pin may
// match any certificate of the verified chain); curl has no simulator
// client: its expectation is the simulator's verdict on trust, then
// curl's own leaf-key rule as pinlib reads the printed command.
const (
	rcCurl   = "curl"
	rcGo     = "go"
	rcOkHttp = "okhttp"
)

var rcExportOf = map[string]string{rcCurl: "curl", rcGo: "go", rcOkHttp: "okhttp-java"}

// Trust profiles: what the real client is given as its roots. "user" adds
// the interception proxy's root, as on a device where it was installed,
// and compares with android-legacy, whose default config trusts user CAs
// and still pins them.
const (
	rcSystem = "system"
	rcUser   = "system+user"
)

var rcSimClientOf = map[string]string{rcSystem: "okhttp", rcUser: "android-legacy"}

// rcVerdict is what a connection did: connected, or refused at trust
// (chain, host name, validity) or at the pins.
type rcVerdict struct {
	Connected bool
	Stage     string // "trust" or "pins" when refused
	Detail    string
}

func (v rcVerdict) String() string {
	if v.Connected {
		return "connected"
	}
	return "refused at " + v.Stage
}

func (v rcVerdict) agrees(o rcVerdict) bool { return v.Connected == o.Connected && v.Stage == o.Stage }

// rcCell is one connection of one real client.
type rcCell struct {
	ID         int
	Client     string // rcCurl, rcGo, rcOkHttp
	Scenario   string
	Policy     string
	Trust      string // rcSystem or rcUser
	Subdomains bool   // the export is for the parent domain with include-subdomains
	Mode       sim.Mode
	Export     string // the printed export; "" for the policy none
	ExportNo   int    // the export's index among its client's distinct exports; -1 for none
	SimClient  string // whose simulated outcome is expected ("" for curl's own rule)
	Want, Got  rcVerdict
}

func (c *rcCell) String() string {
	s := fmt.Sprintf("%s %s/%s trust=%s", c.Client, c.Scenario, c.Policy, c.Trust)
	if c.Subdomains {
		s += " include-subdomains"
	}
	if c.Mode == sim.Soft {
		s += " soft-fail"
	}
	return s
}

// rcVariant is how a cell differs from the plain one: the roots given,
// whether the export covers the host as a subdomain, the mode.
type rcVariant struct {
	trust      string
	subdomains bool
	mode       sim.Mode
}

// rcNotRun counts the cells no real client can replay, and why.
type rcNotRun map[string]int

// rcCells builds every cell: each scenario a real server can replay, each
// policy a client can express, each trust profile that matters.
func rcCells(w *sim.World) ([]*rcCell, rcNotRun, error) {
	notRun := rcNotRun{}
	exports := map[string][]string{} // client -> distinct exports, in order
	var cells []*rcCell
	add := func(c *rcCell) {
		c.ID = len(cells)
		c.ExportNo = -1
		if c.Export != "" {
			list := exports[c.Client]
			c.ExportNo = slices.Index(list, c.Export)
			if c.ExportNo < 0 {
				c.ExportNo = len(list)
				exports[c.Client] = append(list, c.Export)
			}
		}
		cells = append(cells, c)
	}
	for _, id := range sim.Scenarios {
		sc, err := w.Scene(id)
		if err != nil {
			return nil, nil, err
		}
		if sc.Hooked {
			notRun[id+": a hooked app cannot be replayed by a real client"] += len(sim.Policies) * len(rcExportOf)
			continue
		}
		for _, policy := range sim.Policies {
			for _, client := range []string{rcCurl, rcGo, rcOkHttp} {
				variants := []rcVariant{{rcSystem, false, sim.Hard}}
				if id == "proxy-user-ca" {
					variants = append(variants, rcVariant{rcUser, false, sim.Hard})
				}
				// curl fetches one URL: include-subdomains does not apply.
				if client != rcCurl && policy != "none" {
					variants = append(variants, rcVariant{rcSystem, true, sim.Hard})
				}
				// OkHttp has no soft-fail: asked for one, the export still
				// enforces, and the simulator's okhttp blocks in soft mode too.
				if client == rcOkHttp && policy != "none" {
					variants = append(variants, rcVariant{rcSystem, false, sim.Soft})
				}
				for _, v := range variants {
					c := &rcCell{Client: client, Scenario: id, Policy: policy, Trust: v.trust, Subdomains: v.subdomains, Mode: v.mode}
					c.SimClient = rcSimClientOf[v.trust]
					// The Go export honours its expiration date like Android's
					// <pin-set expiration>; OkHttp has none.
					if client == rcGo && sc.PinsExpired && c.SimClient == "okhttp" {
						c.SimClient = "android"
					}
					want, simPins, ok, err := rcExpect(w, c, sc)
					if err != nil {
						return nil, nil, err
					}
					if !ok {
						notRun[fmt.Sprintf("%s: n/a for %s, which pins public keys only", policy, client)]++
						continue
					}
					if policy != "none" {
						var pins []string
						if c.Export, pins, err = rcExport(w, c, sc); err != nil {
							return nil, nil, fmt.Errorf("%s: %w", c, err)
						}
						// The export pins what the simulator pinned, whenever
						// its trace got as far as comparing pins.
						if simPins != nil && !slices.Equal(simPins, pins) {
							return nil, nil, fmt.Errorf("%s: the export pins %v, the simulator %v", c, pins, simPins)
						}
					}
					if client == rcCurl {
						if want, err = rcCurlExpect(want, c.Export, sc); err != nil {
							return nil, nil, fmt.Errorf("%s: %w", c, err)
						}
						c.SimClient = ""
					}
					c.Want = want
					add(c)
				}
			}
		}
	}
	return cells, notRun, nil
}

// rcExpect is the simulator's verdict for the cell's client and mode,
// and the pins its trace compared (sorted; nil when it compared none).
// For curl it is only the trust part (the policy none). ok is false when
// the simulator says the client cannot express the policy.
func rcExpect(w *sim.World, c *rcCell, sc sim.Scene) (v rcVerdict, pins []string, ok bool, err error) {
	client, policy := c.SimClient, c.Policy
	if c.Client == rcCurl && policy != "none" {
		// curl pins public keys only: leaf-cert is n/a, as for OkHttp.
		if policy == "leaf-cert" {
			return rcVerdict{}, nil, false, nil
		}
		policy = "none"
	}
	r, err := w.Run(sim.Case{Client: client, Scenario: c.Scenario, Policy: policy, Mode: c.Mode})
	if err != nil {
		return rcVerdict{}, nil, false, err
	}
	stage := "pins"
	for _, s := range r.Trace {
		if s.Title == sim.StepBuilt && s.Status == sim.StatusFail {
			stage = "trust"
		}
		for _, pc := range s.Pins {
			if !slices.Contains(pins, pc.Pin) {
				pins = append(pins, pc.Pin)
			}
		}
	}
	slices.Sort(pins)
	switch r.Outcome {
	case sim.NotApplicable:
		return rcVerdict{}, nil, false, nil
	case sim.Secure, sim.Intercepted, sim.SecureReported, sim.InterceptedReported:
		return rcVerdict{Connected: true, Detail: r.Reason}, pins, true, nil
	case sim.Blocked, sim.Outage:
		return rcVerdict{Stage: stage, Detail: r.Reason}, pins, true, nil
	}
	return rcVerdict{}, nil, false, fmt.Errorf("%s: unknown outcome %q", c, r.Outcome)
}

// rcCurlExpect applies curl's leaf-key rule, as pinlib's check reads the
// printed command, to the leaf the server presents, once trust passed.
func rcCurlExpect(trust rcVerdict, export string, sc sim.Scene) (rcVerdict, error) {
	if !trust.Connected || export == "" {
		return trust, nil
	}
	b := pinlib.ReadAt(time.Now(), pinlib.Input{Name: "presented leaf", Data: pemCerts(sc.Presented[0])})
	res, err := platform.CheckConfig([]byte(export), sim.Host, b, time.Now())
	if err != nil {
		return rcVerdict{}, err
	}
	if res.Verdict.Accepted() {
		return rcVerdict{Connected: true, Detail: res.Reason}, nil
	}
	return rcVerdict{Stage: "pins", Detail: res.Reason}, nil
}

// rcExport writes the policy with the platform's own config writer, as
// `pinlab config` does (policyExport, which the lab's pages use too), for
// OkHttp 3.x (Debian's is 3.13.1) and with the pin-set expiration the
// simulator's clients have. pins are the policy's pins in base64, sorted.
func rcExport(w *sim.World, c *rcCell, sc sim.Scene) (export string, pins []string, err error) {
	sel := platform.Selection{Host: sim.Host, SoftFail: c.Mode == sim.Soft, OkHttpVersion: platform.OkHttp3}
	if c.Subdomains {
		sel.Host, sel.IncludeSubdomains = sim.Host[strings.Index(sim.Host, ".")+1:], true
	}
	// The platforms that cannot write an expiration leave it out.
	inForce, passed := w.PinExpiry()
	sel.Expires = inForce
	if sc.PinsExpired {
		sel.Expires = passed
	}
	return policyExport(w, rcExportOf[c.Client], c.Policy, sel)
}
