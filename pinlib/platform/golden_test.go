package platform

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// goldenCases are the option combinations that change what is written.
var goldenCases = []struct {
	name string
	sel  Selection
	only []string // the platforms the option matters to; nil: all
}{
	{name: "basic", sel: Selection{Host: "leaf.pinlab.test", BackupPins: []string{backupPin}}},
	{name: "subdomains-expires", sel: Selection{Host: "leaf.pinlab.test", IncludeSubdomains: true,
		Expires: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), Pick: []string{"leaf", "intermediate"}, BackupPins: []string{backupPin}}},
	{name: "soft-fail-report", sel: Selection{Host: "leaf.pinlab.test", SoftFail: true,
		ReportURI: "https://reports.pinlab.test/pins?app=demo&v=1", BackupPins: []string{backupPin}}},
	{name: "wildcard", sel: Selection{Host: "*.pinlab.test", Pick: []string{"intermediate", "root"}}},
	{name: "certificate-mode", only: []string{"alamofire", "afnetworking"}, sel: Selection{Host: "leaf.pinlab.test", CertificateMode: true,
		Pick: []string{"intermediate", "root"}}},
	{name: "okhttp3-subdomains", only: []string{"okhttp", "okhttp-java"}, sel: Selection{Host: "leaf.pinlab.test", IncludeSubdomains: true,
		OkHttpVersion: OkHttp3, BackupPins: []string{backupPin}}},
	{name: "okhttp3-wildcard", only: []string{"okhttp", "okhttp-java"}, sel: Selection{Host: "*.pinlab.test",
		OkHttpVersion: OkHttp3, Pick: []string{"intermediate", "root"}}},
}

// render writes an export as one text: lints first, then every file; DER
// files as their size and hash.
func render(files []File, lints []Lint) string {
	var b strings.Builder
	for _, l := range lints {
		fmt.Fprintf(&b, "# %s %s: %s\n", l.Severity, l.Code, l.Message)
	}
	for _, f := range files {
		primary := ""
		if f.Primary {
			primary = " (primary)"
		}
		fmt.Fprintf(&b, "-- %s%s --\n", f.Name, primary)
		if strings.HasSuffix(f.Name, ".der") || strings.HasSuffix(f.Name, ".cer") {
			fmt.Fprintf(&b, "DER, %d bytes, sha256 %x\n", len(f.Content), sha256.Sum256(f.Content))
			continue
		}
		b.Write(f.Content)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, pf := range All {
		for _, c := range goldenCases {
			if c.only != nil && !slices.Contains(c.only, pf.ID()) {
				continue
			}
			t.Run(pf.ID()+"-"+c.name, func(t *testing.T) {
				files, lints := pf.Config(mustChoose(t, c.sel))
				got := render(files, lints)
				path := filepath.Join("testdata", "golden", pf.ID()+"-"+c.name+".txt")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, got)
				}
			})
		}
	}
}

// TestExportShape checks what every export promises: exactly one primary
// file, deterministic bytes, and every chosen pin written.
func TestExportShape(t *testing.T) {
	for _, pf := range All {
		for _, c := range goldenCases {
			t.Run(pf.ID()+"-"+c.name, func(t *testing.T) {
				p := mustChoose(t, c.sel)
				files, lints := pf.Config(p)
				primaries := 0
				for _, f := range files {
					if f.Primary {
						primaries++
					}
				}
				if primaries != 1 {
					t.Fatalf("%d primary files, want 1; lints: %v", primaries, lints)
				}
				again, _ := pf.Config(p)
				if render(files, nil) != render(again, nil) {
					t.Error("two runs gave different output")
				}
				for _, l := range lints {
					if l.Code == "" || l.Message == "" || (l.Severity != "info" && l.Severity != "warning") {
						t.Errorf("malformed lint %+v", l)
					}
				}
			})
		}
	}
}

func TestByID(t *testing.T) {
	want := []string{"android", "okhttp", "okhttp-java", "ios", "trustkit", "alamofire", "afnetworking", "react-native", "curl", "hpkp", "go", "dotnet"}
	if got := strings.Join(IDs(), ","); got != strings.Join(want, ",") {
		t.Fatalf("IDs() = %s", got)
	}
	for _, id := range want {
		p, ok := ByID(id)
		if !ok || p.ID() != id || p.Name() == "" {
			t.Errorf("ByID(%q) = %v, %v", id, p, ok)
		}
	}
	if _, ok := ByID("nope"); ok {
		t.Error("ByID(nope) found something")
	}
}
