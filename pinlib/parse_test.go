package pinlib

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

// The openssl fixture chain: leaf, intermediate, root.
func fixtureChain(t testing.TB) (all []byte, blocks [][]byte) {
	all = readFile(t, "testdata/openssl/chain.pem")
	rest := all
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks = append(blocks, b.Bytes)
	}
	return all, blocks
}

func b64Wrapped(der []byte, width int) string {
	s := base64.StdEncoding.EncodeToString(der)
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + "\n")
		s = s[width:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

func eachLine(s string, f func(string) string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = f(l)
		}
	}
	return strings.Join(lines, "\n")
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// TestReadForms feeds the same certificates in every shape people paste them.
func TestReadForms(t *testing.T) {
	chain, ders := fixtureChain(t)
	s := string(chain)
	leafPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ders[0]}))
	jsonDoc, _ := json.Marshal(map[string]string{"certificate": s})
	trusted := append(bytes.Clone(ders[0]), 0x30, 0x03, 0x06, 0x01, 0x00) // certificate + OpenSSL aux trust data
	const leaf, inter, root = "leaf.pinlab.test", "pinlab Test Intermediate", "pinlab Test Root"
	all3 := []string{leaf, inter, root}

	tests := []struct {
		name  string
		data  []byte
		names []string // expected certificate names, in bundle order
	}{
		{"PEM", chain, all3},
		{"CRLF", []byte(strings.ReplaceAll(s, "\n", "\r\n")), all3},
		{"CR only", []byte(strings.ReplaceAll(s, "\n", "\r")), all3},
		{"indented", []byte(eachLine(s, func(l string) string { return "    " + l })), all3},
		{"tab indented", []byte(eachLine(s, func(l string) string { return "\t\t" + l })), all3},
		{"trailing spaces", []byte(eachLine(s, func(l string) string { return l + "   \t" })), all3},
		{"text around", []byte("Hi, here is the chain you asked for:\n\n" +
			strings.Replace(s, "-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\nand then:\n", 1) + "\nCheers,\nSam\n"), all3},
		{"openssl x509 -text", readFile(t, "testdata/openssl/x509-text.txt"), []string{leaf, inter}},
		{"openssl s_client -showcerts", readFile(t, "testdata/openssl/s_client-showcerts.txt"), []string{leaf, inter}},
		{"JSON escaped", jsonDoc, all3},
		{"JSON escaped slashes", bytes.ReplaceAll(jsonDoc, []byte("/"), []byte(`\/`)), all3},
		{"JSON CRLF escapes", []byte(`{"pem":"` + strings.ReplaceAll(s, "\n", `\r\n`) + `"}`), all3},
		{"JSON array of lines", []byte(`["` + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\",\n  \"") + `"]`), all3},
		{"YAML block", []byte("tls:\n  chain: |\n" + eachLine(s, func(l string) string { return "    " + l }) + "  key_file: /etc/tls/key.pem\n"), all3},
		{"YAML quoted", []byte(`chain: "` + strings.ReplaceAll(s, "\n", `\n`) + `"` + "\n"), all3},
		{"flattened to one line", []byte(strings.ReplaceAll(s, "\n", " ")), all3},
		{"markers glued to body", []byte(strings.NewReplacer("-----\n", "-----", "\n-----", "-----").Replace(s)), all3},
		{"lowercase-free label spacing", []byte(strings.ReplaceAll(s, "BEGIN CERTIFICATE", "BEGIN  CERTIFICATE")), all3},
		{"X509 CERTIFICATE label", []byte(strings.ReplaceAll(leafPEM, " CERTIFICATE-----", " X509 CERTIFICATE-----")), []string{leaf}},
		{"TRUSTED CERTIFICATE", pem.EncodeToMemory(&pem.Block{Type: "TRUSTED CERTIFICATE", Bytes: trusted}), []string{leaf}},
		{"UTF-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, chain...), all3},
		{"UTF-16LE (PowerShell)", utf16LE(s), all3},
		{"bare base64 one line", []byte(base64.StdEncoding.EncodeToString(ders[0])), []string{leaf}},
		{"bare base64 one line with newline", []byte(base64.StdEncoding.EncodeToString(ders[0]) + "\n"), []string{leaf}},
		{"bare base64 wrapped 64", []byte(b64Wrapped(ders[0], 64)), []string{leaf}},
		{"bare base64 wrapped 76 CRLF", []byte(strings.ReplaceAll(b64Wrapped(ders[0], 76), "\n", "\r\n")), []string{leaf}},
		{"bare base64 quoted", []byte(`"` + base64.StdEncoding.EncodeToString(ders[0]) + `"`), []string{leaf}},
		{"bare base64 unpadded", []byte(base64.RawStdEncoding.EncodeToString(ders[1])), []string{inter}},
		{"bare base64 URL alphabet", []byte(base64.URLEncoding.EncodeToString(ders[0])), []string{leaf}},
		{"DER", ders[0], []string{leaf}},
		{"concatenated DER", bytes.Join(ders, nil), all3},
		{"PKCS#7 PEM", readFile(t, "testdata/openssl/chain.p7b.pem"), all3},
		{"PKCS#7 DER", readFile(t, "testdata/openssl/chain.p7b"), all3},
		{"PKCS#7 base64", []byte(base64.StdEncoding.EncodeToString(readFile(t, "testdata/openssl/chain.p7b"))), all3},
		{"PKCS7 inside CERTIFICATE label", []byte(strings.ReplaceAll(string(readFile(t, "testdata/openssl/chain.p7b.pem")), "PKCS7", "CERTIFICATE")), all3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: tt.data})
			if len(b.Errors) > 0 {
				t.Fatalf("Errors: %v", b.Errors)
			}
			if got := names(b); fmt.Sprint(got) != fmt.Sprint(tt.names) {
				t.Fatalf("certificates %q, want %q", got, tt.names)
			}
			for _, c := range b.Certificates {
				if c.Source != "paste" {
					t.Errorf("Source = %q", c.Source)
				}
			}
			if err := b.Err(); err != nil {
				t.Errorf("Err = %v", err)
			}
		})
	}
}

