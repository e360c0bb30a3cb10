package pinlib

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A share link carries the certificates and public keys of a bundle in the
// URL fragment (after #), which browsers never send to a server. The
// payload is a version byte, then for each item a kind byte and a
// length-prefixed DER, all deflated and base64url-encoded. Private keys
// are never in a bundle, so they can never be in a link.

const (
	shareVersion  = 1
	shareKindCert = 'c'
	shareKindKey  = 'k'
)

// ErrBadShare: a share link that does not decode; usually a truncated copy.
var ErrBadShare = errors.New("pinlib: bad share link")

// EncodeShare packs the bundle's certificates (in order) and public keys.
func EncodeShare(b *Bundle) string {
	var raw bytes.Buffer
	raw.WriteByte(shareVersion)
	put := func(kind byte, der []byte) {
		raw.WriteByte(kind)
		raw.Write(binary.AppendUvarint(nil, uint64(len(der))))
		raw.Write(der)
	}
	for _, c := range b.Certificates {
		put(shareKindCert, c.Cert.Raw)
	}
	for _, k := range b.PublicKeys {
		put(shareKindKey, k.SPKI)
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression) // the level is valid
	w.Write(raw.Bytes())
	w.Close()
	return base64.RawURLEncoding.EncodeToString(z.Bytes())
}

// DecodeShare unpacks a share link into inputs for Read, refusing anything
// that would inflate past MaxInputSize.
func DecodeShare(s string) ([]Input, error) {
	z, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadShare, err)
	}
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: the link looks cut short: %w", ErrBadShare, err)
	}
	if len(raw) > MaxInputSize {
		return nil, fmt.Errorf("%w: %w", ErrBadShare, ErrTooLarge)
	}
	if len(raw) == 0 || raw[0] != shareVersion {
		return nil, fmt.Errorf("%w: unknown format", ErrBadShare)
	}
	var inputs []Input
	for rest := raw[1:]; len(rest) > 0; {
		kind := rest[0]
		n, size := binary.Uvarint(rest[1:])
		if size <= 0 || n > uint64(len(rest)-1-size) {
			return nil, fmt.Errorf("%w: the link looks cut short", ErrBadShare)
		}
		der := rest[1+size : 1+size+int(n)]
		rest = rest[1+size+int(n):]
		switch kind {
		case shareKindCert:
			inputs = append(inputs, Input{Name: "shared link", Data: der})
		case shareKindKey:
			inputs = append(inputs, Input{Name: "shared link", Data: derToPEM("PUBLIC KEY", der)})
		default:
			return nil, fmt.Errorf("%w: unknown item %q", ErrBadShare, kind)
		}
	}
	return inputs, nil
}

func derToPEM(label string, der []byte) []byte {
	var b bytes.Buffer
	b.WriteString("-----BEGIN " + label + "-----\n")
	enc := base64.StdEncoding.EncodeToString(der)
	for len(enc) > 64 {
		b.WriteString(enc[:64] + "\n")
		enc = enc[64:]
	}
	b.WriteString(enc + "\n-----END " + label + "-----\n")
	return b.Bytes()
}

// PEM writes the bundle's certificates (in order) and public keys as PEM:
// what the paste box shows for a dropped binary file or a shared link.
func (b *Bundle) PEM() string {
	var out bytes.Buffer
	for _, c := range b.Certificates {
		out.Write(derToPEM("CERTIFICATE", c.Cert.Raw))
	}
	for _, k := range b.PublicKeys {
		out.Write(derToPEM("PUBLIC KEY", k.SPKI))
	}
	return out.String()
}
