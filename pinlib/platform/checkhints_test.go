package platform

import (
	"strconv"
	"strings"
	"testing"
)

// exportOf is pinlab's own export of chain.pem for format, with the given
// picks and backups: a config the check accepts, to put typos in.
func exportOf(t *testing.T, format string, s Selection) string {
	t.Helper()
	plat, ok := ByID(format)
	if !ok {
		t.Fatalf("no format %s", format)
	}
	files, _ := plat.Config(mustChoose(t, s))
	f, ok := Primary(files)
	if !ok {
		t.Fatalf("%s: no primary file", format)
	}
	return string(f.Content)
}

// typo changes the first occurrence of old in s.
func typo(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not in\n%s", old, s)
	}
	return strings.Replace(s, old, new, 1)
}

// swap exchanges the characters at i and i+1 of s.
func swap(s string, i int) string {
	b := []byte(s)
	b[i], b[i+1] = b[i+1], b[i]
	return string(b)
}

func TestCheckHints(t *testing.T) {
	b := testChain(t)
	const host = "leaf.pinlab.test"
	android := exportOf(t, "android", Selection{Host: host, BackupPins: []string{backupPin}})
	okhttp := exportOf(t, "okhttp", Selection{Host: host, Pick: []string{"leaf"}})
	okhttpWild := exportOf(t, "okhttp", Selection{Host: "*.pinlab.test", Pick: []string{"leaf"}})
	curl := exportOf(t, "curl", Selection{Host: host, Pick: []string{"leaf"}})
	leafSHA1 := b.Certificates[0].Pins.SPKISHA1Base64()
	sha1Config := typo(t, okhttp, "sha256/"+leafPin, "sha1/"+leafSHA1[:5]+"x"+leafSHA1[6:])

	tests := []struct {
		name    string
		config  string
		host    string
		want    []string // code@line: found -> suggest
		message string   // a part of the first hint's message
	}{
		{"pinlab's export has no typo", android, host, nil, ""},
		{"one character changed", typo(t, android, intermediatePin, "peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdW="), host,
			[]string{"near-pin@9: peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdW= -> " + intermediatePin},
			"Line 9: peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdW= is 1 character away from the SPKI SHA-256 pin of pinlab Test Intermediate (intermediate), " + intermediatePin + ": a typo?"},
		{"two neighbours swapped is one edit", typo(t, android, intermediatePin, swap(intermediatePin, 10)), host,
			[]string{"near-pin@9: " + swap(intermediatePin, 10) + " -> " + intermediatePin}, "1 character away"},
		{"a character dropped", typo(t, android, intermediatePin, intermediatePin[:20]+intermediatePin[21:]), host,
			[]string{"near-pin@9: " + intermediatePin[:20] + intermediatePin[21:] + " -> " + intermediatePin}, ""},
		{"two characters off", typo(t, android, intermediatePin, "XeFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdX="), host,
			[]string{"near-pin@9: XeFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdX= -> " + intermediatePin}, "2 characters away"},
		{"three characters off is another pin", typo(t, android, intermediatePin, "XeFdO+sk9C6BYOaP36qIZtX31IBTua5WqkNZe11rZdX="), host, nil, ""},
		{"OkHttp sha256/ prefix stays", typo(t, okhttp, leafPin, "hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIK="), host,
			[]string{"near-pin@7: hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIK= -> " + leafPin}, "of leaf.pinlab.test (leaf)"},
		{"OkHttp sha1/", sha1Config, host,
			[]string{"near-pin@7: " + leafSHA1[:5] + "x" + leafSHA1[6:] + " -> " + leafSHA1}, "SPKI SHA-1 pin"},
		{"curl sha256//", typo(t, curl, leafPin, "hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk"), host,
			[]string{"near-pin@" + lineOf(curl, leafPin) + ": hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk -> " + leafPin}, ""},
		{"the config's host, one letter swapped", typo(t, android, ">leaf.pinlab.test<", ">leaf.pinlab.tset<"), host,
			[]string{"near-host@6: leaf.pinlab.tset -> leaf.pinlab.test"},
			"Line 6 names leaf.pinlab.tset, one edit away from leaf.pinlab.test, the host checked: did you mean leaf.pinlab.test?"},
		{"the comment naming the host does not hide the typo", typo(t, okhttp, `.add("leaf.pinlab.test"`, `.add("leaf.pinlab.tesst"`), host,
			[]string{"near-host@7: leaf.pinlab.tesst -> leaf.pinlab.test"}, ""},
		{"a wildcard one letter off", typo(t, okhttpWild, `"*.pinlab.test"`, `"*.pinlab.tset"`), host,
			[]string{"near-host@" + lineOf(okhttpWild, `"*.pinlab.test"`) + ": *.pinlab.tset -> *.pinlab.test"}, ""},
		{"the host checked is the typo", android, "leaf.pinlab.tst",
			[]string{"near-host@0: leaf.pinlab.tst -> leaf.pinlab.test"},
			"The leaf is for leaf.pinlab.test, one edit away from leaf.pinlab.tst, the host checked: did you mean leaf.pinlab.test?"},
		{"another host far away", android, "api.example.com", nil, ""},
		{"a host two edits off", typo(t, android, ">leaf.pinlab.test<", ">leaf.pinlab.tsst1<"), host, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := CheckConfig([]byte(tt.config), tt.host, b, testNow)
			verdict := r.Verdict
			if err != nil {
				verdict = ""
			}
			hints := CheckHints([]byte(tt.config), tt.host, b, verdict)
			var got []string
			for _, h := range hints {
				got = append(got, h.Code+"@"+strconv.Itoa(h.Line)+": "+h.Found+" -> "+h.Suggest)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("hints\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.message != "" && !strings.Contains(hints[0].Message, tt.message) {
				t.Errorf("message %q lacks %q", hints[0].Message, tt.message)
			}
			// Each repair of the config makes pinlab's own export again,
			// and the check accepts it.
			for _, h := range hints {
				if h.Offset < 0 {
					if string(h.Apply([]byte(tt.config))) != tt.config {
						t.Error("a hint about the host checked changed the config")
					}
					continue
				}
				fixed := h.Apply([]byte(tt.config))
				if r, err := CheckConfig(fixed, host, b, testNow); err != nil || r.Verdict != CheckAccepted {
					t.Errorf("after %s: %v %v\n%s", h.Message, r.Verdict, err, fixed)
				}
			}
		})
	}
}

