package pinlib

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// keyForm is a private key as people paste it, with the base64 of its
// secret part (which must not survive redaction) and a copy cut off before
// its end.
type keyForm struct {
	name string
	text string // the key alone, ending with a line break
	body string // the base64 that carries the key material
	cut  string // the key cut short: no END line, no MAC, a partial copy
}

var (
	keyFormsOnce sync.Once
	keyFormsList []keyForm
)

// keyForms makes every form of private key intake knows, from fresh keys.
func keyForms(t testing.TB) []keyForm {
	keyFormsOnce.Do(func() { keyFormsList = makeKeyForms(t) })
	return keyFormsList
}

func makeKeyForms(t testing.TB) []keyForm {
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	random := func(n int) []byte {
		b := make([]byte, n)
		rand.Read(b)
		return b
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024) // small: the test runs in wasm too
	if err != nil {
		t.Fatal(err)
	}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	pkcs8 := must(x509.MarshalPKCS8PrivateKey(ec))
	encrypted := must(asn1.Marshal(struct {
		Alg  pkix.AlgorithmIdentifier
		Data []byte
	}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}}, random(256)}))
	b64 := func(der []byte) string { return base64.StdEncoding.EncodeToString(der) }

	var forms []keyForm
	// block wraps der as PEM under the given BEGIN and END lines; cut drops
	// the END line and the last body line.
	block := func(name, begin, end string, headers map[string]string, der []byte) {
		body := pem.EncodeToMemory(&pem.Block{Type: "X", Headers: headers, Bytes: der})
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		inner := lines[1 : len(lines)-1]
		text := begin + "\n" + strings.Join(inner, "\n") + "\n" + end + "\n"
		cut := begin + "\n" + strings.Join(inner[:len(inner)-1], "\n") + "\n"
		forms = append(forms, keyForm{name, text, b64(der), cut})
	}
	labelled := func(name, label string, headers map[string]string, der []byte) {
		block(name, "-----BEGIN "+label+"-----", "-----END "+label+"-----", headers, der)
	}
	labelled("pkcs1", "RSA PRIVATE KEY", nil, x509.MarshalPKCS1PrivateKey(rsaKey))
	labelled("sec1", "EC PRIVATE KEY", nil, must(x509.MarshalECPrivateKey(ec)))
	labelled("pkcs8", "PRIVATE KEY", nil, pkcs8)
	labelled("pkcs8-ed25519", "PRIVATE KEY", nil, must(x509.MarshalPKCS8PrivateKey(ed)))
	labelled("encrypted-pkcs8", "ENCRYPTED PRIVATE KEY", nil, encrypted)
	labelled("legacy-encrypted", "RSA PRIVATE KEY", map[string]string{
		"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC," + strings.ToUpper(hex.EncodeToString(random(16)))}, random(608))
	labelled("openssh", "OPENSSH PRIVATE KEY", nil, append([]byte("openssh-key-v1\x00"), random(380)...))
	labelled("pgp", "PGP PRIVATE KEY BLOCK", map[string]string{"Comment": "exported by a PGP tool"}, random(900))
	labelled("under-certificate", "CERTIFICATE", nil, pkcs8)
	labelled("under-public-key", "PUBLIC KEY", nil, must(x509.MarshalECPrivateKey(ec)))
	block("lowercase", "-----BEGIN private key-----", "-----END private key-----", nil, pkcs8)
	block("odd-spacing", "  -----BEGIN  PRIVATE   KEY -----   ", "-----END PRIVATE KEY-----   ", nil, pkcs8)
	block("mismatched-end", "-----BEGIN CERTIFICATE-----", "-----END PRIVATE KEY-----", nil, random(200))
	forms[len(forms)-1].cut = "" // cut off, it is random bytes under a CERTIFICATE label: no key

	for _, v := range []int{2, 3} {
		pub, priv := wrap64(b64(random(279))), wrap64(b64(random(600)))
		head := fmt.Sprintf("PuTTY-User-Key-File-%d: ssh-rsa\nEncryption: none\nComment: rsa-key-20261201\nPublic-Lines: %d\n%s\nPrivate-Lines: %d\n",
			v, len(pub), strings.Join(pub, "\n"), len(priv))
		text := head + strings.Join(priv, "\n") + "\nPrivate-MAC: " + hex.EncodeToString(random(32)) + "\n"
		cut := head + strings.Join(priv[:len(priv)-2], "\n") + "\n"
		forms = append(forms, keyForm{fmt.Sprintf("putty-%d", v), text, strings.Join(priv, ""), cut})
	}

	bare := b64(pkcs8)
	half := bare[:len(bare)*3/4]
	forms = append(forms,
		keyForm{"bare-env", "PRIVATE_KEY=" + bare + "\n", bare, "PRIVATE_KEY=" + half + "\n"},
		keyForm{"bare-json", `{"private_key": "` + bare + `"}` + "\n", bare, `{"private_key": "` + half + `"}` + "\n"},
		keyForm{"bare-wrapped", strings.Join(wrap64(bare), "\n") + "\n", bare, strings.Join(wrap64(half), "\n") + "\n"},
		keyForm{"bare-json-escaped", `"` + strings.Join(wrap64(bare), `\n`) + `"` + "\n", bare, `"` + strings.Join(wrap64(half), `\n`) + `"` + "\n"},
	)
	rsaBare := b64(x509.MarshalPKCS1PrivateKey(rsaKey))
	forms = append(forms, keyForm{"bare-pkcs1", "key: " + rsaBare + "\n", rsaBare, "key: " + rsaBare[:200] + "\n"})

	jsonPEM := func(s string) string { return `{"key":"` + strings.ReplaceAll(s, "\n", `\n`) + `"}` + "\n" }
	for _, f := range forms[:3] {
		forms = append(forms,
			keyForm{f.name + "-crlf", strings.ReplaceAll(f.text, "\n", "\r\n"), f.body, strings.ReplaceAll(f.cut, "\n", "\r\n")},
			keyForm{f.name + "-in-json", jsonPEM(f.text), f.body, jsonPEM(f.cut)})
	}
	return forms
}

