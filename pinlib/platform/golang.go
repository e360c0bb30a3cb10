package platform

import (
	"fmt"
	"strconv"
	"strings"
)

// Go writes a complete Go file, package pinning, with a tls.Config that
// checks pins in VerifyConnection over cs.VerifiedChains. Not
// VerifyPeerCertificate: crypto/tls does not call it on resumed
// connections, while VerifyConnection runs on every handshake, resumptions
// included. (A client resumes only with a ClientSessionCache, and only a
// session from an earlier full handshake, so the gap is a session that
// handshake made under other pins or none, e.g. a cache shared with a
// Clone of the config.) The expiration is the first unpinned day, from
// 00:00 UTC, as in TrustKit.
type Go struct{}

func (Go) ID() string   { return "go" }
func (Go) Name() string { return "Go crypto/tls (VerifyConnection)" }

func (Go) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true, softFail: true})
	if !ok {
		return nil, lints
	}
	include := q.IncludeSubdomains
	if q.wildcard {
		lints = append(lints, info("go-wildcard-one-label", "%q is written as one-label matching: a.%s, not %s itself or deeper names", q.Host, q.host, q.host))
	}

	var b strings.Builder
	b.WriteString("// Package pinning pins TLS connections to their public keys (SPKI SHA-256).\n")
	b.WriteString("//\n// Use it as the TLS config of a client:\n")
	b.WriteString("//\n//\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: pinning.TLSConfig()}}\n")
	b.WriteString("package pinning\n\n")
	b.WriteString("import (\n\t\"crypto/sha256\"\n\t\"crypto/tls\"\n\t\"encoding/base64\"\n\t\"fmt\"\n\t\"log\"\n\t\"strings\"\n\t\"time\"\n)\n\n")
	fmt.Fprintf(&b, "// pinnedHost is the host the pins apply to.\nconst pinnedHost = %s\n\n", strconv.Quote(q.host))
	fmt.Fprintf(&b, "// includeSubdomains extends the pins to every name under pinnedHost.\nconst includeSubdomains = %t\n\n", include)
	fmt.Fprintf(&b, "// wildcard pins names exactly one label under pinnedHost, not pinnedHost itself.\nconst wildcard = %t\n\n", q.wildcard && !include)
	fmt.Fprintf(&b, "// softFail logs a mismatch instead of refusing the connection.\nconst softFail = %t\n\n", q.SoftFail)
	if q.Expires.IsZero() {
		b.WriteString("// expires is when the pins stop being checked (00:00 UTC on that day); zero: never.\nvar expires time.Time\n\n")
	} else {
		e := q.Expires
		fmt.Fprintf(&b, "// expires is when the pins stop being checked (00:00 UTC on that day); zero: never.\nvar expires = time.Date(%d, %d, %d, 0, 0, 0, 0, time.UTC)\n\n", e.Year(), int(e.Month()), e.Day())
	}
	b.WriteString("// pins are base64 SHA-256 hashes of DER SubjectPublicKeyInfo.\nvar pins = map[string]bool{\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "\t%s: true, // %s\n", strconv.Quote(b64(pin.SPKISHA256)), pinComment(pin))
	}
	b.WriteString("}\n\n")
	b.WriteString(goBody)
	return withReadme("Go crypto/tls", []string{
		"Save the file as `pinning/pinning.go` in your module.",
		"Use `pinning.TLSConfig()` as the TLSClientConfig of your http.Transport.",
	}, []File{{Name: "pinning/pinning.go", Content: []byte(b.String()), Primary: true}}, lints)
}

const goBody = `// TLSConfig returns a client config that checks the pins after the usual
// chain and host name verification.
func TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// VerifyConnection, not VerifyPeerCertificate: crypto/tls does not
		// call VerifyPeerCertificate on resumed connections, and calls
		// VerifyConnection on every handshake, resumptions included.
		VerifyConnection: verifyPins,
	}
}

// covered reports whether the pins apply to a server name.
func covered(name string) bool {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	switch {
	case wildcard:
		label, rest, ok := strings.Cut(name, ".")
		return ok && label != "" && rest == pinnedHost
	case name == pinnedHost:
		return true
	case includeSubdomains:
		return strings.HasSuffix(name, "."+pinnedHost)
	}
	return false
}

func verifyPins(cs tls.ConnectionState) error {
	if !covered(cs.ServerName) {
		return nil
	}
	if !expires.IsZero() && !time.Now().Before(expires) {
		return nil
	}
	// VerifiedChains, not PeerCertificates: a pin must match a certificate
	// that chains to a trusted root, not one merely sent by the server.
	for _, chain := range cs.VerifiedChains {
		for _, cert := range chain {
			sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
			if pins[base64.StdEncoding.EncodeToString(sum[:])] {
				return nil
			}
		}
	}
	err := fmt.Errorf("pinning: no pinned public key in the verified chain of %s", cs.ServerName)
	if softFail {
		log.Print(err)
		return nil
	}
	return err
}
`
