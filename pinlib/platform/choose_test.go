package platform

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
)

func TestChoose(t *testing.T) {
	cases := []struct {
		name   string
		sel    Selection
		want   []string
		source []Source
		notes  []string
	}{
		{"default is the issuing intermediate", Selection{}, []string{intermediatePin}, []Source{FromIntermediate}, nil},
		{"roles", Selection{Pick: []string{"leaf", "intermediate", "root"}}, []string{leafPin, intermediatePin, rootPin}, []Source{FromLeaf, FromIntermediate, FromRoot}, nil},
		{"indices keep the order", Selection{Pick: []string{"2", " 0 "}}, []string{rootPin, leafPin}, []Source{FromRoot, FromLeaf}, nil},
		{"case-insensitive", Selection{Pick: []string{"LEAF"}}, []string{leafPin}, []Source{FromLeaf}, nil},
		{"backup last", Selection{Pick: []string{"leaf"}, BackupPins: []string{backupPin}}, []string{leafPin, backupPin}, []Source{FromLeaf, FromBackup}, nil},
		{"backup notations", Selection{Pick: []string{"leaf"}, BackupPins: []string{"sha256/" + backupPin, "sha256//" + backupPin, `pin-sha256="` + backupPin + `"`}}, []string{leafPin, backupPin}, []Source{FromLeaf, FromBackup}, []string{"duplicate-pin", "duplicate-pin"}},
		{"duplicates dropped", Selection{Pick: []string{"leaf", "0", "leaf"}}, []string{leafPin}, []Source{FromLeaf}, []string{"duplicate-pin", "duplicate-pin"}},
		{"backup from the chain is not a backup", Selection{Pick: []string{"leaf"}, BackupPins: []string{rootPin}}, []string{leafPin, rootPin}, []Source{FromLeaf, FromRoot}, []string{"backup-in-chain"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.sel.Host = "leaf.pinlab.test"
			p := mustChoose(t, c.sel)
			if got := pinStrings(p); !slices.Equal(got, c.want) {
				t.Errorf("pins %v, want %v", got, c.want)
			}
			var src []Source
			var notes []string
			for _, pin := range p.Pins {
				src = append(src, pin.Source)
			}
			for _, n := range p.Notes {
				notes = append(notes, n.Code)
			}
			if !slices.Equal(src, c.source) || !slices.Equal(notes, c.notes) {
				t.Errorf("sources %v notes %v, want %v %v", src, notes, c.source, c.notes)
			}
		})
	}
}

