// Package samples holds the built-in certificate samples of the Inspect
// page: real public chains, an interception root, and a demo chain made on
// the spot. They are embedded so they load offline.
package samples

import (
	"embed"
	"fmt"
	"io/fs"
	"time"

	"pinlab/pinlib"
)

//go:embed data
var data embed.FS

// Sample is one built-in input.
type Sample struct {
	ID          string // stable, for links and tests
	Title       string
	Description string
	files       []string
	generate    func(now time.Time) ([]pinlib.Input, error)
}

// All lists the samples in the order the page offers them.
var All = []Sample{
	{
		ID:          "globalsign",
		Title:       "GlobalSign (expired, real)",
		Description: "www.globalsign.com, GlobalSign's DV intermediate and GlobalSign Root CA: the certificates TrustKit's own tests pin. They expired long ago, and the leaf was in fact issued by GlobalSign's EV intermediate, which is not included.",
		files:       []string{"www.globalsign.com.der", "GlobalSignDomainValidationCA-SHA256-G2.der", "GlobalSignRootCA.der"},
	},
	{
		ID:          "letsencrypt",
		Title:       "Let's Encrypt intermediates",
		Description: "Let's Encrypt's 2024 intermediates R10-R13 (RSA) and E5-E8 (ECDSA) with ISRG Root X1 and X2: the set to pin when pinning Let's Encrypt at the intermediate level.",
		files:       []string{"r10.pem", "r11.pem", "r12.pem", "r13.pem", "e5.pem", "e6.pem", "e7.pem", "e8.pem", "ISRG_Root_X1.pem", "ISRG_Root_X2.pem"},
	},
	{
		ID:          "superfish",
		Title:       "Superfish (interception root)",
		Description: "The root certificate that Superfish adware installed on consumer laptops in 2015 to intercept HTTPS: what a man in the middle's CA looks like.",
		files:       []string{"ca-superfish.crt"},
	},
	{
		ID:          "demo",
		Title:       "Demo chain (made now)",
		Description: "A leaf, intermediate and root generated in your browser just now (ECDSA P-256), for api.example.test. Their private keys are thrown away.",
		generate:    DemoChain,
	},
}

// ByID finds a sample.
func ByID(id string) (Sample, bool) {
	for _, s := range All {
		if s.ID == id {
			return s, true
		}
	}
	return Sample{}, false
}

// Inputs returns the sample's certificates, ready for pinlib.Read.
func (s Sample) Inputs(now time.Time) ([]pinlib.Input, error) {
	if s.generate != nil {
		return s.generate(now)
	}
	inputs := make([]pinlib.Input, 0, len(s.files))
	for _, name := range s.files {
		b, err := fs.ReadFile(data, "data/"+name)
		if err != nil {
			return nil, fmt.Errorf("samples: %s: %w", s.ID, err)
		}
		inputs = append(inputs, pinlib.Input{Name: name, Data: b})
	}
	return inputs, nil
}
