package sim

// What a Run returns: the outcome, the reason and verdict, and the trace of
// steps with every pin compared.

// Result is one simulated connection: its outcome, why, and every step of
// the decision.
type Result struct {
	Case
	Outcome  Outcome `json:"outcome"`
	Reason   string  `json:"reason"`           // one short sentence: why this outcome
	Verdict  string  `json:"verdict"`          // one sentence for the page: the outcome, then why
	Attacker bool    `json:"attacker"`         // someone other than the real server presented the chain
	SoftFail bool    `json:"soft-fail"`        // the client soft-fails here: soft mode, and a client that has it
	Report   *Report `json:"report,omitempty"` // the report sent, if any: on a soft-fail, or by TrustKit in either mode
	Trace    []Step  `json:"trace"`
}

// Step statuses.
const (
	StatusInfo = "info"
	StatusPass = "pass"
	StatusFail = "fail"
)

// Step titles, in the order a trace uses them.
const (
	StepScenario  = "Scenario"
	StepLookalike = "Look-alike certificates"
	StepPresented = "Chain presented"
	StepBuilt     = "Chain built"
	StepHostname  = "Hostname"
	StepValidity  = "Validity"
	StepPins      = "Pins"
	StepRule      = "Rule"
	StepResult    = "Result"
)

// Step is one annotated step of the handshake and the decision.
type Step struct {
	Title  string     `json:"title"`
	Detail string     `json:"detail"`
	Status string     `json:"status"` // "info", "pass" or "fail"
	Pins   []PinCheck `json:"pins,omitempty"`
}

// PinCheck is one pin compared with one certificate.
type PinCheck struct {
	Pin         string `json:"pin"`         // the pinned hash, base64
	Label       string `json:"label"`       // what the pin was taken from: "leaf \"api.example.test\"", "backup key"
	Certificate string `json:"certificate"` // the compared certificate's CN
	SPKI        string `json:"spki"`        // its SPKI SHA-256, base64 (its whole-certificate SHA-256 when Kind is "certificate")
	Kind        string `json:"kind"`        // "spki" or "certificate"
	Match       bool   `json:"match"`
}

// outcomeOf is the docs/ARCHITECTURE.md outcome of who presented the chain, whether
// the connection went through, and whether a report went out.
func outcomeOf(attacker, proceeds, reported bool) Outcome {
	switch {
	case attacker && proceeds && reported:
		return InterceptedReported
	case attacker && proceeds:
		return Intercepted
	case attacker:
		return Blocked
	case proceeds && reported:
		return SecureReported
	case proceeds:
		return Secure
	}
	return Outage
}