// TestReadLines checks that certificates and errors point at the right line.
func TestReadLines(t *testing.T) {
	chain, _ := fixtureChain(t)
	text := "line one\r\nline two\r\n" + strings.ReplaceAll(string(chain), "\n", "\r\n")
	b := ReadAt(testNow, Input{Name: "paste", Data: []byte(text)})
	var got []int
	for _, c := range b.Certificates {
		got = append(got, c.Line)
	}
	// leaf BEGIN on line 3; each fixture certificate spans its own line count.
	want := []int{3}
	lines := strings.Split(string(chain), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "-----BEGIN") && i > 0 {
			want = append(want, i+3)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines %v, want %v", got, want)
	}

	// In JSON the whole PEM sits on one line: that line is reported.
	j, _ := json.Marshal(map[string]string{"a": "x", "pem": string(chain)})
	doc := "{\n  \"note\": 1,\n  \"cert\": " + string(j) + "\n}"
	b = ReadAt(testNow, Input{Name: "config.json", Data: []byte(doc)})
	for _, c := range b.Certificates {
		if c.Line != 3 {
			t.Errorf("JSON: %s on line %d, want 3", c.Name(), c.Line)
		}
	}
}

var (
	rsaKeyOnce sync.Once
	rsaKey1024 *rsa.PrivateKey
)

// weakRSAKey is a 1024-bit RSA key, generated once: slow under wasm.
func weakRSAKey(t testing.TB) *rsa.PrivateKey {
	rsaKeyOnce.Do(func() {
		var err error
		rsaKey1024, err = rsa.GenerateKey(rand.Reader, 1024)
		if err != nil {
			t.Fatal(err)
		}
	})
	return rsaKey1024
}

func randomB64(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return b64Wrapped(b, 64)
}

func pemText(typ string, headers map[string]string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Headers: headers, Bytes: der}))
}