func wrap64(s string) []string {
	var lines []string
	for len(s) > 64 {
		lines, s = append(lines, s[:64]), s[64:]
	}
	return append(lines, s)
}

// keyLeft returns a piece of the key's base64 that is still in text, or "".
// Pieces that the public text around the key shares with it (an algorithm
// identifier, say) do not count.
func keyLeft(text, body, public string) string {
	const chunk = 16
	for i := 0; i+chunk <= len(body); i += chunk {
		if c := body[i : i+chunk]; strings.Contains(text, c) && !strings.Contains(public, c) {
			return body[i : i+chunk]
		}
	}
	return ""
}

// TestRedactEveryKeyForm: each form alone, between certificates, repeated
// and cut off loses the key's bytes and keeps every certificate, and intake
// reads the redacted text with no private key left in it.
func TestRedactEveryKeyForm(t *testing.T) {
	c := newChain3(t)
	cert := func(i *issued) string { return string(i.pem()) }
	for _, f := range keyForms(t) {
		public := string(pemOf(c.leaf, c.inter, c.root))
		cases := []struct {
			layout string
			text   string
			certs  int
		}{
			{"alone", f.text, 0},
			{"between certificates", cert(c.leaf) + f.text + cert(c.inter) + "\n" + cert(c.root), 3},
			{"repeated", f.text + cert(c.leaf) + f.text + f.text, 1},
			{"cut off, certificates after", cert(c.leaf) + f.cut + cert(c.inter) + cert(c.root), 3},
		}
		for _, tc := range cases {
			if f.cut == "" && strings.HasPrefix(tc.layout, "cut off") {
				continue
			}
			t.Run(f.name+"/"+tc.layout, func(t *testing.T) {
				before := ReadAt(testNow, Input{Name: "paste", Data: []byte(tc.text)})
				if !hasCode(before, CodePrivateKeyDiscarded) {
					t.Errorf("intake did not see the key: %v", codes(before))
				}
				if len(before.Certificates) != tc.certs {
					t.Errorf("intake read %d certificates, want %d", len(before.Certificates), tc.certs)
				}
				got, warnings := RedactPrivateKeys("paste", tc.text)
				if len(warnings) == 0 {
					t.Fatal("no warning")
				}
				for _, w := range warnings {
					if w.Code != CodePrivateKeyDiscarded || !strings.Contains(w.Message, "exposed") {
						t.Errorf("warning %+v", w)
					}
				}
				if left := keyLeft(got, f.body, public); left != "" {
					t.Errorf("key material %q survived redaction:\n%s", left, got)
				}
				after := ReadAt(testNow, Input{Name: "paste", Data: []byte(got)})
				if hasCode(after, CodePrivateKeyDiscarded) {
					t.Errorf("intake still sees a key after redaction: %v", after.Warnings)
				}
				if len(after.Certificates) != tc.certs {
					t.Errorf("after redaction %d certificates, want %d:\n%s", len(after.Certificates), tc.certs, got)
				}
			})
		}
	}
}

