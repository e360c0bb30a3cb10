package pinlib

import "time"

// Report is the `pinlab pins --json` object (see docs/ARCHITECTURE.md). Field names are
// a contract with scripts and the UI: add fields, never rename them.
type Report struct {
	Shape        Shape               `json:"shape"`
	Certificates []CertificateReport `json:"certificates"`
	PublicKeys   []PublicKeyReport   `json:"public_keys"`
	Warnings     []Warning           `json:"warnings"`
	Errors       []ErrorReport       `json:"errors,omitempty"`
}

// CertificateReport is one certificate in the Report.
type CertificateReport struct {
	Index      int    `json:"index"`
	Role       Role   `json:"role"`
	Subject    string `json:"subject"`
	Issuer     string `json:"issuer"`
	NotBefore  string `json:"not_before"` // RFC 3339, UTC
	NotAfter   string `json:"not_after"`  // RFC 3339, UTC
	Key        string `json:"key"`        // "ECDSA P-256", "RSA 2048", "Ed25519"
	SPKISHA256 string `json:"spki_sha256"`
	SPKISHA1   string `json:"spki_sha1"`
	CertSHA256 string `json:"cert_sha256"` // lowercase hex
	Pin        string `json:"pin"`         // "sha256/<base64>"

	Name               string   `json:"name"`
	IssuerIndex        int      `json:"issuer_index"` // -1 when absent or self-signed
	SelfSigned         bool     `json:"self_signed"`
	CertSHA1           string   `json:"cert_sha1"`
	Serial             string   `json:"serial"`
	SANs               []string `json:"sans"`
	SignatureAlgorithm string   `json:"signature_algorithm"`
	IsCA               bool     `json:"is_ca"`
	MaxPathLen         *int     `json:"max_path_len,omitempty"`
	KeyUsage           []string `json:"key_usage"`
	ExtKeyUsage        []string `json:"ext_key_usage"`
	SKI                string   `json:"ski,omitempty"`
	AKI                string   `json:"aki,omitempty"`
	Source             string   `json:"source"`
	Line               int      `json:"line,omitempty"`
}

// PublicKeyReport is one bare public key in the Report.
type PublicKeyReport struct {
	SPKISHA256 string `json:"spki_sha256"`
	Key        string `json:"key"`
	SPKISHA1   string `json:"spki_sha1"`
	Pin        string `json:"pin"`
	Block      string `json:"block"`
	Source     string `json:"source"`
	Line       int    `json:"line,omitempty"`
}

// ErrorReport is one unreadable block in the Report.
type ErrorReport struct {
	Source  string `json:"source"`
	Line    int    `json:"line,omitempty"`
	Block   string `json:"block,omitempty"`
	Message string `json:"message"`
}

// Report flattens the bundle into the JSON shape. Lists are never nil, so
// they marshal as [] rather than null.
func (b *Bundle) Report() Report {
	r := Report{
		Shape:        b.Shape,
		Certificates: make([]CertificateReport, 0, len(b.Certificates)),
		PublicKeys:   make([]PublicKeyReport, 0, len(b.PublicKeys)),
		Warnings:     make([]Warning, 0, len(b.Warnings)),
	}
	if r.Shape == "" {
		r.Shape = ShapeEmpty
	}
	for _, c := range b.Certificates {
		r.Certificates = append(r.Certificates, c.report())
	}
	for _, k := range b.PublicKeys {
		r.PublicKeys = append(r.PublicKeys, PublicKeyReport{
			SPKISHA256: k.Pins.SPKISHA256Base64(),
			Key:        k.KeyType(),
			SPKISHA1:   k.Pins.SPKISHA1Base64(),
			Pin:        k.Pins.OkHttp(),
			Block:      k.Block,
			Source:     k.Source,
			Line:       k.Line,
		})
	}
	r.Warnings = append(r.Warnings, b.Warnings...)
	for _, e := range b.Errors {
		r.Errors = append(r.Errors, ErrorReport{Source: e.Name, Line: e.Line, Block: e.Block, Message: e.Error()})
	}
	return r
}

func (c *Certificate) report() CertificateReport {
	x := c.Cert
	cr := CertificateReport{
		Index:              c.Index,
		Role:               c.Role,
		Subject:            c.Subject(),
		Issuer:             c.Issuer(),
		NotBefore:          x.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:           x.NotAfter.UTC().Format(time.RFC3339),
		Key:                c.KeyType(),
		SPKISHA256:         c.Pins.SPKISHA256Base64(),
		SPKISHA1:           c.Pins.SPKISHA1Base64(),
		CertSHA256:         c.Pins.CertSHA256Hex(),
		Pin:                c.Pins.OkHttp(),
		Name:               c.Name(),
		IssuerIndex:        c.IssuerIndex,
		SelfSigned:         c.SelfSigned,
		CertSHA1:           c.Pins.CertSHA1Hex(),
		Serial:             c.Serial(),
		SANs:               nonNil(c.SANs()),
		SignatureAlgorithm: c.SignatureAlgorithm(),
		IsCA:               c.IsCA(),
		KeyUsage:           nonNil(c.KeyUsage()),
		ExtKeyUsage:        nonNil(c.ExtKeyUsage()),
		SKI:                c.SKI(),
		AKI:                c.AKI(),
		Source:             c.Source,
		Line:               c.Line,
	}
	if n := c.MaxPathLen(); n >= 0 {
		cr.MaxPathLen = &n
	}
	return cr
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
