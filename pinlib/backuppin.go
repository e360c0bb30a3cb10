package pinlib

import (
	"bytes"
	"errors"
)

// ErrBackupInChain is what every BackupInChainError matches with errors.Is.
var ErrBackupInChain = errors.New("pinlib: a backup must be a key that is not in the current chain")

// BackupInChainError is a backup pin that is the key of a certificate of
// the chain. A backup is the key the server moves to when its current key
// or CA goes away (RFC 7469 section 4.3 requires one outside the chain);
// a pin already in the chain breaks with the chain and backs up nothing.
type BackupInChainError struct {
	Certificate *Certificate // whose key it is
	Unique      bool         // the only certificate of its role in the chain
}

func (e *BackupInChainError) Error() string {
	c := e.Certificate
	var whose string
	switch {
	case c.Role == RoleUnrelated:
		whose = "the key of " + c.Name() + ", in the current input"
	case e.Unique:
		whose = "the " + string(c.Role) + "'s own key"
	default:
		whose = "the own key of " + string(c.Role) + " " + c.Name()
	}
	return "pinlib: that is " + whose + "; a backup must be a key that is not in the current chain"
}

func (e *BackupInChainError) Is(target error) bool { return target == ErrBackupInChain }

// ParseBackupPin reads a backup pin in any notation ParsePin reads and
// refuses one that is the key of a certificate of b, saying whose.
func ParseBackupPin(b *Bundle, text string) ([]byte, error) {
	sum, err := ParsePin(text)
	if err != nil {
		return nil, err
	}
	if err := CheckBackupKey(b, sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// CheckBackupKey refuses an SPKI SHA-256 that is the key of a certificate
// of b: a generated key, a pasted public key or a typed pin alike.
func CheckBackupKey(b *Bundle, spkiSHA256 []byte) error {
	if b == nil {
		return nil
	}
	for _, c := range b.Certificates {
		if !bytes.Equal(c.Pins.SPKISHA256, spkiSHA256) {
			continue
		}
		same := 0
		for _, o := range b.Certificates {
			if o.Role == c.Role {
				same++
			}
		}
		return &BackupInChainError{Certificate: c, Unique: same == 1}
	}
	return nil
}
