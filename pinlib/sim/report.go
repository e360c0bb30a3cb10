package sim

import (
	"crypto/x509"
	"encoding/pem"
	"time"
)

// Report is the body a client posts on a failed pin validation: a
// soft-fail client when it lets a pin failure through, TrustKit on every
// failure of a pinned domain, enforced or not. Its fields follow HPKP's
// violation report (RFC 7469 section 3) and TrustKit's TSKPinFailureReport,
// which extends it.
type Report struct {
	AppPlatform               string   `json:"app-platform"` // TrustKit: "IOS"; "ANDROID" for the Android clients here
	DateTime                  string   `json:"date-time"`    // RFC 3339, the simulated clock
	Hostname                  string   `json:"hostname"`
	Port                      int      `json:"port"`
	EffectiveExpirationDate   string   `json:"effective-expiration-date,omitempty"` // when the pins expire, for clients that have an expiry
	IncludeSubdomains         bool     `json:"include-subdomains"`
	NotedHostname             string   `json:"noted-hostname"`
	EnforcePinning            bool     `json:"enforce-pinning"`
	ServedCertificateChain    []string `json:"served-certificate-chain"`    // PEM, as the server sent it
	ValidatedCertificateChain []string `json:"validated-certificate-chain"` // PEM, as verification built it
	KnownPins                 []string `json:"known-pins"`                  // pin-sha256="<base64>"
	ValidationResult          int      `json:"validation-result"`           // TrustKit's TSKTrustEvaluationResult: 1 = no matching pin, 2 = invalid chain
}

// TrustKit's TSKTrustEvaluationResult values a report carries.
const (
	noMatchingPin = 1 // TSKTrustEvaluationFailedNoMatchingPin
	invalidChain  = 2 // TSKTrustEvaluationFailedInvalidCertificateChain
)

// buildReport is the report of this connection; invalid when the chain
// failed trust evaluation, which TrustKit reports too.
func (k *connection) buildReport(invalid bool) *Report {
	r := &Report{
		AppPlatform:               k.cl.report,
		DateTime:                  k.w.Clock.Format(time.RFC3339),
		Hostname:                  k.w.ServerName,
		Port:                      443,
		NotedHostname:             k.w.ServerName,
		EnforcePinning:            !k.soft,
		ServedCertificateChain:    pemList(k.sc.presented),
		ValidatedCertificateChain: pemList(k.chain),
		ValidationResult:          noMatchingPin,
	}
	if invalid {
		// No chain was validated: TrustKit sends the certificates of the
		// failed evaluation, which start from those the server sent.
		r.ValidatedCertificateChain = r.ServedCertificateChain
		r.ValidationResult = invalidChain
	}
	if k.cl.expiry {
		r.EffectiveExpirationDate = k.w.pinExpiry.Format(time.RFC3339)
	}
	for _, p := range k.pins {
		if p.cert {
			r.KnownPins = append(r.KnownPins, `cert-sha256="`+p.base64()+`"`)
			continue
		}
		r.KnownPins = append(r.KnownPins, `pin-sha256="`+p.base64()+`"`)
	}
	return r
}

func pemList(certs []*x509.Certificate) []string {
	out := make([]string, len(certs))
	for i, c := range certs {
		out[i] = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	}
	return out
}
