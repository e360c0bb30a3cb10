//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// okhttpPatternProbe builds one CertificatePinner per pattern, with a pin
// of no certificate, and asks it about the host and the chain: "pinned"
// when check throws (the pattern's pins apply and none matches),
// "not-pinned" when it passes, "throws" when the builder refuses the
// pattern.
const okhttpPatternProbe = `import okhttp3.CertificatePinner;
import java.io.*;
import java.security.cert.*;
import java.util.*;

public class PatternProbe {
  public static void main(String[] args) throws Exception {
    List<Certificate> chain = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(new FileInputStream(args[0])));
    BufferedReader in = new BufferedReader(new FileReader(args[1]));
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.split("\t", -1);
      CertificatePinner p;
      try {
        p = new CertificatePinner.Builder().add(f[0], "sha256/" + args[2]).build();
      } catch (IllegalArgumentException e) {
        System.out.println("throws");
        continue;
      }
      try {
        p.check(f[1], chain);
        System.out.println("not-pinned");
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        System.out.println("pinned");
      }
    }
  }
}
`

// TestRealOkHttp3Patterns: check reads CertificatePinner patterns as
// OkHttp 3.13.1 (Debian's libokhttp-java) does when told the app uses
// OkHttp 3.x: for each pattern and host, real OkHttp pins the host exactly
// when check says the config applies to it, and throws exactly when check
// says the builder throws. "**." is the case that matters: 3.x pins no host
// with it.
func TestRealOkHttp3Patterns(t *testing.T) {
	rcRequire(t)
	start := time.Now()
	chainFile := filepath.Join("pinlib", "testdata", "openssl", "chain.pem")
	data, err := os.ReadFile(chainFile)
	if err != nil {
		t.Fatal(err)
	}
	chain := pinlib.Read(pinlib.Input{Name: "chain.pem", Data: data})
	sum := sha256.Sum256([]byte("pinlab: a key in no chain"))
	pin := base64.StdEncoding.EncodeToString(sum[:])

	patterns := []string{"**.pinlab.test", "*.pinlab.test", "leaf.pinlab.test", "LEAF.pinlab.test", "www.pinlab.test", "pinlab.test",
		"**.leaf.pinlab.test", "*.leaf.pinlab.test", "**.test", "*.test", "*.*.test", "leaf.*.test", "*.**.pinlab.test"}
	type probe struct{ pattern, host string }
	var probes []probe
	for _, p := range patterns {
		for _, h := range []string{"leaf.pinlab.test", "www.pinlab.test"} {
			probes = append(probes, probe{p, h})
		}
	}

	dir := t.TempDir()
	var list strings.Builder
	for _, p := range probes {
		list.WriteString(p.pattern + "\t" + p.host + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "probes.tsv"), []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "PatternProbe.java")
	if err := os.WriteFile(src, []byte(okhttpPatternProbe), 0o644); err != nil {
		t.Fatal(err)
	}
	cp := strings.Join(rcJars, ":")
	if out, err := exec.Command("javac", "-nowarn", "-cp", cp, "-d", dir, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	out, err := exec.Command("java", "-cp", dir+":"+cp, "PatternProbe", chainFile, filepath.Join(dir, "probes.tsv"), pin).Output()
	if err != nil {
		t.Fatalf("java: %v", err)
	}
	real := strings.Fields(string(out))
	if len(real) != len(probes) {
		t.Fatalf("OkHttp answered %d probes of %d:\n%s", len(real), len(probes), out)
	}

	for i, p := range probes {
		config := `val pinner = CertificatePinner.Builder().add("` + p.pattern + `", "sha256/` + pin + `").build()`
		r, err := platform.CheckConfigWith([]byte(config), p.host, chain, platform.CheckOptions{Now: time.Now(), OkHttp: platform.OkHttp3})
		if err != nil {
			t.Fatalf("%q on %s: %v", p.pattern, p.host, err)
		}
		got := map[platform.CheckVerdict]string{platform.CheckNotPinned: "not-pinned", platform.CheckRejected: "pinned"}[r.Verdict]
		if strings.Contains(r.Reason, "IllegalArgumentException") {
			got = "throws"
		}
		if got != real[i] {
			t.Errorf("%q on %s: OkHttp 3.13.1 says %s, check says %s (%s: %s)", p.pattern, p.host, real[i], got, r.Verdict, r.Reason)
		}
	}
	t.Logf("%d patterns x 2 hosts agree with OkHttp 3.13.1, in %s", len(patterns), time.Since(start).Round(100*time.Millisecond))
}
