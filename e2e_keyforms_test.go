//go:build !wasm

package main

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
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
)

// pastedKey is one form of private key as people paste it, made from a
// fresh key, with pieces of its secret that must be found nowhere once
// pinlab has seen it.
type pastedKey struct {
	name    string
	text    string   // the key as pasted, ending with a line break
	secrets []string // pieces of the key's text, as they appear in it
	raw     []byte   // a piece of the key's bytes, as a share link would carry them
	der     []byte   // the whole DER key, for forms that are DER
}

// keyPieces picks pieces of a base64 body that sit inside one 64-column
// line (as PEM wraps it), so each appears in the pasted text as it is,
// and a piece of the bytes under it.
func keyPieces(t *testing.T, body string, bytes []byte) ([]string, []byte) {
	t.Helper()
	if len(body) < 3*64 || len(bytes) < 64 {
		t.Fatalf("key body too short for distinct pieces: %d chars", len(body))
	}
	var pieces []string
	for _, line := range []int{1, len(body) / 64 / 2, len(body)/64 - 1} {
		pieces = append(pieces, body[line*64+16:line*64+40])
	}
	return pieces, bytes[len(bytes)/2 : len(bytes)/2+16]
}

// pemLines wraps der as PEM between the begin and end lines given.
func pemLines(begin, end string, headers map[string]string, der []byte) string {
	body := pem.EncodeToMemory(&pem.Block{Type: "X", Headers: headers, Bytes: der})
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	return begin + "\n" + strings.Join(lines[1:len(lines)-1], "\n") + "\n" + end + "\n"
}