// TestPrivateKeysDiscarded: every kind of private key is dropped unread and
// its bytes appear nowhere in what Read returns.
func TestPrivateKeysDiscarded(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey := weakRSAKey(t)
	pkcs1 := x509.MarshalPKCS1PrivateKey(rsaKey)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(ec)
	pkcs8ed, _ := x509.MarshalPKCS8PrivateKey(ed)
	sec1, _ := x509.MarshalECPrivateKey(ec)
	ecParams, _ := asn1.Marshal(asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7})
	encPKCS8, _ := asn1.Marshal(struct {
		Alg  pkix.AlgorithmIdentifier
		Data []byte
	}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}}, bytes.Repeat([]byte{7}, 64)})
	chain, _ := fixtureChain(t)
	ssh := "-----BEGIN OPENSSH PRIVATE KEY-----\n" + randomB64(400) + "-----END OPENSSH PRIVATE KEY-----\n"
	pgp := "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + randomB64(300) + "=ab12\n-----END PGP PRIVATE KEY BLOCK-----\n"
	putty := "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\nAAAAB3NzaC1yc2EAAAABJQAAAQEA\nPrivate-Lines: 1\n" + randomB64(40) + "Private-MAC: 00\n"

	tests := []struct {
		name  string
		data  string
		certs int // certificates expected beside the key
	}{
		{"PRIVATE KEY (PKCS#8 ECDSA)", pemText("PRIVATE KEY", nil, pkcs8), 0},
		{"PRIVATE KEY (PKCS#8 Ed25519)", pemText("PRIVATE KEY", nil, pkcs8ed), 0},
		{"RSA PRIVATE KEY", pemText("RSA PRIVATE KEY", nil, pkcs1), 0},
		{"encrypted RSA PRIVATE KEY", pemText("RSA PRIVATE KEY", map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00112233445566778899AABBCCDDEEFF"}, bytes.Repeat([]byte{9}, 600)), 0},
		{"EC PRIVATE KEY with parameters", pemText("EC PARAMETERS", nil, ecParams) + pemText("EC PRIVATE KEY", nil, sec1), 0},
		{"ENCRYPTED PRIVATE KEY", pemText("ENCRYPTED PRIVATE KEY", nil, encPKCS8), 0},
		{"DSA PRIVATE KEY", "-----BEGIN DSA PRIVATE KEY-----\n" + randomB64(400) + "-----END DSA PRIVATE KEY-----\n", 0},
		{"OPENSSH PRIVATE KEY", ssh, 0},
		{"PGP PRIVATE KEY BLOCK", pgp, 0},
		{"key before the chain", pemText("PRIVATE KEY", nil, pkcs8) + string(chain), 3},
		{"key inside the chain, CRLF", "", 3}, // filled in below
		{"truncated private key", "-----BEGIN PRIVATE KEY-----\n" + b64Wrapped(pkcs8, 64), 0},
		{"key in JSON", `{"key":"` + strings.ReplaceAll(pemText("EC PRIVATE KEY", nil, sec1), "\n", `\n`) + `"}`, 0},
		{"mislabelled as CERTIFICATE", pemText("CERTIFICATE", nil, pkcs1), 0},
		{"bare base64 PKCS#8", base64.StdEncoding.EncodeToString(pkcs8), 0},
		{"bare base64 PKCS#1", b64Wrapped(pkcs1, 64), 0},
		{"DER PKCS#8 file", string(pkcs8), 0},
		{"DER SEC 1 file", string(sec1), 0},
		{"DER encrypted PKCS#8 file", string(encPKCS8), 0},
		{"PuTTY key file", putty, 0},
	}
	// A key pasted between two certificates of a chain, CRLF.
	second := bytes.Index(chain[1:], []byte("-----BEGIN")) + 1
	tests[10].data = strings.ReplaceAll(string(chain[:second])+pemText("RSA PRIVATE KEY", nil, pkcs1)+string(chain[second:]), "\n", "\r\n")

	secrets := [][]byte{pkcs1, pkcs8, pkcs8ed, sec1, encPKCS8}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: []byte(tt.data)})
			if !hasCode(b, CodePrivateKeyDiscarded) {
				t.Fatalf("no %s warning; warnings %v, errors %v", CodePrivateKeyDiscarded, codes(b), b.Errors)
			}
			if len(b.Certificates) != tt.certs {
				t.Errorf("%d certificates, want %d", len(b.Certificates), tt.certs)
			}
			if len(b.PublicKeys) != 0 {
				t.Errorf("a private key yielded %d public keys", len(b.PublicKeys))
			}
			if len(b.Errors) != 0 {
				t.Errorf("Errors: %v", b.Errors)
			}
			w, _ := warningFor(b, CodePrivateKeyDiscarded, -1)
			if !strings.Contains(w.Message, "treat it as exposed") || !strings.Contains(w.Message, "paste") {
				t.Errorf("message %q", w.Message)
			}
			// Nothing of the key may survive: not in the report, not in messages.
			out := reportJSON(t, b) + fmt.Sprint(b.Errors)
			for _, c := range b.Certificates {
				out += string(c.Cert.Raw)
			}
			for _, sec := range secrets {
				for _, form := range []string{string(sec), base64.StdEncoding.EncodeToString(sec), string(pem.EncodeToMemory(&pem.Block{Type: "X", Bytes: sec}))} {
					for i := 0; i+24 <= len(form); i += 24 {
						if frag := form[i : i+24]; strings.Contains(out, frag) && !strings.Contains(string(chain), frag) {
							t.Fatalf("key material %q found in the output", frag)
						}
					}
				}
			}
			for _, line := range strings.Split(tt.data, "\n") {
				line = strings.TrimSpace(line)
				if len(line) >= 32 && !strings.Contains(line, "-----") && !strings.Contains(string(chain), line) && strings.Contains(out, line) {
					t.Fatalf("input line %q found in the output", line)
				}
			}
		})
	}
}

