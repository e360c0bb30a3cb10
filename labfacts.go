//go:build !wasm

package main

import (
	"crypto/x509"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// labFacts is everything the lab's pages and lab.json say, computed once
// at start from the world: pins from the certificates, outcomes from the
// simulator, curl expectations from the simulator's trust and curl's
// leaf-key rule as pinlib's check reads the printed command.
type labFacts struct {
	Host      string   // the host every pin and config is for
	Names     []string // every name the leaves carry
	Pins      []labPin
	Roots     []labRoot
	Config    []labConfigLine
	Scenarios map[string]*labScenarioFacts

	trustedPEM, userPEM, chainPEM []byte
}

// labPin is one of the real chain's pins, or the backup's.
type labPin struct {
	Label   string // "leaf", "intermediate", "root", "backup"
	Subject string
	Pin     string // sha256/<base64>
}

// labRoot is a root a client may be given, downloadable as DER.
type labRoot struct {
	Store  string // "trusted" (every default client's) or "user" (installed by hand)
	Name   string
	File   string // roots/<slug>.der
	SHA256 string // the certificate's fingerprint, as phones show it
	Pin    string
	der    []byte
}

// labConfigLine is a `pinlab config` command for one policy, run on the
// real chain (real-chain.pem).
type labConfigLine struct {
	Policy  string `json:"policy"`
	Command string `json:"command"`
}

// labCert is a certificate a scenario presents.
type labCert struct {
	Subject string `json:"subject"`
	Issuer  string `json:"issuer"`
	Pin     string `json:"pin"`
}

// labScenarioFacts is one scenario's page.
type labScenarioFacts struct {
	ID        string
	Story     string // what happens, from the simulator's trace
	Presents  string // who presents what
	Attacker  bool
	Presented []labCert
	Outcomes  []labOutcomeRow
	Curl      []labCurl
}

// labOutcomeRow is one client's simulated outcomes, policy by policy.
type labOutcomeRow struct {
	Client string
	Cells  []labCell
}

type labCell struct {
	Policy  string
	Outcome sim.Outcome
	Reason  string
}

// Class is the outcome's class, as the app's matrix cells have it.
func (c labCell) Class() string {
	if c.Outcome == sim.NotApplicable {
		return "outcome-na"
	}
	return "outcome-" + string(c.Outcome)
}

// labCurl is one curl command of a scenario: the curl export of a policy
// as `pinlab config --format curl` prints it, pointed at the lab.
type labCurl struct {
	Policy string
	Roots  string // the roots file curl is given
	Export string // the export, one line; "curl https://HOST/" for the policy none
	Expect labExpect
}

// labExpect is what a curl command should do.
type labExpect struct {
	Connected bool
	Stage     string // "trust" or "pins" when refused
	Exit      int    // curl's exit status: 0, 60 (trust) or 90 (pins)
	Why       string
}

func (e labExpect) String() string {
	switch {
	case e.Connected:
		return "connects"
	case e.Stage == "trust":
		return "refused at trust (curl exits 60)"
	}
	return "refused at the pins (curl exits 90)"
}

// Command is the curl command, run from the directory holding the roots,
// against the scenario's port at host (an address or name of the lab).
func (c labCurl) Command(host string, port int) string {
	return fmt.Sprintf("%s --cacert %s --connect-to %s:443:%s", c.Export, c.Roots, labFactsHost(c.Export), net.JoinHostPort(host, strconv.Itoa(port)))
}

// labFactsHost is the host of a curl export's URL.
func labFactsHost(export string) string {
	i := strings.LastIndex(export, "https://")
	return strings.TrimSuffix(export[i+len("https://"):], "/")
}

// curlPolicies are the policies curl can express: every SPKI policy
// (intermediate and root pins never match in curl, which is the lesson).
var curlPolicies = []string{"none", "leaf-spki", "leaf-spki+backup", "intermediate-spki", "root-spki"}

func newLabFacts(l *lab) (*labFacts, error) {
	w := l.world
	base, err := w.Scene(sim.LabScenarios[0])
	if err != nil {
		return nil, err
	}
	f := &labFacts{Host: w.ServerName, Names: l.names, Scenarios: map[string]*labScenarioFacts{}}
	for _, c := range []struct {
		label string
		cert  *x509.Certificate
	}{{"leaf", base.Leaf}, {"intermediate", base.Intermediate}, {"root", base.Root}, {"backup", w.Backup()}} {
		f.Pins = append(f.Pins, labPin{Label: c.label, Subject: c.cert.Subject.CommonName, Pin: pinOf(c.cert)})
	}
	f.chainPEM = pemCerts(base.Leaf, base.Intermediate, base.Root)
	if err := f.addRoots(w); err != nil {
		return nil, err
	}
	f.addConfig(w)
	for _, s := range l.scenarios {
		sf, err := newLabScenarioFacts(w, s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.ID, err)
		}
		f.Scenarios[s.ID] = sf
	}
	return f, nil
}

