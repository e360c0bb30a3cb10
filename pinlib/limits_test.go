package pinlib

import (
	"strings"
	"testing"
)

// TestReadListsFewProblems: many broken blocks or many keys give a few
// examples and a count, so that neither the page nor a terminal drowns.
func TestReadListsFewProblems(t *testing.T) {
	key := "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	cases := []struct {
		name            string
		text            string
		errors          int
		keyWarnings     int
		summaryContains string
	}{
		{"10 broken blocks", strings.Repeat("-----BEGIN CMS-----\nMA==\n-----END CMS-----\n", 10), 10, 0, ""},
		{"90,000 broken blocks", strings.Repeat("-----BEGIN CMS-----\nMA==-----END CMS-----\n", 90000), maxListedErrors + 1, 0, "89950 more problems"},
		{"30 keys", strings.Repeat(key, 30), 0, maxListedWarnings + 1, "10 more warnings"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := ReadAt(testNow, Input{Name: "paste", Data: []byte(tc.text)})
			keys := 0
			var last string
			for _, w := range b.Warnings {
				if w.Code == CodePrivateKeyDiscarded {
					keys++
					last = w.Message
				}
			}
			if len(b.Errors) != tc.errors || keys != tc.keyWarnings {
				t.Fatalf("%d errors, %d key warnings; want %d and %d", len(b.Errors), keys, tc.errors, tc.keyWarnings)
			}
			if len(b.Errors) > 0 && len(b.Errors) > maxListedErrors {
				last = b.Errors[len(b.Errors)-1].Error()
			}
			if !strings.Contains(last, tc.summaryContains) {
				t.Errorf("last message %q, want %q", last, tc.summaryContains)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int]string{
		12: "12 bytes", 4096: "4.0 KiB", MaxInputSize: "4.00 MiB", MaxInputSize + 20000: "4.02 MiB", 50_000_000: "47.68 MiB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