func TestSkippedBlocks(t *testing.T) {
	ca := mint(t, spec{cn: "CRL CA", ca: true, pathLen: -1}, nil)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "csr.example"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow, NextUpdate: testNow.AddDate(0, 1, 0)}, ca.cert, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, code string
	}{
		{"CSR", pemText("CERTIFICATE REQUEST", nil, csr), CodeCSRSkipped},
		{"NEW CSR", pemText("NEW CERTIFICATE REQUEST", nil, csr), CodeCSRSkipped},
		{"CRL", pemText("X509 CRL", nil, crl), CodeCRLSkipped},
		{"DH parameters", "-----BEGIN DH PARAMETERS-----\nMAYCAQACAQI=\n-----END DH PARAMETERS-----\n", CodeBlockSkipped},
		{"PGP public key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n", CodeBlockSkipped},
	}
	for _, tt := range []struct{ name, data, code string }{
		{"CSR as DER", string(csr), CodeCSRSkipped},
		{"CRL as DER", string(crl), CodeCRLSkipped},
		{"CSR as bare base64", b64Wrapped(csr, 64), CodeCSRSkipped},
	} {
		b := ReadAt(testNow, Input{Name: "x", Data: []byte(tt.data)})
		if !hasCode(b, tt.code) || len(b.Errors) != 0 {
			t.Errorf("%s: codes %v errors %v", tt.name, codes(b), b.Errors)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "text\n" + tt.data + string(ca.pem())
			b := ReadAt(testNow, Input{Name: "paste", Data: []byte(data)})
			w, ok := warningFor(b, tt.code, -1)
			if !ok {
				t.Fatalf("no %s warning; got %v", tt.code, codes(b))
			}
			if !strings.Contains(w.Message, "paste line 2") {
				t.Errorf("message %q does not say where", w.Message)
			}
			if len(b.Certificates) != 1 || len(b.Errors) != 0 {
				t.Errorf("%d certificates, errors %v", len(b.Certificates), b.Errors)
			}
		})
	}
}

