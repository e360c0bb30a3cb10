//go:build !wasm

package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"pinlab/pinlib/sim"
)

// The lab's directory (--dir) keeps a room's lab the same across restarts:
// lab-keys.pem holds every certificate and private key of the world, each
// PEM block with a "Role" header naming its part; the roots and the real
// chain are written beside it for people and scripts, at every start.
const (
	labKeysFile    = "lab-keys.pem"
	labTrustedFile = "trusted-roots.pem"
	labUserFile    = "user-roots.pem"
	labChainFile   = "real-chain.pem"
)

// loadLabKeys reads the kept material, or nothing when the directory has
// none yet. A file that is there but cannot be read, or does not parse, is
// an error: starting afresh would change every pin the room has built in.
func loadLabKeys(dir string) ([]sim.Material, error) {
	if dir == "" {
		return nil, nil
	}
	name := filepath.Join(dir, labKeysFile)
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	in, err := readInput("--dir", name, nil)
	if err != nil {
		return nil, err
	}
	kept, err := parseLabKeys(in.Data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (move it away to make new keys)", name, err)
	}
	return kept, nil
}

func parseLabKeys(data []byte) ([]sim.Material, error) {
	var kept []sim.Material
	index := map[string]int{}
	rest := bytes.TrimSpace(data)
	for n := 1; len(rest) > 0; n++ {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, fmt.Errorf("block %d is not PEM", n)
		}
		rest = bytes.TrimSpace(rest)
		role := b.Headers["Role"]
		if role == "" {
			return nil, fmt.Errorf("block %d has no Role header", n)
		}
		i, ok := index[role]
		if !ok {
			i = len(kept)
			index[role] = i
			kept = append(kept, sim.Material{Role: role})
		}
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("block %d (%s): %w", n, role, err)
			}
			kept[i].Cert = c
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("block %d (%s): %w", n, role, err)
			}
			ec, ok := k.(*ecdsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("block %d (%s): the key is %T, not ECDSA", n, role, k)
			}
			kept[i].Key = ec
		default:
			return nil, fmt.Errorf("block %d (%s): unexpected %s", n, role, b.Type)
		}
	}
	for _, k := range kept {
		if k.Cert == nil {
			return nil, fmt.Errorf("%s has a key and no certificate", k.Role)
		}
	}
	return kept, nil
}

// saveLab writes the world's material and the files people use into the
// directory, creating it (readable by its owner only: it holds keys).
func saveLab(dir string, w *sim.World) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("--dir: %w", err)
	}
	var keys bytes.Buffer
	for _, m := range w.Material() {
		h := map[string]string{"Role": m.Role}
		pem.Encode(&keys, &pem.Block{Type: "CERTIFICATE", Headers: h, Bytes: m.Cert.Raw})
		if m.Key != nil {
			der, err := x509.MarshalPKCS8PrivateKey(m.Key)
			if err != nil {
				return fmt.Errorf("%s: %w", m.Role, err)
			}
			pem.Encode(&keys, &pem.Block{Type: "PRIVATE KEY", Headers: h, Bytes: der})
		}
	}
	trusted, user, err := labRootSets(w)
	if err != nil {
		return err
	}
	base, err := w.Scene(sim.LabScenarios[0])
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{labKeysFile, keys.Bytes(), 0o600},
		{labTrustedFile, pemCerts(trusted...), 0o644},
		{labUserFile, pemCerts(user...), 0o644},
		{labChainFile, pemCerts(base.Leaf, base.Intermediate, base.Root), 0o644},
	}
	for _, f := range files {
		if err := writeFileAtomic(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			return err
		}
	}
	return nil
}

// labRootSets are the roots of the system store, which every default
// client trusts (the rogue CA's included: that is its scenario), and of
// the user store, which holds the proxy's root once someone installs it.
func labRootSets(w *sim.World) (trusted, user []*x509.Certificate, err error) {
	if trusted, err = w.Roots("android"); err != nil {
		return nil, nil, err
	}
	all, err := w.Roots("android-legacy")
	if err != nil {
		return nil, nil, err
	}
	return trusted, all[len(trusted):], nil
}

// writeFileAtomic replaces a file whole, so that a lab stopped while
// writing never leaves half a key file.
func writeFileAtomic(name string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
