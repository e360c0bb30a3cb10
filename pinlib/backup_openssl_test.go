//go:build !js

// openssl is not available under GOOS=js. Natively it must be installed:
// these tests fail rather than skip without it (see sh).

package pinlib

import (
	"crypto/rand"
	"testing"
)

// TestBackupKeyAgainstOpenSSL: openssl reads the generated request and key
// and hashes the same pin, as a developer checking it by hand would.
func TestBackupKeyAgainstOpenSSL(t *testing.T) {
	for _, tt := range backupCases {
		t.Run(string(tt.alg), func(t *testing.T) {
			dir := t.TempDir()
			k, err := GenerateBackupKey(tt.alg, "api.example.com", rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			write(t, dir, "csr.pem", k.CSRPEM)
			write(t, dir, "key.pem", k.PrivateKeyPEM)
			want := k.Pins.SPKISHA256Base64()
			if got := sh(t, dir, "openssl req -in csr.pem -pubkey -noout | "+opensslSPKIPin); got != want {
				t.Errorf("openssl hashes the CSR's key to %s, BackupKey.Pins has %s", got, want)
			}
			if got := sh(t, dir, "openssl pkey -in key.pem -pubout | "+opensslSPKIPin); got != want {
				t.Errorf("openssl hashes the private key's public half to %s, BackupKey.Pins has %s", got, want)
			}
			if got := sh(t, dir, "openssl req -in csr.pem -verify -noout 2>&1"); got != "Certificate request self-signature verify OK" && got != "verify OK" {
				t.Errorf("openssl req -verify: %s", got)
			}
			if got := sh(t, dir, "openssl req -in csr.pem -noout -subject"); got != "subject=CN=api.example.com" && got != "subject=CN = api.example.com" {
				t.Errorf("openssl req -subject: %s", got)
			}
			if got := sh(t, dir, "openssl req -in csr.pem -noout -text | grep -A1 'Subject Alternative Name' | tail -1"); got != "DNS:api.example.com" {
				t.Errorf("openssl sees SAN %q", got)
			}
			// openssl accepts the key as PKCS#8 and agrees it is sound.
			if got := sh(t, dir, "openssl pkey -in key.pem -check -noout 2>&1"); got != "Key is valid" {
				t.Errorf("openssl pkey -check: %s", got)
			}
		})
	}
}