// unknownSPKI is a SubjectPublicKeyInfo with an algorithm Go does not know.
func unknownSPKI(t testing.TB) []byte {
	der, err := asn1.Marshal(struct {
		Alg pkix.AlgorithmIdentifier
		Key asn1.BitString
	}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 3, 4, 5}}, asn1.BitString{Bytes: []byte{1, 2, 3}, BitLength: 24}})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestReadErrors(t *testing.T) {
	chain, ders := fixtureChain(t)
	leafPEM := pemText("CERTIFICATE", nil, ders[0])
	lines := strings.Split(leafPEM, "\n")
	badB64 := strings.Join(append(append(append([]string{}, lines[:5]...), lines[5][:10]+"!"+lines[5][11:]), lines[6:]...), "\n")
	truncatedBody := strings.Join(append(append([]string{}, lines[:8]...), lines[len(lines)-2:]...), "\n")
	big := bytes.Repeat([]byte("A"), MaxInputSize+1)

	tests := []struct {
		name     string
		data     []byte
		is       error
		msg      string // exact Error() of the first error, or a prefix ending in "…"
		certs    int
		wantLine int
	}{
		{"truncated PEM", []byte("hello\n" + leafPEM[:300]), ErrTruncatedPEM,
			"pinlib: paste line 2: CERTIFICATE block: truncated PEM: no -----END CERTIFICATE----- line follows the BEGIN line", 0, 2},
		{"BEGIN inside a block", []byte(leafPEM[:300] + "\n" + leafPEM), ErrTruncatedPEM,
			"pinlib: paste line 1: CERTIFICATE block: truncated PEM…", 1, 1},
		{"bad base64", []byte(badB64), ErrBadBase64,
			`pinlib: paste line 1: CERTIFICATE block: bad base64: unexpected '!' on line 6`, 0, 1},
		{"lines missing in the middle", []byte(truncatedBody), ErrNotCertificate,
			"pinlib: paste line 1: CERTIFICATE block: not a certificate…", 0, 1},
		{"empty block", []byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), ErrBadBase64,
			"pinlib: paste line 1: CERTIFICATE block: bad base64: the block is empty", 0, 1},
		{"random bytes in a CERTIFICATE block", []byte(pemText("CERTIFICATE", nil, []byte("this is not DER at all"))), ErrNotCertificate,
			"pinlib: paste line 1: CERTIFICATE block: not a certificate, PKCS#7 bundle or key: …", 0, 1},
		{"mismatched END", []byte(strings.Replace(leafPEM, "END CERTIFICATE", "END PUBLIC KEY", 1)), nil,
			"pinlib: paste line 1: CERTIFICATE block: mismatched PEM: BEGIN CERTIFICATE is closed by END PUBLIC KEY", 0, 1},
		{"unsupported public key", []byte(pemText("PUBLIC KEY", nil, unknownSPKI(t))), ErrUnsupportedKey,
			"pinlib: paste line 1: PUBLIC KEY block: unsupported public key: …", 0, 1},
		{"PUBLIC KEY that is a certificate", []byte(pemText("PUBLIC KEY", nil, ders[0])), nil,
			"pinlib: paste line 1: PUBLIC KEY block: not a public key: …", 0, 1},
		{"bad RSA PUBLIC KEY", []byte(pemText("RSA PUBLIC KEY", nil, []byte{0x30, 0})), nil,
			"pinlib: paste line 1: RSA PUBLIC KEY block: not an RSA public key: …", 0, 1},
		{"garbage", []byte("hello world, this is not a certificate\n"), ErrNoCertificate,
			"pinlib: paste: no certificate found (expected PEM, base64 DER, DER or PKCS#7)", 0, 0},
		{"empty", nil, ErrNoCertificate, "pinlib: paste: no certificate found (expected PEM, base64 DER, DER or PKCS#7): the input is empty", 0, 0},
		{"only blank lines", []byte("\n\n  \r\n"), ErrNoCertificate, "pinlib: paste: no certificate found…", 0, 0},
		{"openssl -text -noout", []byte(strings.Split(string(readFile(t, "testdata/openssl/x509-text.txt")), "-----BEGIN")[0]), ErrNoCertificate,
			"pinlib: paste: no certificate found (expected PEM, base64 DER, DER or PKCS#7): this looks like openssl -text output without the PEM block; run openssl without -noout", 0, 0},
		{"base64 of garbage", []byte(base64.StdEncoding.EncodeToString([]byte(strings.Repeat("definitely not a certificate, just words. ", 3)))), ErrNotCertificate,
			"pinlib: paste: base64 block: not a certificate…", 0, 0},
		{"bad base64 padding", []byte("QUJDRA=A" + strings.Repeat("QUJD", 20)), ErrBadBase64, "pinlib: paste: base64 block: bad base64…", 0, 0},
		{"binary garbage", []byte{0x30, 0x82, 0xff, 0xff, 0, 1, 2, 3, 0xfe}, ErrNotCertificate, "pinlib: paste: binary DER block: not a certificate…", 0, 0},
		{"binary not DER", []byte{0x00, 0x01, 0x02, 0xff, 0x00}, ErrNotCertificate, "pinlib: paste: binary DER block: not a certificate…", 0, 0},
		{"oversize", big, ErrTooLarge, "pinlib: paste: input larger than 4 MiB: paste is 4.00 MiB, and a certificate chain is a few KiB", 0, 0},
		{"good and broken mixed", []byte(string(chain[:len(chain)/3]) + "\n" + string(chain)), ErrTruncatedPEM, "pinlib: paste line 1: CERTIFICATE block: truncated PEM…", 3, 1},
		{"good then bad base64 then good", []byte(leafPEM + badB64 + string(chain)), ErrBadBase64, "pinlib: paste line 20: CERTIFICATE block: bad base64: unexpected '!' on line 25", 3, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: tt.data})
			if len(b.Errors) == 0 {
				t.Fatalf("no error; %d certificates, warnings %v", len(b.Certificates), codes(b))
			}
			e := b.Errors[0]
			msg := e.Error()
			if want, ok := strings.CutSuffix(tt.msg, "…"); ok {
				if !strings.HasPrefix(msg, want) {
					t.Errorf("error %q\nwant prefix %q", msg, want)
				}
			} else if msg != tt.msg {
				t.Errorf("error %q\nwant        %q", msg, tt.msg)
			}
			if tt.is != nil && !errors.Is(e, tt.is) {
				t.Errorf("error %v is not %v", e, tt.is)
			}
			var ie *InputError
			if !errors.As(error(e), &ie) || ie.Name != "paste" || ie.Line != tt.wantLine {
				t.Errorf("InputError %+v, want line %d", ie, tt.wantLine)
			}
			if len(b.Certificates) != tt.certs {
				t.Errorf("%d certificates, want %d", len(b.Certificates), tt.certs)
			}
			if tt.certs == 0 && b.Err() == nil {
				t.Error("Err() = nil with nothing to pin")
			}
			if tt.certs > 0 && b.Err() != nil {
				t.Errorf("Err() = %v with certificates to pin", b.Err())
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("multi-line error %q", msg)
			}
		})
	}
}

