//go:build !wasm

package main

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"pinlab/pinlib/sim"
)

// rcPorts is the lab's port of each scenario a real client can replay. A
// scenario the lab does not serve, but whose chain on the wire is one it
// does (pins-expired-rogue-ca is rogue-public-ca's chain met by an app
// whose pins have expired), is replayed on that scenario's port; a hooked
// app has no port, since no server can play it.
func rcPorts(l *lab) (map[string]int, error) {
	ports := map[string]int{}
	for _, id := range sim.Scenarios {
		sc, err := l.world.Scene(id)
		if err != nil {
			return nil, err
		}
		if sc.Hooked {
			continue
		}
		i := slices.IndexFunc(l.scenarios, func(s *labScenario) bool { return sameChain(s.scene.Presented, sc.Presented) })
		if i < 0 {
			return nil, fmt.Errorf("no lab port presents the chain of %s", id)
		}
		ports[id] = l.scenarios[i].Port
	}
	return ports, nil
}

func sameChain(a, b []*x509.Certificate) bool {
	return slices.EqualFunc(a, b, func(x, y *x509.Certificate) bool { return bytes.Equal(x.Raw, y.Raw) })
}

// rcRootFiles gives each trust profile the lab's own roots files, as every
// client reads them (curl --cacert, the Go program's root pool, Java's
// truststore): trusted-roots.pem for the system store, and, for a device
// where the proxy's root was installed, trusted-roots.pem and
// user-roots.pem together. The files must hold what the simulated
// client trusts.
func rcRootFiles(t *testing.T, l *lab, dir string) map[string]string {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(l.cfg.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := map[string]string{rcSystem: filepath.Join(l.cfg.Dir, labTrustedFile)}
	device := filepath.Join(dir, "device-roots.pem")
	if err := os.WriteFile(device, append(read(labTrustedFile), read(labUserFile)...), 0o644); err != nil {
		t.Fatal(err)
	}
	files[rcUser] = device
	for trust, client := range rcSimClientOf {
		roots, err := l.world.Roots(client)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(files[trust])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, pemCerts(roots...)) {
			t.Fatalf("the lab's roots for %s are not what the simulator's %s trusts", trust, client)
		}
	}
	return files
}