// makePastedKeys makes every form of private key the issue lists: PKCS#1,
// SEC 1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM, OpenSSH, PGP,
// PuTTY, bare base64 (env line, JSON string), a lowercase label, odd
// spacing, a key under a CERTIFICATE label, and a key cut off before its
// END line.
func makePastedKeys(t *testing.T) []pastedKey {
	t.Helper()
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
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	// Each form gets its own key, so a leak names its form.
	ecKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	ecPKCS8 := func() []byte { return must(x509.MarshalPKCS8PrivateKey(ecKey())) }
	var keys []pastedKey
	add := func(name, text string, body string, raw []byte, der []byte) {
		t.Helper()
		secrets, piece := keyPieces(t, body, raw)
		for _, s := range secrets {
			if !strings.Contains(text, s) {
				t.Fatalf("%s: the piece %q is not in the key's text: the test would prove nothing", name, s)
			}
		}
		keys = append(keys, pastedKey{name: name, text: text, secrets: secrets, raw: piece, der: der})
	}
	b64 := base64.StdEncoding.EncodeToString
	labelled := func(name, label string, der []byte) {
		add(name, pemLines("-----BEGIN "+label+"-----", "-----END "+label+"-----", nil, der), b64(der), der, der)
	}

	pkcs1 := x509.MarshalPKCS1PrivateKey(rsaKey)
	pkcs8 := must(x509.MarshalPKCS8PrivateKey(rsaKey))
	labelled("PKCS#1", "RSA PRIVATE KEY", pkcs1)
	labelled("SEC 1", "EC PRIVATE KEY", must(x509.MarshalECPrivateKey(ecKey())))
	labelled("PKCS#8", "PRIVATE KEY", pkcs8)

	// EncryptedPrivateKeyInfo with PBES2 (PBKDF2, AES-256-CBC) over
	// random bytes: the shape of `openssl pkcs8 -topk8 -v2 aes256`.
	oid := func(ids ...int) asn1.ObjectIdentifier { return ids }
	type pbkdf2Params struct {
		Salt       []byte
		Iterations int
	}
	pbes2 := must(asn1.Marshal(struct {
		KDF, Cipher pkix.AlgorithmIdentifier
	}{
		pkix.AlgorithmIdentifier{Algorithm: oid(1, 2, 840, 113549, 1, 5, 12), Parameters: asn1.RawValue{FullBytes: must(asn1.Marshal(pbkdf2Params{random(16), 2048}))}},
		pkix.AlgorithmIdentifier{Algorithm: oid(2, 16, 840, 1, 101, 3, 4, 1, 42), Parameters: asn1.RawValue{FullBytes: must(asn1.Marshal(random(16)))}},
	}))
	encrypted := must(asn1.Marshal(struct {
		Alg  pkix.AlgorithmIdentifier
		Data []byte
	}{pkix.AlgorithmIdentifier{Algorithm: oid(1, 2, 840, 113549, 1, 5, 13), Parameters: asn1.RawValue{FullBytes: pbes2}}, random(1232)}))
	labelled("encrypted PKCS#8", "ENCRYPTED PRIVATE KEY", encrypted)

	// Legacy OpenSSL encryption, Proc-Type and DEK-Info headers: Go still
	// writes it (deprecated), and people still paste it.
	//lint:ignore SA1019 legacy encrypted PEM is one of the key forms people paste; the test must make one
	legacy, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", pkcs1, []byte("password"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	add("legacy encrypted PEM", string(pem.EncodeToMemory(legacy)), b64(legacy.Bytes), legacy.Bytes, nil)

	openssh := opensshKey(t)
	labelled("OpenSSH", "OPENSSH PRIVATE KEY", openssh)
	keys[len(keys)-1].der = nil // its binary form is not DER: nobody pastes it bare

	pgp := random(1100)
	pgpText := pemLines("-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----END PGP PRIVATE KEY BLOCK-----", map[string]string{"Comment": "exported by a PGP tool"}, pgp)
	add("PGP", pgpText, b64(pgp), pgp, nil)

	pub, priv := random(279), random(1000)
	pubLines, privLines := wrapAt64(b64(pub)), wrapAt64(b64(priv))
	putty := fmt.Sprintf("PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-20261201\nPublic-Lines: %d\n%s\nPrivate-Lines: %d\n%s\nPrivate-MAC: %s\n",
		len(pubLines), strings.Join(pubLines, "\n"), len(privLines), strings.Join(privLines, "\n"), hex.EncodeToString(random(32)))
	add("PuTTY", putty, b64(priv), priv, nil)

	bareForm := func(name string, text func(string) string) {
		der := ecPKCS8()
		add(name, text(b64(der)), b64(der), der, der)
	}
	bareForm("bare base64 in an env line", func(key string) string { return "PRIVATE_KEY=" + key + "\n" })
	bareForm("bare base64 in a JSON string", func(key string) string { return `{"name": "api", "private_key": "` + key + `"}` + "\n" })
	spelled := func(name, begin, end string) {
		der := ecPKCS8()
		add(name, pemLines(begin, end, nil, der), b64(der), der, der)
	}
	spelled("lowercase label", "-----BEGIN private key-----", "-----END private key-----")
	spelled("odd spacing in the label", "  -----BEGIN  PRIVATE   KEY -----   ", "-----END PRIVATE KEY-----   ")
	spelled("under a CERTIFICATE label", "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----")

	// Cut off: the END line and the last body line are missing. The
	// certificates pasted after it must all still be read.
	cut := ecPKCS8()
	lines := strings.Split(strings.TrimSuffix(pemLines("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", nil, cut), "\n"), "\n")
	add("cut off, no END line", strings.Join(lines[:len(lines)-2], "\n")+"\n", b64(cut), cut, cut)
	return keys
}

func wrapAt64(s string) []string {
	var lines []string
	for len(s) > 64 {
		lines, s = append(lines, s[:64]), s[64:]
	}
	return append(lines, s)
}

// opensshKey is an unencrypted Ed25519 key in OpenSSH's own format
// (PROTOCOL.key: openssh-key-v1), as ssh-keygen writes it.
func opensshKey(t *testing.T) []byte {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	str := func(b []byte) []byte { return append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...) }
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	pubBlob := cat(str([]byte("ssh-ed25519")), str(pub))
	check := make([]byte, 4)
	rand.Read(check)
	// A long comment, as a path or a mail address makes it, so the body
	// has several lines of key and comment to look for.
	comment := []byte("deploy key for api.example.test, created on the build server; rotate with the release")
	private := cat(check, check, str([]byte("ssh-ed25519")), str(pub), str(priv), str(comment))
	for i := byte(1); len(private)%8 != 0; i++ {
		private = append(private, i)
	}
	return cat([]byte("openssh-key-v1\x00"), str([]byte("none")), str([]byte("none")), str(nil),
		binary.BigEndian.AppendUint32(nil, 1), str(pubBlob), str(private))
}
