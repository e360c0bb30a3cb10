package pinlib

import (
	"bytes"
	"maps"
	"slices"
	"testing"
)

// Adversarial inputs at the 4 MiB cap. Intake must stay linear in its
// input whatever its shape: the page reads pasted text on the browser's
// main thread, so a quadratic corner freezes the tab. The budget is 1 s
// natively and 4 s in wasm for each (make bench runs both).

// adversarialInputs are the shapes that once broke the linear budget or
// could: one line of BEGIN markers (the END search used to restart after
// each), a hundred thousand tiny blocks, deeply nested BER, and their kin.
func adversarialInputs() map[string][]byte {
	fill := func(unit string) []byte {
		return bytes.Repeat([]byte(unit), MaxInputSize/len(unit))
	}
	nested := make([]byte, 0, MaxInputSize)
	for len(nested)+2 <= MaxInputSize/2 {
		nested = append(nested, 0x30, 0x80) // SEQUENCE of indefinite length
	}
	for len(nested)+2 <= MaxInputSize {
		nested = append(nested, 0, 0) // and its end-of-contents markers
	}
	// Definite lengths, each SEQUENCE holding the next: 6 bytes a level.
	depth := MaxInputSize / 6
	definite := make([]byte, 0, depth*6)
	for i := range depth {
		n := (depth - i - 1) * 6
		definite = append(definite, 0x30, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return map[string][]byte{
		"nested-der":             definite,
		"begin-markers-one-line": fill("-----BEGIN CERTIFICATE-----"),
		"begin-private-one-line": fill("-----BEGIN PRIVATE KEY-----"),
		"begin-no-dashes":        fill("-----BEGIN "),
		"small-blocks-100k":      bytes.Repeat([]byte("-----BEGIN CMS-----MA==-----END CMS-----\n"), 100000),
		"nested-ber":             nested,
		"json-escapes":           fill(`\n-----BEGIN CERTIFICATE-----\nMIIB`),
		"base64-one-line":        fill("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
		"base64-short-lines":     fill("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"),
		"dashes":                 fill("-"),
		"putty-headers":          fill("PuTTY-User-Key-File-3: ssh-ed25519\nComment: x\n"),
	}
}

func BenchmarkReadAdversarial(b *testing.B) {
	inputs := adversarialInputs()
	for _, name := range slices.Sorted(maps.Keys(inputs)) {
		data := inputs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				ReadAt(testNow, Input{Name: "adversarial", Data: data})
			}
		})
	}
}
