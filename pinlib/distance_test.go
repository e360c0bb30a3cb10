package pinlib

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", 2, 0}, {"abc", "abc", 2, 0}, {"abc", "abd", 2, 1}, {"abc", "acb", 2, 1}, {"abc", "ab", 2, 1},
		{"abc", "abcd", 2, 1}, {"abcd", "badc", 2, 2}, {"abc", "xyz", 2, 3}, {"a", "abcdef", 2, 3}, {"kitten", "sitting", 5, 3},
		{"andriod", "android", 2, 1}, {"what-to-pn", "what-to-pin", 3, 1}, {"limits", "why-pinning", 3, 4},
	} {
		if got := EditDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}
