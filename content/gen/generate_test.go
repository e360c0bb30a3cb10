package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// The committed lessons_gen.go must be what the lessons generate today.
func TestGeneratedUpToDate(t *testing.T) {
	want, err := Generate(os.DirFS("../lessons"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../lessons_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("content/lessons_gen.go is out of date: run make content")
	}
}

func TestGenerateRejectsBrokenLessons(t *testing.T) {
	good := "---\ntitle: T\nsummary: S\n---\n# Hi\n\ntext\n"
	tests := []struct{ name, src, want string }{
		{"no front matter", "# Hi\n", "missing front matter"},
		{"no summary", "---\ntitle: T\n---\nx\n", "title and summary"},
		{"bad template", good + "{{pin}}\n", "pin"},
		{"unknown sample", good + "{{pin \"nope.pem\"}}\n", "nope.pem"},
		{"unknown client", good + "{{outcome \"nope\" \"baseline\" \"none\" \"hard\"}}\n", "unknown client"},
		{"unknown exercise", good + "{{exercise \"nope\"}}\n", "unknown exercise"},
		{"unclosed fence", good + "```go\nx\n", "not closed"},
		{"dead link", good + "[x](/nowhere)\n", "does not exist"},
		{"dead lesson link", good + "[x](/learn/nowhere)\n", "does not exist"},
		{"bad sim link", good + "[x](/simulate?client=nope&scenario=baseline&policy=none&mode=hard)\n", "unknown client"},
		{"empty slide", good + "\n---\n\n---\nmore\n", "empty"},
		{"unknown chain file", good + "{{chain \"nope.pem\" \"leaf\"}}\n", "nope.pem"},
		{"not a chain", good + "{{chain \"01-one.md\" \"leaf\"}}\n", "not one chain"},
		{"unknown role", good + "{{chain \"chain.pem\" \"middle\"}}\n", `no "middle" certificate`},
		{"bad timeline date", good + "{{timeline \"chain.pem\" \"tomorrow\" 30 \"\" \"leaf\"}}\n", "not yyyy-mm-dd"},
		{"bad scene", good + "{{scene \"android\" \"nope\" \"none\" \"hard\"}}\n", "unknown scenario"},
		{"picture in code", good + "```\n{{matrix \"android\" \"hard\"}}\n```\n", "paragraph of its own"},
	}
	chain, err := os.ReadFile("../lessons/example-chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		_, err := Generate(fstest.MapFS{"01-one.md": {Data: []byte(tc.src)}, "chain.pem": {Data: chain}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

func TestGenerateSlidesNotesExercisesFacts(t *testing.T) {
	src := "---\ntitle: T\nsummary: S\n---\n## One\n\nPin {{pin \"e5.pem\"}}, outcome {{outcome \"okhttp\" \"pinned-cert-appended\" \"intermediate-spki\" \"hard\"}}.\n\n```notes\nsay hi\n```\n\n---\n\n## Two\n\n{{exercise \"spki-pin-e5\"}}\n\nAfter.\n"
	out, err := Generate(fstest.MapFS{"01-one.md": {Data: []byte(src)}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{regexp.QuoteMeta("NYbU7PBwV4y9J67c4guWTki8FJ+uudrXL0a4V4aRcrg="), `Slug:\s+"one"`, `Notes:\s+"say hi"`, `\{Exercise: "spki-pin-e5"\}`, "After\\.", "blocked"} {
		if !regexp.MustCompile(want).MatchString(s) {
			t.Errorf("generated source lacks %q", want)
		}
	}
	if strings.Contains(s, "```notes") || strings.Contains(s, "@@exercise") {
		t.Error("notes or markers leaked into the HTML")
	}
}

// The directives put pinlib's pictures, matrices and outcome badges into
// the lesson as HTML, with the classes the app styles.
func TestGeneratePictures(t *testing.T) {
	chain, err := os.ReadFile("../lessons/example-chain.pem")
	if err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: T\nsummary: S\n---\n## Pictures\n\n{{chain \"c.pem\" \"intermediate\"}}\n\n{{scene \"android\" \"proxy-user-ca\" \"none\" \"hard\"}}\n\n" +
		"{{timeline \"c.pem\" \"2026-12-01\" 30 \"2027-02-01\" \"leaf\"}}\n\nIt is {{outcome \"android-legacy\" \"proxy-user-ca\" \"none\" \"hard\"}}.\n\n{{matrix \"android\" \"hard\"}}\n"
	out, err := Generate(fstest.MapFS{"01-one.md": {Data: []byte(src)}, "c.pem": {Data: chain}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		`class=\"pic pic-chain\"`, `★ pinned`, `class=\"pic pic-scene outcome-blocked\"`, `class=\"pic pic-timeline\"`,
		`class=\"outcome-label outcome-intercepted\"`, `✗</span> intercepted`,
		`class=\"matrix-table\"`, `Proxy with a user-installed root`, `Intermediate key (SPKI)`, `class=\"legend\"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("generated source lacks %s", want)
		}
	}
	if strings.Contains(s, "@@insert") || strings.Contains(s, "@@inline") || strings.Contains(s, "raw HTML omitted") {
		t.Error("a marker or dropped HTML is left in the lesson")
	}
}
