//go:build !wasm

package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"pinlab/pinlib"
)

// opensslPins lists "cert_sha256 spki_sha256" for every certificate openssl
// reads from the PEM given, computed the way docs/ARCHITECTURE.md and the vectors do:
//
//	openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64
//	openssl x509 -noout -fingerprint -sha256
func opensslPins(t *testing.T, pemCerts []byte) []string {
	t.Helper()
	var out []string
	re := regexp.MustCompile(`(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----`)
	for _, block := range re.FindAll(pemCerts, -1) {
		pin := shell(t, block, "openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64")
		fp := shell(t, block, "openssl x509 -noout -fingerprint -sha256")
		fp = strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(fp, "sha256 Fingerprint="), ":", ""))
		fp = strings.TrimPrefix(fp, "sha256 fingerprint=")
		out = append(out, fp+" "+pin)
	}
	sort.Strings(out)
	return out
}

func shell(t *testing.T, stdin []byte, script string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return strings.TrimSpace(string(out))
}

// TestPinsJSONMatchesOpenSSL runs `pinlab pins --json` on every form of
// input and checks each certificate's pin and fingerprint against openssl's,
// with openssl reading the same certificates its own way.
func TestPinsJSONMatchesOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is needed to check pins against it")
	}
	dir := t.TempDir()
	chainPEM, err := os.ReadFile("pinlib/testdata/openssl/chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	der, err := os.ReadFile("pinlib/testdata/vectors/trustkit/www.cloudflare.com.der")
	if err != nil {
		t.Fatal(err)
	}
	bare := base64.StdEncoding.EncodeToString(der)
	wrapped := regexp.MustCompile(`.{1,76}`).ReplaceAllString(bare, "$0\n")
	escaped, _ := json.Marshal(map[string]string{"cert": string(chainPEM)})
	crlf := bytes.ReplaceAll(chainPEM, []byte("\n"), []byte("\r\n"))
	indented := regexp.MustCompile(`(?m)^`).ReplaceAll(chainPEM, []byte("    "))
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// asPEM is how openssl itself reads each form, to give the PEM it sees.
	tests := []struct {
		name, file, asPEM string
	}{
		{"PEM chain", "pinlib/testdata/openssl/chain.pem", "cat"},
		{"s_client -showcerts", "pinlib/testdata/openssl/s_client-showcerts.txt", "openssl crl2pkcs7 -nocrl -certfile /dev/stdin | openssl pkcs7 -print_certs"},
		{"x509 -text", "pinlib/testdata/openssl/x509-text.txt", "openssl crl2pkcs7 -nocrl -certfile /dev/stdin | openssl pkcs7 -print_certs"},
		{"PKCS#7 DER", "pinlib/testdata/openssl/chain.p7b", "openssl pkcs7 -inform DER -print_certs"},
		{"PKCS#7 PEM", "pinlib/testdata/openssl/chain.p7b.pem", "openssl pkcs7 -print_certs"},
		{"DER", "pinlib/testdata/vectors/trustkit/www.cloudflare.com.der", "openssl x509 -inform DER"},
		{"DER RSA-4096", "pinlib/testdata/vectors/trustkit/www.good.com.der", "openssl x509 -inform DER"},
		{"DER P-384", "pinlib/testdata/vectors/trustkit/GeoTrust_Primary_CA_G2_ECC.der", "openssl x509 -inform DER"},
		{"Let's Encrypt E5", "pinlib/testdata/vectors/letsencrypt/e5.pem", "cat"},
		{"Superfish", "pinlib/testdata/vectors/interception-roots/ca-superfish.crt", "cat"},
		{"CRLF", write("crlf.pem", crlf), "tr -d '\\r'"},
		{"indented", write("indented.pem", indented), "sed 's/^ *//'"},
		{"bare base64", write("bare.txt", []byte(bare)), "base64 -d | openssl x509 -inform DER"},
		{"bare base64, wrapped", write("wrapped.txt", []byte(wrapped)), "base64 -d | openssl x509 -inform DER"},
		{"JSON escapes", write("escaped.json", escaped), "cat pinlib/testdata/openssl/chain.pem"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			want := opensslPins(t, []byte(shell(t, in, tc.asPEM)))
			if len(want) == 0 {
				t.Fatal("openssl read no certificate: the comparison would prove nothing")
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"pins", "--json", tc.file}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var r pinlib.Report
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range r.Certificates {
				got = append(got, c.CertSHA256+" "+c.SPKISHA256)
				if c.Pin != "sha256/"+c.SPKISHA256 {
					t.Errorf("pin %q does not carry spki_sha256 %q", c.Pin, c.SPKISHA256)
				}
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("pinlab:\n%s\nopenssl:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