// TestCheckHintsOnlyWhenUnpinned: a config pinning api1 and api2 is not
// told api2 is a typo of api1 while it covers the host checked.
func TestCheckHintsOnlyWhenUnpinned(t *testing.T) {
	b := testChain(t)
	config := exportOf(t, "okhttp", Selection{Host: "leaf.pinlab.test", Pick: []string{"leaf"}})
	config = strings.Replace(config, ".build()", `.add("leaf.pinlab.tesu", "sha256/`+leafPin+`")`+"\n    .build()", 1)
	for _, v := range []CheckVerdict{CheckAccepted, CheckRejected} {
		if hints := CheckHints([]byte(config), "leaf.pinlab.test", b, v); len(hints) != 0 {
			t.Errorf("%s: hints %v", v, hints)
		}
	}
	if hints := CheckHints([]byte(config), "leaf.pinlab.test", b, CheckNotPinned); len(hints) != 1 {
		t.Errorf("not-pinned: hints %v, want the near host", hints)
	}
}

// TestHintApplyStale: a hint does not apply to a config edited since.
func TestHintApplyStale(t *testing.T) {
	h := CheckHint{Offset: 4, Found: "abc", Suggest: "abd"}
	for config, want := range map[string]string{"xyz abc": "xyz abd", "xyz abx": "xyz abx", "xy": "xy"} {
		if got := string(h.Apply([]byte(config))); got != want {
			t.Errorf("Apply(%q) = %q, want %q", config, got, want)
		}
	}
}

// lineOf is the 1-based line of the first occurrence of s in config.
func lineOf(config, s string) string {
	return strconv.Itoa(1 + strings.Count(config[:strings.Index(config, s)], "\n"))
}
