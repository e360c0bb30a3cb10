package pinlib

import (
	"errors"
	"fmt"
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
