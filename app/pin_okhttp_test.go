package app

import (
	"testing"
)

// TestPinPageOkHttpVersion: the okhttp exports offer the OkHttp they are
// written for, and on 3.x include-subdomains never becomes a "**." pattern,
// which OkHttp 3.x takes for a host name and so pins nothing.
func TestPinPageOkHttpVersion(t *testing.T) {
	b := sampleBundle(t, "demo")
	tests := []struct {
		name, format, version string
		want, absent          []string
	}{
		{"okhttp, default 4.3", "okhttp", "",
			[]string{`id="okhttp-version"`, "for OkHttp 4.3.0 or later", "**.api.example.test"}, nil},
		{"okhttp-java, 3.x", "okhttp-java", "3",
			[]string{`id="okhttp-version"`, "for OkHttp 3.x (3.1.2 or later)", "*.api.example.test", "are NOT pinned"},
			[]string{"**.api.example.test"}},
		{"android: no OkHttp choice", "android", "3", []string{"network-security-config"}, []string{`id="okhttp-version"`}},
	}
	for _, tc := range tests {
		p := &pinPage{bundle: b, st: pinState{Host: defaultHost(b), Format: tc.format, Subdomains: true, OkHttp: tc.version}}
		html := render(t, p)
		checkPage(t, tc.name, html, tc.want, tc.absent)
	}
}
