//go:build !wasm

package main

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"slices"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// policyPick is what `pinlab config --pin` picks from the chain for each
// simulator policy; leaf-spki+backup adds the world's backup key, and
// leaf-cert pins the leaf certificate whole (--certificate-mode).
var policyPick = map[string][]string{
	"leaf-cert":         {"leaf"},
	"leaf-spki":         {"leaf"},
	"intermediate-spki": {"intermediate"},
	"root-spki":         {"root"},
	"leaf-spki+backup":  {"leaf"},
}

// policyExport writes a simulator policy with the platform's own config
// writer, from the chain the simulator takes its pins from, the way
// `pinlab config` does: platform.Choose, then Config, then the primary
// file. sel gives the host and the options; the picks, the backup and the
// clock come from the policy and the world. pins are the policy's SPKI
// pins in base64, sorted.
func policyExport(w *sim.World, format, policy string, sel platform.Selection) (export string, pins []string, err error) {
	p, ok := platform.ByID(format)
	if !ok {
		return "", nil, fmt.Errorf("pinlab: no export %q", format)
	}
	sc, err := w.Scene(sim.LabScenarios[0])
	if err != nil {
		return "", nil, err
	}
	b := pinlib.ReadAt(w.Clock, pinlib.Input{Name: "pinned chain", Data: pemCerts(sc.Leaf, sc.Intermediate, sc.Root)})
	sel.Pick, sel.Now = policyPick[policy], w.Clock
	sel.CertificateMode = policy == "leaf-cert"
	if policy == "leaf-spki+backup" {
		bb := pinlib.ReadAt(w.Clock, pinlib.Input{Name: "backup", Data: pemCerts(w.Backup())})
		sel.BackupCerts = bb.Certificates
	}
	pol, err := platform.Choose(b, sel)
	if err != nil {
		return "", nil, err
	}
	for _, pin := range pol.Pins {
		pins = append(pins, base64.StdEncoding.EncodeToString(pin.SPKISHA256))
	}
	slices.Sort(pins)
	files, lints := p.Config(pol)
	f, ok := platform.Primary(files)
	if !ok {
		return "", nil, fmt.Errorf("pinlab: %s wrote nothing: %v", format, lints)
	}
	return string(f.Content), pins, nil
}

// pemCerts encodes certificates as PEM, the form every client reads.
func pemCerts(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}
