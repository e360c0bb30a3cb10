package pinlib

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestMessage: a person reads an error's sentence without the package
// prefix, once, whatever wraps it; other errors are left as they are.
func TestMessage(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"sentinel", ErrTruncatedPEM, "truncated PEM"},
		{"wrapped", fmt.Errorf("%w: line 3", ErrBadBase64), "bad base64: line 3"},
		{"input error", &InputError{Name: "paste", Line: 2, Block: "CERTIFICATE", Err: ErrTruncatedPEM}, "paste line 2: CERTIFICATE block: truncated PEM"},
		{"platform", errors.New("platform: no pin chosen"), "no pin chosen"},
		{"sim", fmt.Errorf("sim: unknown client %q", "x"), `unknown client "x"`},
		{"one prefix only", errors.New("sim: pinlib: nested"), "pinlib: nested"},
		{"another package's", errors.New("x509: certificate signed by unknown authority"), "x509: certificate signed by unknown authority"},
		{"no prefix", errors.New("open chain.pem: no such file or directory"), "open chain.pem: no such file or directory"},
		{"prefix mid-sentence", errors.New("read: pinlib: x"), "read: pinlib: x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Message(c.err); got != c.want {
				t.Errorf("Message(%v) = %q, want %q", c.err, got, c.want)
			}
		})
	}
}

// TestPinError: ParsePin's errors are ErrInvalidPin, and say why alone in
// Reason, for sentences that already say the pin is not one.
func TestPinError(t *testing.T) {
	cases := []struct{ in, reason string }{
		{"", "empty"},
		{"sha1/AAAA", `"sha1/AAAA" is a SHA-1 pin`},
		{"not base64!", `"not base64!" is not base64: illegal base64 data`},
		{"AAAA", `"AAAA" decodes to 3 bytes`},
	}
	for _, c := range cases {
		_, err := ParsePin(c.in)
		var pe *PinError
		if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidPin) || !strings.HasPrefix(pe.Reason, c.reason) || err.Error() != "pinlib: invalid pin: "+pe.Reason {
			t.Errorf("ParsePin(%q) = %v, want an invalid pin because %s…", c.in, err, c.reason)
		}
	}
	var ce base64.CorruptInputError
	if _, err := ParsePin("not base64!"); !errors.As(err, &ce) {
		t.Errorf("the base64 error is not kept: %v", err)
	}
}