func TestChooseFields(t *testing.T) {
	b := testChain(t)
	key := &pinlib.PublicKey{Pins: pinlib.Pins{SPKISHA256: make([]byte, 32)}}
	p, err := Choose(b, Selection{Host: "Leaf.Pinlab.Test", IncludeSubdomains: true, SoftFail: true, CertificateMode: true,
		ReportURI: "https://r.pinlab.test/", Expires: time.Date(2027, 6, 1, 23, 30, 0, 0, time.FixedZone("x", -3600)),
		BackupKeys: []*pinlib.PublicKey{key}, BackupCerts: []*pinlib.Certificate{b.Certificates[2]}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Host != "leaf.pinlab.test" || !p.IncludeSubdomains || !p.SoftFail || !p.CertificateMode || p.ReportURI != "https://r.pinlab.test/" {
		t.Errorf("fields not carried: %+v", p)
	}
	if want := time.Date(2027, 6, 2, 0, 0, 0, 0, time.UTC); !p.Expires.Equal(want) {
		t.Errorf("Expires %v, want the UTC date %v", p.Expires, want)
	}
	if !p.Now.Equal(b.Now) {
		t.Errorf("Now %v, want the bundle's %v", p.Now, b.Now)
	}
	if len(p.Pins) != 3 || p.Pins[1].Source != FromRoot || p.Pins[2].Source != FromBackup || p.Pins[1].Cert == nil {
		t.Errorf("pins %+v", p.Pins)
	}
}

// TestChooseDefault covers the pin chosen when none is named, for each shape
// of input: the leaf's issuer when there is one, else the certificate that
// stands out, else an error asking for an index.
func TestChooseDefault(t *testing.T) {
	chain := testChain(t)
	leaf, inter, root := chain.Certificates[0], chain.Certificates[1], chain.Certificates[2]
	read := func(parts ...[]byte) *pinlib.Bundle {
		return pinlib.ReadAt(testNow, pinlib.Input{Name: "input", Data: bytes.Join(parts, nil)})
	}
	file := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cases := []struct {
		name string
		b    *pinlib.Bundle
		want string // the pin chosen, or the error code
	}{
		{"whole chain: the issuing intermediate", chain, intermediatePin},
		// Without its intermediate the leaf is unrelated to the root.
		{"leaf and an unrelated root: ask", read(pemOf(leaf), pemOf(root)), "no-leaf"},
		{"a lone leaf", read(pemOf(leaf)), leafPin},
		{"intermediate and root: the intermediate", read(pemOf(inter), pemOf(root)), intermediatePin},
		{"a lone intermediate", read(pemOf(inter)), intermediatePin},
		{"a lone root", read(pemOf(root)), rootPin},
		{"two intermediates, no leaf: ask", read(file("vectors/letsencrypt/e5.pem"), file("vectors/letsencrypt/e6.pem")), "no-leaf"},
		{"a public key only: no role", read(file("openssl/leaf-public-key.pem")), "keys-only"},
		{"nothing", nil, "no-leaf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Choose(c.b, Selection{Host: "leaf.pinlab.test", Now: testNow})
			var ce *ChoiceError
			switch {
			case errors.As(err, &ce):
				if ce.Code != c.want {
					t.Errorf("err %v (code %s), want %s", err, ce.Code, c.want)
				}
				if strings.Contains(err.Error(), `"leaf"`) {
					t.Errorf("err %q quotes a pick nobody typed", err)
				}
			case err != nil:
				t.Fatalf("err = %v, want a *ChoiceError", err)
			default:
				if got := pinStrings(p); len(got) != 1 || got[0] != c.want {
					t.Errorf("pins %v, want %s", got, c.want)
				}
			}
		})
	}
}

func TestChooseErrors(t *testing.T) {
	chain := testChain(t)
	onlyCAs := pinlib.ReadAt(testNow, pinlib.Input{Name: "cas", Data: append(pemOf(chain.Certificates[1]), pemOf(chain.Certificates[2])...)})
	cases := []struct {
		name string
		b    *pinlib.Bundle
		sel  Selection
		code string
		is   error
		msg  string
	}{
		{"bad host", chain, Selection{Host: "a..b"}, "host", nil, "empty label"},
		{"index out of range", chain, Selection{Pick: []string{"3"}}, "pick-out-of-range", ErrBadPick, "0 to 2"},
		{"negative index", chain, Selection{Pick: []string{"-1"}}, "pick-out-of-range", ErrBadPick, "out of range"},
		{"unknown pick", chain, Selection{Pick: []string{"issuer"}}, "bad-pick", ErrBadPick, "leaf, intermediate, root"},
		{"no leaf", onlyCAs, Selection{Pick: []string{"leaf"}}, "no-leaf", ErrNoLeaf, "no leaf"},
		{"no leaf, several CAs", onlyCAs, Selection{Pick: []string{"LEAF"}}, "no-leaf", ErrNoLeaf, "among its 2 certificates: pick one by index (0 to 1)"},
		{"index, no certificate", pinlib.ReadAt(testNow, pinlib.Input{Name: "empty", Data: nil}), Selection{Pick: []string{"0"}}, "pick-out-of-range", ErrBadPick, "no certificate"},
		{"nil bundle", nil, Selection{}, "no-leaf", ErrNoLeaf, "no leaf"},
		{"hex pin", chain, Selection{BackupPins: []string{strings.Repeat("ab", 32)}}, "hex-pin", ErrBadBackup, "hex certificate fingerprint"},
		{"sha-256/ prefix", chain, Selection{BackupPins: []string{"sha-256/" + backupPin}}, "sha-256-prefix", pinlib.ErrInvalidPin, "not a pin prefix"},
		{"sha1 pin", chain, Selection{BackupPins: []string{"sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}, "sha1-pin", ErrBadBackup, "SHA-1"},
		{"short pin", chain, Selection{BackupPins: []string{"AAAA"}}, "invalid-pin", ErrBadBackup, "32"},
		{"not base64", chain, Selection{BackupPins: []string{"!!!"}}, "invalid-pin", ErrBadBackup, "base64"},
		{"http report URI", chain, Selection{ReportURI: "http://r.pinlab.test/"}, "report-uri", ErrBadReportURI, "https"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.sel.Host == "" {
				c.sel.Host = "leaf.pinlab.test"
			}
			_, err := Choose(c.b, c.sel)
			var ce *ChoiceError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ChoiceError", err)
			}
			if ce.Code != c.code || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "platform: ") {
				t.Errorf("err = %v (code %s), want code %s, %v, %q", err, ce.Code, c.code, c.is, c.msg)
			}
			if usage := !strings.HasPrefix(c.code, "no-"); errors.Is(err, ErrUsage) != usage {
				t.Errorf("errors.Is(err, ErrUsage) = %v, want %v", !usage, usage)
			}
			if l := ce.Lint(); l.Code != c.code || l.Severity != pinlib.SeverityWarning {
				t.Errorf("Lint() = %+v", l)
			}
		})
	}
}
