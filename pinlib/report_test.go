package pinlib

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestReportContract pins down the `pins --json` field names and formats
// that docs/ARCHITECTURE.md promises.
func TestReportContract(t *testing.T) {
	chain, _ := fixtureChain(t)
	b := ReadAt(testNow, Input{Name: "chain.pem", Data: chain}, input(t, "testdata/openssl/leaf-public-key.pem"),
		Input{Name: "paste", Data: []byte("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")})
	j, err := json.Marshal(b.Report())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(j, &doc); err != nil {
		t.Fatal(err)
	}
	certs, _ := doc["certificates"].([]any)
	if len(certs) != 3 {
		t.Fatalf("certificates: %v", doc["certificates"])
	}
	want := readVectors(t, "testdata/openssl/PINS.tsv")
	for i, x := range certs {
		c := x.(map[string]any)
		for _, k := range []string{"index", "role", "subject", "issuer", "not_before", "not_after", "key", "spki_sha256", "spki_sha1", "cert_sha256", "pin"} {
			if _, ok := c[k]; !ok {
				t.Errorf("certificate %d lacks %q", i, k)
			}
		}
		if c["index"].(float64) != float64(i) {
			t.Errorf("index %v at %d", c["index"], i)
		}
		if role := c["role"].(string); role != []string{"leaf", "intermediate", "root"}[i] {
			t.Errorf("role %q at %d", role, i)
		}
		for _, k := range []string{"not_before", "not_after"} {
			s := c[k].(string)
			if ts, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "Z") || ts.Format(time.RFC3339) != s {
				t.Errorf("%s %q is not RFC 3339 UTC", k, s)
			}
		}
		spki := c["spki_sha256"].(string)
		if raw, err := base64.StdEncoding.DecodeString(spki); err != nil || len(raw) != 32 {
			t.Errorf("spki_sha256 %q", spki)
		}
		if spki != want[i].spki || c["pin"] != "sha256/"+spki {
			t.Errorf("spki_sha256 %q pin %q, openssl says %q", spki, c["pin"], want[i].spki)
		}
		if raw, err := base64.StdEncoding.DecodeString(c["spki_sha1"].(string)); err != nil || len(raw) != 20 {
			t.Errorf("spki_sha1 %q", c["spki_sha1"])
		}
		h := c["cert_sha256"].(string)
		if raw, err := hex.DecodeString(h); err != nil || len(raw) != 32 || strings.ToLower(h) != h || h != want[i].certHex {
			t.Errorf("cert_sha256 %q, want %q", h, want[i].certHex)
		}
		if c["subject"] != want[i].subject {
			t.Errorf("subject %q", c["subject"])
		}
	}
	if key := certs[0].(map[string]any)["key"]; key != "RSA 2048" {
		t.Errorf("leaf key %q", key)
	}
	if key := certs[1].(map[string]any)["key"]; key != "ECDSA P-256" {
		t.Errorf("intermediate key %q", key)
	}
	keys, _ := doc["public_keys"].([]any)
	if len(keys) != 1 || keys[0].(map[string]any)["spki_sha256"] != want[0].spki || keys[0].(map[string]any)["key"] != "RSA 2048" {
		t.Errorf("public_keys %v", doc["public_keys"])
	}
	ws, _ := doc["warnings"].([]any)
	found := false
	for _, x := range ws {
		w := x.(map[string]any)
		if _, ok := w["code"].(string); !ok {
			t.Errorf("warning without code: %v", w)
		}
		if _, ok := w["message"].(string); !ok {
			t.Errorf("warning without message: %v", w)
		}
		found = found || w["code"] == CodePrivateKeyDiscarded
	}
	if !found {
		t.Errorf("warnings %v", ws)
	}
	if strings.Contains(string(j), "MC4CAQAwBQYDK2VwBCIEIA") {
		t.Error("the private key reached the report")
	}
}

// Empty lists marshal as [], never null: scripts iterate them.
func TestReportEmpty(t *testing.T) {
	for _, b := range []*Bundle{Read(), {}, ReadAt(testNow, Input{Name: "x", Data: []byte("nothing")})} {
		j, err := json.Marshal(b.Report())
		if err != nil {
			t.Fatal(err)
		}
		s := string(j)
		for _, k := range []string{`"certificates":[]`, `"public_keys":[]`, `"warnings":[]`, `"shape":"empty"`} {
			if !strings.Contains(s, k) {
				t.Errorf("%s lacks %s", s, k)
			}
		}
	}
	j, _ := json.Marshal(ReadAt(testNow, Input{Name: "x", Data: []byte("nothing")}).Report())
	if !strings.Contains(string(j), `"errors":[{"source":"x","message":"pinlib: x: no certificate found`) {
		t.Errorf("errors not reported: %s", j)
	}
}

func TestReportDetails(t *testing.T) {
	b := ReadAt(testNow, input(t, "testdata/openssl/chain.pem"))
	r := b.Report()
	leaf, inter := r.Certificates[0], r.Certificates[1]
	if leaf.IssuerIndex != 1 || leaf.Line != 1 || leaf.Source != "chain.pem" || leaf.Name != "leaf.pinlab.test" {
		t.Errorf("leaf %+v", leaf)
	}
	if strings.Join(leaf.SANs, ",") != "DNS:leaf.pinlab.test,DNS:www.pinlab.test,IP:127.0.0.1" {
		t.Errorf("SANs %v", leaf.SANs)
	}
	if inter.MaxPathLen == nil || *inter.MaxPathLen != 0 || !inter.IsCA || leaf.MaxPathLen != nil {
		t.Errorf("path len %v %v", inter.MaxPathLen, leaf.MaxPathLen)
	}
	if r.Certificates[2].AKI != "" || r.Certificates[2].SKI == "" || leaf.AKI != inter.SKI {
		t.Errorf("key IDs: root %q/%q, leaf AKI %q, inter SKI %q", r.Certificates[2].SKI, r.Certificates[2].AKI, leaf.AKI, inter.SKI)
	}
}