// TestRedactPrivateKeys pins the exact output and the lines named.
func TestRedactPrivateKeys(t *testing.T) {
	const key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----"
	const cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
	tests := []struct {
		name, in, want string
		where          []string // what each warning names
	}{
		{"none", cert, cert, nil},
		{"pkcs8 before cert", key + "\n" + cert, RedactedKey + "\n" + cert, []string{"PRIVATE KEY block, paste line 1"}},
		{"rsa and ec", "-----BEGIN RSA PRIVATE KEY-----\nAAA\n-----END RSA PRIVATE KEY-----\nx\n-----BEGIN EC PRIVATE KEY-----\nBBB\n-----END EC PRIVATE KEY-----",
			RedactedKey + "\nx\n" + RedactedKey, []string{"RSA PRIVATE KEY block, paste line 1", "EC PRIVATE KEY block, paste line 5"}},
		{"encrypted", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nCCC\n-----END ENCRYPTED PRIVATE KEY-----", RedactedKey, []string{"ENCRYPTED PRIVATE KEY block"}},
		{"openssh", "a\n-----BEGIN OPENSSH PRIVATE KEY-----\nDDD\n-----END OPENSSH PRIVATE KEY-----\nb", "a\n" + RedactedKey + "\nb", []string{"OPENSSH PRIVATE KEY block, paste line 2"}},
		{"pgp", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: x\n\nlQOY\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n", RedactedKey + "\n", []string{"(PGP PRIVATE KEY BLOCK, paste line 1)"}},
		{"truncated at the end", cert + "\n-----BEGIN PRIVATE KEY-----\nEEE\nFFF", cert + "\n" + RedactedKey, []string{"paste lines 4–6) has no END line"}},
		{"truncated, prose after", "-----BEGIN PRIVATE KEY-----\nEEE\nFFF\nthe staging key, do not share\n" + cert,
			RedactedKey + "\nthe staging key, do not share\n" + cert, []string{"paste lines 1–3"}},
		{"truncated on one line", "-----BEGIN EC PRIVATE KEY----- MIGHAgEAMBMGByqGSM49AgEGCCqGSM49 AwEHBG0wawIBAQQg " + cert, RedactedKey + " " + cert, []string{"EC PRIVATE KEY block, paste line 1)"}},
		{"json escaped", `{"k":"-----BEGIN PRIVATE KEY-----\nGGG\n-----END PRIVATE KEY-----\n"}`, `{"k":"` + RedactedKey + `\n"}`, []string{"paste line 1"}},
		{"putty", "x\nPuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nBBBB\nPrivate-MAC: 00ff\ny",
			"x\n" + RedactedKey + "\ny", []string{"PuTTY key file, paste line 2"}},
	}
	for _, tc := range tests {
		got, warnings := RedactPrivateKeys("paste", tc.in)
		if got != tc.want || len(warnings) != len(tc.where) {
			t.Errorf("%s: got %q (%d warnings), want %q (%d)", tc.name, got, len(warnings), tc.want, len(tc.where))
			continue
		}
		for i, w := range warnings {
			if w.Code != CodePrivateKeyDiscarded || !strings.Contains(w.Message, tc.where[i]) || !strings.Contains(w.Message, "exposed") {
				t.Errorf("%s: warning %d = %q, want it to name %q", tc.name, i, w.Message, tc.where[i])
			}
		}
	}
}

// TestRedactLeavesPublicData: certificates, public keys, CSRs and bare
// base64 certificates are not keys, and text without a key is returned as is.
func TestRedactLeavesPublicData(t *testing.T) {
	c := newChain3(t)
	spki := c.leaf.cert.RawSubjectPublicKeyInfo
	for name, text := range map[string]string{
		"chain":        string(pemOf(c.leaf, c.inter, c.root)),
		"public key":   string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})),
		"bare cert":    base64.StdEncoding.EncodeToString(c.leaf.cert.Raw),
		"bare spki":    "PUBKEY=" + base64.StdEncoding.EncodeToString(spki),
		"openssl":      string(readFile(t, "testdata/openssl/s_client-showcerts.txt")),
		"x509 text":    string(readFile(t, "testdata/openssl/x509-text.txt")),
		"prose":        "Paste the chain here; the private key stays on the server.",
		"debian roots": string(readFile(t, "testdata/ca-certificates.crt")),
	} {
		got, warnings := RedactPrivateKeys("paste", text)
		if got != text || warnings != nil {
			t.Errorf("%s: changed (%d warnings): %v", name, len(warnings), warnings)
		}
	}
}