func TestInputErrorFormat(t *testing.T) {
	inner := errors.New("boom")
	tests := []struct {
		e    InputError
		want string
	}{
		{InputError{Name: "paste", Line: 12, Block: "CERTIFICATE", Err: fmt.Errorf("%w: no END", ErrTruncatedPEM)}, "pinlib: paste line 12: CERTIFICATE block: truncated PEM: no END"},
		{InputError{Name: "cert.der", Block: "binary DER", Err: inner}, "pinlib: cert.der: binary DER block: boom"},
		{InputError{Name: "-", Err: ErrNoCertificate}, "pinlib: -: no certificate found (expected PEM, base64 DER, DER or PKCS#7)"},
		{InputError{Name: "x", Line: 3, Err: inner}, "pinlib: x line 3: boom"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if errors.Unwrap(&tt.e) != tt.e.Err {
			t.Error("Unwrap lost the cause")
		}
	}
}

func TestReadNoInputs(t *testing.T) {
	b := Read()
	if b.Shape != ShapeEmpty || len(b.Certificates) != 0 || !errors.Is(b.Err(), ErrNoCertificate) {
		t.Errorf("Read() = %+v, Err %v", b, b.Err())
	}
	if b.Now.IsZero() {
		t.Error("Read did not record the time")
	}
}

func TestInputNames(t *testing.T) {
	b := ReadAt(testNow, Input{Data: []byte("x")}, Input{Data: []byte("y")})
	if len(b.Errors) != 2 || b.Errors[0].Name != "input 1" || b.Errors[1].Name != "input 2" {
		t.Errorf("errors %v", b.Errors)
	}
	b = ReadAt(testNow, Input{Data: []byte("x")})
	if len(b.Errors) != 1 || b.Errors[0].Name != "input" {
		t.Errorf("errors %v", b.Errors)
	}
}

func TestDuplicates(t *testing.T) {
	chain, ders := fixtureChain(t)
	tests := []struct {
		name   string
		inputs []Input
		certs  int
		times  string
	}{
		{"same PEM twice", []Input{{"paste", append(bytes.Clone(chain), chain...)}}, 3, "2 times"},
		{"PEM and DER of the same", []Input{{"a.pem", chain}, {"b.der", ders[0]}, {"c.der", ders[0]}}, 3, "3 times"},
		{"p7b and PEM", []Input{{"a.p7b", readFile(t, "testdata/openssl/chain.p7b")}, {"b.pem", chain}}, 3, "2 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, tt.inputs...)
			if len(b.Certificates) != tt.certs {
				t.Fatalf("%d certificates, want %d", len(b.Certificates), tt.certs)
			}
			w, ok := warningFor(b, CodeDuplicate, 0)
			if !ok || !strings.Contains(w.Message, tt.times) || !strings.Contains(w.Message, "leaf.pinlab.test") {
				t.Errorf("duplicate warning %+v", w)
			}
			if b.Certificates[0].Source != tt.inputs[0].Name {
				t.Errorf("kept the copy from %s, want the first", b.Certificates[0].Source)
			}
		})
	}
	// The same key twice.
	pub := readFile(t, "testdata/openssl/leaf-public-key.pem")
	b := ReadAt(testNow, Input{"paste", append(bytes.Clone(pub), readFile(t, "testdata/openssl/leaf-rsa-public-key.pem")...)})
	if len(b.PublicKeys) != 1 || !hasCode(b, CodeDuplicate) {
		t.Errorf("%d keys, warnings %v", len(b.PublicKeys), codes(b))
	}
}

