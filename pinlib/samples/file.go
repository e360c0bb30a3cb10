package samples

import (
	"fmt"
	"io/fs"
	"path"
)

// File returns one embedded sample file by its base name ("e5.pem"), so
// lessons and exercises can quote a real certificate without a network.
func File(name string) ([]byte, error) {
	// Base names only: "data/../x" or "sub/e5.pem" must not reach the FS.
	if name == "" || path.Base(name) != name || !fs.ValidPath(name) {
		return nil, fmt.Errorf("samples: no file %q", name)
	}
	b, err := fs.ReadFile(data, "data/"+name)
	if err != nil {
		return nil, fmt.Errorf("samples: no file %q", name)
	}
	return b, nil
}
