package learn

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/samples"
)

// androidIssuer is the Let's Encrypt intermediate that issues the
// certificate of androidHost in the fix-android-config exercise.
const androidIssuer = "e5.pem"

// androidServer is what the exercise's server holds. Its chain is the
// certificate Let's Encrypt issues from E5: E5 and its issuers among the
// Let's Encrypt sample, found by verified signature (the leaf itself is not
// given, so it cannot be pinned here). Its declared backups are the other
// Let's Encrypt intermediates and roots: Let's Encrypt may issue the next
// certificate from any of them. A pin of neither is made up: it matches
// nothing the server will ever send.
type androidServer struct {
	chain, backups []sampleCert
}

// loadAndroidServer reads the sample once, like letsEncryptCerts: the
// exercise's text and every answer checked use the same server.
var loadAndroidServer = sync.OnceValues(readAndroidServer)

func readAndroidServer() (androidServer, error) {
	certs, err := letsEncryptCerts()
	if err != nil {
		return androidServer{}, err
	}
	s, ok := samples.ByID("letsencrypt")
	if !ok {
		return androidServer{}, fmt.Errorf("no letsencrypt sample")
	}
	inputs, err := s.Inputs(time.Now())
	if err != nil {
		return androidServer{}, err
	}
	b := pinlib.Read(inputs...)
	var files []string // E5, then its issuers
	for i := indexOf(b, androidIssuer); i >= 0 && !slices.Contains(files, b.Certificates[i].Source); i = b.Certificates[i].IssuerIndex {
		files = append(files, b.Certificates[i].Source)
	}
	if len(files) == 0 {
		return androidServer{}, fmt.Errorf("no %s in the letsencrypt sample", androidIssuer)
	}
	var srv androidServer
	for _, f := range files {
		for _, c := range certs {
			if c.File == f {
				srv.chain = append(srv.chain, c)
			}
		}
	}
	for _, c := range certs {
		if !slices.Contains(files, c.File) {
			srv.backups = append(srv.backups, c)
		}
	}
	return srv, nil
}

func indexOf(b *pinlib.Bundle, source string) int {
	for i, c := range b.Certificates {
		if c.Source == source {
			return i
		}
	}
	return -1
}

func names(certs []sampleCert) []string {
	out := make([]string, len(certs))
	for i, c := range certs {
		out[i] = c.Name
	}
	return out
}

// judgePins says what is wrong with the pins Android applies to the host:
// a pin made up or taken from the wrong hash never matches, and pins that
// match nothing of today's chain lock the app out of its own server.
// named lists whose pins they are when all is well.
func (srv androidServer) judgePins(set *platform.AndroidPinSet) (problems []string, named []string) {
	all := append(append([]sampleCert{}, srv.chain...), srv.backups...)
	seen := map[string]bool{}
	today := false
	for _, p := range set.Pins {
		raw, err := p.SHA256()
		if !strings.EqualFold(p.Digest, "SHA-256") || err != nil || seen[string(raw)] {
			continue // the lints have said so, or it is a repeat
		}
		seen[string(raw)] = true
		c, kind, found := identify(raw, all)
		switch {
		case !found:
			problems = append(problems, fmt.Sprintf("The pin %s (line %d) is made up: it matches no certificate of %s's chain (%s) nor of the Let's Encrypt intermediates and roots declared as backups, so it never matches, and with only such pins the app would refuse its real server.", p.Value, p.Line, androidHost, pinlib.JoinAnd(names(srv.chain))))
		case kind != spkiSHA256:
			problems = append(problems, fmt.Sprintf("The pin %s (line %d) is %s's %s, not its SPKI SHA-256: Android compares it with public key hashes, so it never matches.", p.Value, p.Line, c.Name, kind))
		default:
			named = append(named, c.Name)
			today = today || inCerts(raw, srv.chain)
		}
	}
	if len(problems) == 0 && !today {
		problems = append(problems, fmt.Sprintf("No pin is of %s's chain today (%s): the backups alone would make the app refuse its own server until Let's Encrypt moves it.", androidHost, pinlib.JoinAnd(names(srv.chain))))
	}
	return problems, named
}

func inCerts(raw []byte, certs []sampleCert) bool {
	for _, c := range certs {
		if bytes.Equal(raw, c.Pins.SPKISHA256) {
			return true
		}
	}
	return false
}

// userCAs finds <certificates src="user"/> where a release build reads it:
// in <base-config> or any <domain-config>. Only <debug-overrides> is for
// debuggable builds. MASTG-TEST-0286 fails a release config that trusts
// user-installed CAs: whoever installs a CA on the device (a proxy's root)
// passes the trust check, and only the pins stand in the way, until they
// expire.
func userCAs(c *platform.AndroidConfig) []string {
	var problems []string
	check := func(anchors []platform.AndroidCertificates) {
		for _, a := range anchors {
			if a.Src == "user" {
				problems = append(problems, fmt.Sprintf("Line %d: <certificates src=\"user\"/> makes a release build trust user-installed CAs, which MASTG-TEST-0286 fails: a proxy's root installed on the device passes the trust check, and only the pins stop it, until they expire. Trust user CAs only inside <debug-overrides>, which release builds ignore [user-cas-in-release].", a.Line))
			}
		}
	}
	if c.Base != nil {
		check(c.Base.TrustAnchors)
	}
	var walk func(ds []platform.AndroidDomainConfig)
	walk = func(ds []platform.AndroidDomainConfig) {
		for _, d := range ds {
			check(d.TrustAnchors)
			walk(d.Nested)
		}
	}
	walk(c.Domains)
	return problems
}
