package pinlib

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// TestPinTable pins down the table `pinlab pins` prints (the README shows
// it) and that names are escaped in it.
func TestPinTable(t *testing.T) {
	chain, _ := fixtureChain(t)
	key := input(t, "testdata/openssl/leaf-public-key.pem")
	bidi := mint(t, spec{cn: "api.\u202emoc.lapyap", dns: []string{"api.example"}}, nil)
	tests := []struct {
		name string
		in   []Input
		want string
	}{
		{"chain", []Input{{Name: "chain.pem", Data: chain}}, "" +
			"#  ROLE          EXPIRES     SUBJECT                   PIN (SPKI SHA-256)\n" +
			"0  leaf          2122-09-25  leaf.pinlab.test          sha256/hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk=\n" +
			"1  intermediate  2125-06-21  pinlab Test Intermediate  sha256/peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdw=\n" +
			"2  root          2126-11-03  pinlab Test Root          sha256/9eFI1V9YQzT4QgyhaETtwm8PniZmwghnFPFKFZkCDis=\n"},
		{"a key alone", []Input{key}, "" +
			"#  ROLE  EXPIRES  SUBJECT   PIN (SPKI SHA-256)\n" +
			"-  key   -        RSA 2048  sha256/hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk=\n"},
		{"nothing", []Input{{Name: "paste", Data: []byte("hello")}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadAt(testNow, tt.in...).PinTable(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	t.Run("escaped name", func(t *testing.T) {
		got := ReadAt(testNow, Input{Name: "paste", Data: bidi.pem()}).PinTable()
		if !strings.Contains(got, `api.\u202emoc.lapyap`) || strings.Contains(got, "\u202e") {
			t.Errorf("the bidi override is not escaped:\n%s", got)
		}
	})
}

// TestReportJSON: the bytes are Report indented by two spaces with a final
// newline, and names stay exact.
func TestReportJSON(t *testing.T) {
	chain, _ := fixtureChain(t)
	bidi := mint(t, spec{cn: "api.\u202emoc.lapyap", dns: []string{"api.example"}}, nil)
	for _, in := range [][]Input{
		{{Name: "chain.pem", Data: chain}},
		{{Name: "paste", Data: bidi.pem()}},
		{{Name: "paste", Data: []byte("not a certificate")}},
	} {
		b := ReadAt(testNow, in...)
		got, err := b.ReportJSON()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.MarshalIndent(b.Report(), "", "  ")
		// The encoder escapes <, > and & as the CLI always has.
		want = bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(want, []byte("<"), []byte(`\u003c`)), []byte(">"), []byte(`\u003e`)), []byte("&"), []byte(`\u0026`))
		if string(got) != string(want)+"\n" {
			t.Errorf("%s: got\n%s\nwant\n%s", in[0].Name, got, want)
		}
		var back Report
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		for i, c := range back.Certificates {
			if c.Name != b.Certificates[i].Name() {
				t.Errorf("name %q, certificate says %q", c.Name, b.Certificates[i].Name())
			}
		}
	}
}

// TestPinsCSV: one row per certificate and key under the header, read back
// by encoding/csv, with formula cells defused and other names exact.
func TestPinsCSV(t *testing.T) {
	chain, _ := fixtureChain(t)
	tests := []struct {
		name string
		cn   string // a certificate with this CN is added, "" for none
		want string // the name column as written
	}{
		{"plain", "", ""},
		{"comma and quote are quoted", `Acme, "Roots" Inc`, `Acme, "Roots" Inc`},
		{"formula is defused", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"plus", "+1 CA", "'+1 CA"},
		{"minus", "-2 CA", "'-2 CA"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"bidi stays exact", "api.\u202emoc.lapyap", "api.\u202emoc.lapyap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []Input{{Name: "chain.pem", Data: chain}, input(t, "testdata/openssl/intermediate-public-key.pem")}
			if tt.cn != "" {
				in = append(in, Input{Name: "extra.pem", Data: mint(t, spec{cn: tt.cn, ca: true, pathLen: -1}, nil).pem()})
			}
			b := ReadAt(testNow, in...)
			rows, err := csv.NewReader(strings.NewReader(b.PinsCSV())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1+len(b.Certificates)+len(b.PublicKeys) {
				t.Fatalf("%d rows for %d certificates and %d keys", len(rows), len(b.Certificates), len(b.PublicKeys))
			}
			if strings.Join(rows[0], ",") != strings.Join(PinsCSVHeader, ",") {
				t.Errorf("header %q", rows[0])
			}
			for i, c := range b.Certificates {
				r := rows[1+i]
				if r[0] != itoa(c.Index) || r[1] != string(c.Role) || r[5] != c.Pins.SPKISHA256Base64() || r[6] != c.Pins.OkHttp() || r[7] != c.Pins.CertSHA256Hex() {
					t.Errorf("row %d = %q", i, r)
				}
				if c.Name() == tt.cn && r[2] != tt.want {
					t.Errorf("name cell %q, want %q", r[2], tt.want)
				}
			}
			k := rows[len(rows)-1]
			if k[1] != "public-key" || k[0] != "" || k[5] != b.PublicKeys[0].Pins.SPKISHA256Base64() {
				t.Errorf("key row %q", k)
			}
		})
	}
}
