package app

import (
	"net/url"
	"slices"
	"testing"

	"pinlab/content"
)

func TestLessonGuesses(t *testing.T) {
	slugs := func(ls []content.Lesson) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Slug)
		}
		return out
	}
	for _, tc := range []struct {
		slug string
		want []string // closest first
	}{
		{"what-to-pn", []string{"what-to-pin"}},
		{"andriod", []string{"android"}},
		{"IOS", []string{"ios"}},
		{"testing", []string{"testing-pinning"}},
		{"testing-pinning-2026", []string{"testing-pinning"}},
		{"3", []string{content.Lessons[2].Slug}},
		{"11", []string{content.Lessons[10].Slug}},
		{"0", nil},
		{"12", nil},
		{"", nil},
		{"zzzzzzzz", nil},
		{"a", nil},
		{"scenarios", nil}, // "ios" is inside it, but not as a word
		{"ios-pinning", []string{"ios", "why-pinning"}},
	} {
		if got := slugs(lessonGuesses(tc.slug)); !slices.Equal(got, tc.want) {
			t.Errorf("lessonGuesses(%q) = %q, want %q", tc.slug, got, tc.want)
		}
	}
	if got := lessonGuesses("pinning"); len(got) == 0 || len(got) > 3 {
		t.Errorf("lessonGuesses(%q) = %q: want one to three lessons", "pinning", slugs(got))
	}
}

func TestPageGuess(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"/inpsect", "/inspect"},
		{"/Simulate/", "/simulate"},
		{"/check/extra", "/check"},
		{"/pins", "/pin"},
		{"/learning", "/learn"},
		{"/", ""},
		{"", ""},
		{"/nope", ""},
		{"/x", ""},
		{"/in", "/pin"}, // a letter off /pin; too short to stand for /inspect
		{"/insp", "/inspect"},
		{"/completely-different", ""},
	} {
		s, ok := pageGuess(tc.path)
		if s.Path != tc.want || ok != (tc.want != "") {
			t.Errorf("pageGuess(%q) = %q, %v; want %q", tc.path, s.Path, ok, tc.want)
		}
	}
}

func TestMissingPath(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"/learn/nope", "/learn/nope"},
		{"/not-found", ""}, // a static 404.html, the offline copy: the app reads the address
		{"/not-found?path=", ""},
		{"/not-found?path=%2Flearn%2Fnope", "/learn/nope"},
		{"/not-found?path=https://elsewhere.test/", ""}, // only a path is shown as the address
		{"/nope?path=/learn/x", "/nope"},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := missingPath(u); got != tc.want {
			t.Errorf("missingPath(%s) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
