package learn

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"pinlab/pinlib"
)

// hashKind is what a hash of a certificate is.
type hashKind int

const (
	spkiSHA256 hashKind = iota
	certSHA256
	spkiSHA1
	certSHA1
)

func (k hashKind) String() string {
	switch k {
	case spkiSHA256:
		return "SPKI SHA-256 pin"
	case certSHA256:
		return "certificate fingerprint (the SHA-256 of the whole certificate, which changes with every reissue)"
	case spkiSHA1:
		return "SPKI SHA-1 hash (OkHttp's legacy sha1/ pin)"
	}
	return "SHA-1 certificate fingerprint"
}

// identify finds which hash of which sample certificate raw is.
func identify(raw []byte, certs []sampleCert) (sampleCert, hashKind, bool) {
	for _, c := range certs {
		for k, h := range [][]byte{c.Pins.SPKISHA256, c.Pins.CertSHA256, c.Pins.SPKISHA1, c.Pins.CertSHA1} {
			if len(raw) > 0 && bytes.Equal(raw, h) {
				return c, hashKind(k), true
			}
		}
	}
	return sampleCert{}, 0, false
}

func spkiPinE5() *definition {
	d := &definition{Exercise: Exercise{
		ID:       "spki-pin-e5",
		Lesson:   "spki-vs-certificate",
		Question: "Paste the SPKI SHA-256 pin of Let's Encrypt's E5 intermediate.",
		Kind:     KindText,
		Hint:     "Load the Let's Encrypt sample on the Inspect page, or run: openssl x509 -in e5.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
	}}
	d.check = func(answer string) (Verdict, error) {
		e5, err := sampleFile("e5.pem")
		if err != nil {
			return Verdict{}, err
		}
		certs, err := letsEncryptCerts()
		if err != nil {
			return Verdict{}, err
		}
		return judgeE5Pin(answer, e5, certs), nil
	}
	return d
}

func judgeE5Pin(answer string, e5 sampleCert, certs []sampleCert) Verdict {
	a := strings.TrimSpace(answer)
	if a == "" {
		return Verdict{Feedback: "Paste a pin: the base64 SHA-256 of E5's public key (its SubjectPublicKeyInfo)."}
	}
	certs = append([]sampleCert{e5}, certs...) // E5 first: it wins a tie
	raw, perr := pinlib.ParsePin(a)
	if perr == nil {
		c, kind, found := identify(raw, certs)
		switch {
		case found && kind == spkiSHA256 && c.File == e5.File:
			return Verdict{Correct: true, Feedback: "That is the SHA-256 of E5's SubjectPublicKeyInfo: the pin Android, OkHttp, iOS and TrustKit take. It survives a reissue of E5 with the same key, which a certificate fingerprint would not."}
		case found && c.File == e5.File:
			return Verdict{Feedback: fmt.Sprintf("That is E5's %s, not its SPKI pin: a pin hashes the public key alone.", kind)}
		case found && kind == spkiSHA256:
			return Verdict{Feedback: fmt.Sprintf("That is the pin of %s (%s), not of E5: pick the E5 certificate.", c.Name, c.File)}
		case found:
			return Verdict{Feedback: fmt.Sprintf("That is the %s of %s (%s): wrong certificate, and not a pin either.", kind, c.Name, c.File)}
		}
		return Verdict{Feedback: "That reads as a SHA-256 pin, but of no Let's Encrypt certificate of the sample: hash E5's public key."}
	}

	// The pin does not parse: find what was pasted, to say what it is.
	notation, raw := decodeMistake(a)
	c, kind, found := identify(raw, certs)
	whose := "E5's"
	if found && c.File != e5.File {
		whose = c.Name + "'s (" + c.File + ", not E5)"
	}
	why := perr.Error()
	var pe *pinlib.PinError
	if errors.As(perr, &pe) {
		why = pe.Reason
	}
	switch {
	case !found:
		return Verdict{Feedback: "That is not a SHA-256 pin: " + why + "."}
	case notation == "hex" && kind == spkiSHA256:
		return Verdict{Feedback: fmt.Sprintf("That is %s SPKI SHA-256, but in hex: a pin is written in base64 (openssl dgst -sha256 -binary | base64).", whose)}
	case notation == "prefix" && kind == spkiSHA256:
		return Verdict{Feedback: fmt.Sprintf("The hash is %s SPKI SHA-256, but %s.", whose, why)}
	}
	in := ""
	if notation == "hex" {
		in = ", in hex"
	}
	return Verdict{Feedback: fmt.Sprintf("That is %s %s%s. A pin is the SHA-256 of the public key alone (SPKI), in base64.", whose, kind, in)}
}

// decodeMistake decodes a pin ParsePin refused: hex, a wrong prefix
// ("sha-256/"), a SHA-1 pin. notation says which.
func decodeMistake(s string) (notation string, raw []byte) {
	h := strings.NewReplacer(":", "", " ", "").Replace(s)
	if b, err := hex.DecodeString(h); err == nil && (len(b) == 32 || len(b) == 20) {
		return "hex", b
	}
	lower := strings.ToLower(s)
	for _, p := range []string{"sha-256/", "sha-256:", "sha256:", "sha256=", "sha1/", "pin-sha1="} {
		if strings.HasPrefix(lower, p) {
			return "prefix", decodeB64(strings.Trim(s[len(p):], `"' `))
		}
	}
	return "base64", decodeB64(strings.Trim(s, `"' `))
}

func decodeB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil
	}
	return b
}