// addRoots lists the system store's roots (every default client trusts
// them, the rogue CA's too) and the user store's (the proxy's).
func (f *labFacts) addRoots(w *sim.World) error {
	trusted, user, err := labRootSets(w)
	if err != nil {
		return err
	}
	f.trustedPEM, f.userPEM = pemCerts(trusted...), pemCerts(user...)
	for _, set := range []struct {
		store string
		certs []*x509.Certificate
	}{{"trusted", trusted}, {"user", user}} {
		for _, c := range set.certs {
			f.Roots = append(f.Roots, labRoot{Store: set.store, Name: c.Subject.CommonName, File: "roots/" + slug(c.Subject.CommonName) + ".der",
				SHA256: pinlib.PinsOf(c).CertSHA256Colon(), Pin: pinOf(c), der: c.Raw})
		}
	}
	return nil
}

// addConfig writes the `pinlab config` line of each policy: Android's
// config for the SPKI policies, Alamofire's certificate mode for leaf-cert
// (Android pins keys only).
func (f *labFacts) addConfig(w *sim.World) {
	for _, policy := range sim.Policies[1:] {
		format := "android"
		args := ""
		if policy == "leaf-cert" {
			format, args = "alamofire", " --certificate-mode"
		}
		for _, pick := range policyPick[policy] {
			args += " --pin " + pick
		}
		if policy == "leaf-spki+backup" {
			args += " --backup-pin " + strings.TrimPrefix(pinOf(w.Backup()), "sha256/")
		}
		f.Config = append(f.Config, labConfigLine{Policy: policy,
			Command: fmt.Sprintf("pinlab config --format %s --host %s%s real-chain.pem", format, f.Host, args)})
	}
}

func newLabScenarioFacts(w *sim.World, s *labScenario) (*labScenarioFacts, error) {
	sf := &labScenarioFacts{ID: s.ID, Attacker: s.scene.Attacker}
	for _, c := range s.scene.Presented {
		sf.Presented = append(sf.Presented, labCert{Subject: c.Subject.CommonName, Issuer: c.Issuer.CommonName, Pin: pinOf(c)})
	}
	for _, client := range sim.Clients {
		row := labOutcomeRow{Client: client}
		for _, policy := range sim.Policies {
			r, err := w.Run(sim.Case{Client: client, Scenario: s.ID, Policy: policy, Mode: sim.Hard})
			if err != nil {
				return nil, err
			}
			row.Cells = append(row.Cells, labCell{Policy: policy, Outcome: r.Outcome, Reason: r.Reason})
			for _, st := range r.Trace {
				switch st.Title {
				case sim.StepScenario:
					sf.Story = st.Detail
				case sim.StepPresented:
					sf.Presents = st.Detail
				}
			}
		}
		sf.Outcomes = append(sf.Outcomes, row)
	}
	roots := []string{"trusted-roots.pem"}
	if s.ID == "proxy-user-ca" {
		roots = append(roots, "user-roots.pem")
	}
	for _, rootsFile := range roots {
		for _, policy := range curlPolicies {
			c, err := newLabCurl(w, s, policy, rootsFile)
			if err != nil {
				return nil, err
			}
			sf.Curl = append(sf.Curl, c)
		}
	}
	return sf, nil
}

// newLabCurl is a policy's curl command and what it should do: refused at
// trust when the simulator's client with the same roots does not trust
// the chain (okhttp for the trusted roots, android-legacy with the user
// root installed), else connected or refused by curl's own rule.
func newLabCurl(w *sim.World, s *labScenario, policy, rootsFile string) (labCurl, error) {
	c := labCurl{Policy: policy, Roots: rootsFile, Export: "curl https://" + w.ServerName + "/"}
	if policy != "none" {
		export, _, err := policyExport(w, "curl", policy, platform.Selection{Host: w.ServerName})
		if err != nil {
			return c, err
		}
		c.Export = strings.TrimSpace(export)
	}
	client := "okhttp"
	if rootsFile == "user-roots.pem" {
		client = "android-legacy"
	}
	r, err := w.Run(sim.Case{Client: client, Scenario: s.ID, Policy: "none", Mode: sim.Hard})
	if err != nil {
		return c, err
	}
	if r.Outcome != sim.Secure && r.Outcome != sim.Intercepted {
		c.Expect = labExpect{Stage: "trust", Exit: 60, Why: r.Reason}
		return c, nil
	}
	if policy == "none" {
		c.Expect = labExpect{Connected: true, Why: r.Reason}
		return c, nil
	}
	leaf := pinlib.ReadAt(w.Clock, pinlib.Input{Name: "presented leaf", Data: pemCerts(s.scene.Presented[0])})
	res, err := platform.CheckConfig([]byte(c.Export), w.ServerName, leaf, time.Now())
	if err != nil {
		return c, err
	}
	c.Expect = labExpect{Connected: res.Verdict.Accepted(), Why: res.Reason}
	if !c.Expect.Connected {
		c.Expect.Stage, c.Expect.Exit = "pins", 90
	}
	return c, nil
}

// pinOf is a certificate's SPKI SHA-256 pin, sha256/<base64>.
func pinOf(c *x509.Certificate) string {
	return pinlib.PinsOf(c).OkHttp()
}

// slug is a name fit for a file name: "Public Root CA A" is
// "public-root-ca-a".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "root"
	}
	return b.String()
}