func TestPublicKeys(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	ecDER, _ := x509.MarshalPKIXPublicKey(ec.Public())
	edDER, _ := x509.MarshalPKIXPublicKey(edPub)
	rsaKey := weakRSAKey(t)
	rsaSPKI, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	tests := []struct {
		name string
		data string
		key  string
		spki []byte
	}{
		{"ECDSA P-384", pemText("PUBLIC KEY", nil, ecDER), "ECDSA P-384", ecDER},
		{"Ed25519", pemText("PUBLIC KEY", nil, edDER), "Ed25519", edDER},
		{"RSA SPKI", pemText("PUBLIC KEY", nil, rsaSPKI), "RSA 1024", rsaSPKI},
		{"RSA PKCS#1", pemText("RSA PUBLIC KEY", nil, x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey)), "RSA 1024", rsaSPKI},
		{"indented in YAML", "key: |\n" + eachLine(pemText("PUBLIC KEY", nil, ecDER), func(l string) string { return "  " + l }), "ECDSA P-384", ecDER},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: []byte(tt.data)})
			if len(b.Errors) > 0 || len(b.PublicKeys) != 1 {
				t.Fatalf("errors %v, %d keys", b.Errors, len(b.PublicKeys))
			}
			k := b.PublicKeys[0]
			if k.KeyType() != tt.key {
				t.Errorf("KeyType = %q, want %q", k.KeyType(), tt.key)
			}
			if want := SPKIPin(tt.spki); !bytes.Equal(k.Pins.SPKISHA256, want.SPKISHA256) || !bytes.Equal(k.SPKI, tt.spki) {
				t.Errorf("pin %s, want %s", k.Pins.OkHttp(), want.OkHttp())
			}
			if b.Err() != nil || b.Shape != ShapeEmpty {
				t.Errorf("Err %v, Shape %s", b.Err(), b.Shape)
			}
			r := b.Report()
			if len(r.PublicKeys) != 1 || r.PublicKeys[0].SPKISHA256 != k.Pins.SPKISHA256Base64() || r.PublicKeys[0].Key != tt.key {
				t.Errorf("report %+v", r.PublicKeys)
			}
		})
	}
}

// Input handed to Read may be reused by the caller afterwards.
func TestReadCopiesInput(t *testing.T) {
	_, ders := fixtureChain(t)
	data := bytes.Clone(ders[0])
	b := ReadAt(testNow, Input{Name: "x.der", Data: data})
	clear(data)
	if b.Certificates[0].Cert.Subject.CommonName != "leaf.pinlab.test" || b.Certificates[0].Cert.Raw[0] != 0x30 {
		t.Error("the bundle shares memory with the input")
	}
}
