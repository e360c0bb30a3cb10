package platform

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// TestIOSBackupLintOnce: however many bare backup keys, the iOS export
// says once that they are written as CA identities.
func TestIOSBackupLintOnce(t *testing.T) {
	ios, _ := ByID("ios")
	for _, tt := range []struct {
		backups int
		message string // "" for no lint
	}{
		{0, ""},
		{1, "backup key is written as a CA identity"},
		{2, "the 2 backup keys are written as CA identities"},
		{3, "the 3 backup keys are written as CA identities"},
	} {
		var pins []string
		for i := range tt.backups {
			sum := sha256.Sum256([]byte{byte(i)})
			pins = append(pins, base64.StdEncoding.EncodeToString(sum[:]))
		}
		_, lints := ios.Config(mustChoose(t, Selection{Host: "leaf.pinlab.test", BackupPins: pins}))
		var got []string
		for _, l := range lints {
			if l.Code == "ios-backup-as-ca" {
				got = append(got, l.Message)
			}
		}
		switch {
		case tt.message == "" && len(got) != 0:
			t.Errorf("%d backups: %q", tt.backups, got)
		case tt.message != "" && (len(got) != 1 || !strings.Contains(got[0], tt.message)):
			t.Errorf("%d backups: lints %q, want one with %q", tt.backups, got, tt.message)
		}
	}
}
