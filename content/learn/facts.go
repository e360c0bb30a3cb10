package learn

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
	"pinlab/pinlib/sim"
)

// The simulated world is built once: its certificates are made at the
// current time so they verify, and outcomes do not depend on the hour.
var world struct {
	once sync.Once
	w    *sim.World
	err  error
}

func simWorld() (*sim.World, error) {
	world.once.Do(func() { world.w, world.err = sim.NewWorld(time.Now()) })
	return world.w, world.err
}

// run simulates one cell.
func run(client, scenario, policy string, mode sim.Mode) (sim.Result, error) {
	w, err := simWorld()
	if err != nil {
		return sim.Result{}, err
	}
	return w.Run(sim.Case{Client: client, Scenario: scenario, Policy: policy, Mode: mode})
}

// outcomeChoices are the outcomes a prediction can pick: every outcome but
// n/a, which no prediction exercise is about.
var outcomeChoices = []string{
	string(sim.Secure), string(sim.Intercepted), string(sim.Blocked), string(sim.Outage),
	string(sim.InterceptedReported), string(sim.SecureReported),
}

// sampleCert is one embedded sample certificate and its pins.
type sampleCert struct {
	File string
	Name string // its CN
	Pins pinlib.Pins
}

var letsEncrypt struct {
	once  sync.Once
	certs []sampleCert
	err   error
}

// letsEncryptCerts are the Let's Encrypt sample certificates, one per file.
func letsEncryptCerts() ([]sampleCert, error) {
	letsEncrypt.once.Do(func() {
		s, ok := samples.ByID("letsencrypt")
		if !ok {
			letsEncrypt.err = fmt.Errorf("no letsencrypt sample")
			return
		}
		inputs, err := s.Inputs(time.Now())
		if err != nil {
			letsEncrypt.err = err
			return
		}
		for _, in := range inputs {
			c, err := readOne(in.Name, in.Data)
			if err != nil {
				letsEncrypt.err = err
				return
			}
			letsEncrypt.certs = append(letsEncrypt.certs, c)
		}
	})
	return letsEncrypt.certs, letsEncrypt.err
}

// sampleFile reads one embedded certificate by file name.
func sampleFile(name string) (sampleCert, error) {
	data, err := samples.File(name)
	if err != nil {
		return sampleCert{}, err
	}
	return readOne(name, data)
}

func readOne(name string, data []byte) (sampleCert, error) {
	b := pinlib.Read(pinlib.Input{Name: name, Data: data})
	if len(b.Certificates) != 1 {
		return sampleCert{}, fmt.Errorf("sample %s holds %d certificates, want 1", name, len(b.Certificates))
	}
	c := b.Certificates[0]
	return sampleCert{File: name, Name: c.Name(), Pins: c.Pins}, nil
}

// lowerFirst lowers a sentence's first letter to quote it after a colon,
// unless the first word is a name ("Android", "OkHttp").
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if word == "" || word == "Android" || !(word[0] >= 'A' && word[0] <= 'Z') || strings.ToLower(word[1:]) != word[1:] {
		return s
	}
	return strings.ToLower(word[:1]) + s[1:]
}

// clause turns a simulator reason into a clause to quote mid-sentence:
// first letter lowered, final period dropped.
func clause(r sim.Result) string {
	return strings.TrimSuffix(lowerFirst(r.Reason), ".")
}
