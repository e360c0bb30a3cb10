package samples

import (
	"bytes"
	"testing"
)

func TestFile(t *testing.T) {
	tests := []struct {
		name   string
		prefix string // start of the content; "" when an error is wanted
	}{
		{"e5.pem", "-----BEGIN CERTIFICATE-----"},
		{"ISRG_Root_X1.pem", "-----BEGIN CERTIFICATE-----"},
		{"GlobalSignRootCA.der", "\x30\x82"}, // DER SEQUENCE
		{"missing.pem", ""},
		{"", ""},
		{".", ""},
		{"data", ""},
		{"data/e5.pem", ""},
		{"../samples.go", ""},
		{"/e5.pem", ""},
		{"E5.PEM", ""},
	}
	for _, tc := range tests {
		b, err := File(tc.name)
		if tc.prefix == "" {
			if err == nil {
				t.Errorf("File(%q): no error", tc.name)
			} else if want := `samples: no file "` + tc.name + `"`; err.Error() != want {
				t.Errorf("File(%q): error %q, want %q", tc.name, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("File(%q): %v", tc.name, err)
			continue
		}
		if !bytes.HasPrefix(b, []byte(tc.prefix)) {
			t.Errorf("File(%q): starts %q, want %q", tc.name, b[:min(len(b), 20)], tc.prefix)
		}
	}
}

// TestFileEverySample: every file a sample lists is reachable by name.
func TestFileEverySample(t *testing.T) {
	for _, s := range All {
		for _, name := range s.files {
			if _, err := File(name); err != nil {
				t.Errorf("%s: %v", s.ID, err)
			}
		}
	}
}
