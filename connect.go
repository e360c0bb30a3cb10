//go:build !wasm

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"pinlab/pinlib"
)

// --connect (pins and check) reads the chain a live server sends: a TLS
// handshake and nothing more, no HTTP. Verification is off while reading,
// on purpose: the chain is what is judged, by pins' roles and warnings or
// by check's trust and pin verdict, and a chain a client would refuse is
// exactly one worth reading.

// connectTimeout bounds the connection and the handshake together.
const connectTimeout = 10 * time.Second

// parseConnect checks a --connect value: HOST:PORT, with a port.
func parseConnect(v string) (host string, err error) {
	h, p, err := net.SplitHostPort(v)
	if err != nil || h == "" || p == "" {
		return "", fmt.Errorf("--connect %q: give HOST:PORT, such as example.org:443 or 127.0.0.1:8443", v)
	}
	if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("--connect %q: the port must be a number from 1 to 65535", v)
	}
	return h, nil
}

// fetchChain connects to addr (HOST:PORT), sends serverName as SNI (none
// for an IP address), completes the handshake and returns the certificates
// the server sent, in its order, as an input named after addr. Its errors
// are one sentence: the server could not be reached, or the handshake
// failed. Like readInput's, they carry no prefix: the command that reports
// them names itself ("pinlab pins: cannot reach ...").
func fetchChain(addr, serverName string) (pinlib.Input, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if net.ParseIP(serverName) != nil {
		serverName = "" // SNI names hosts only (RFC 6066, 3)
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return pinlib.Input{}, fmt.Errorf("cannot reach %s: %s", addr, dialReason(err))
	}
	defer raw.Close()
	conn := tls.Client(raw, &tls.Config{
		ServerName:         serverName,
		InsecureSkipVerify: true, // reading, not trusting: the verdict judges the chain
		MinVersion:         tls.VersionTLS10,
	})
	if err := conn.HandshakeContext(ctx); err != nil {
		return pinlib.Input{}, fmt.Errorf("%s: the TLS handshake failed: %s", addr, handshakeReason(err))
	}
	certs := conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return pinlib.Input{}, fmt.Errorf("%s sent no certificate", addr)
	}
	return pinlib.Input{Name: addr, Data: pemCerts(certs...)}, nil
}

// dialReason is why a connection failed, in words.
func dialReason(err error) string {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on that port)"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, syscall.ETIMEDOUT):
		return fmt.Sprintf("no answer within %s", connectTimeout)
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return fmt.Sprintf("no such host %q", dns.Name)
		}
		return "cannot resolve " + strconv.Quote(dns.Name) + ": " + dns.Err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// handshakeReason is why a handshake failed, without the wrapping.
func handshakeReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", connectTimeout)
	}
	msg := err.Error()
	if errors.Is(err, syscall.ECONNRESET) || strings.HasSuffix(msg, "EOF") {
		return "the server closed the connection (is it TLS on that port?)"
	}
	return strings.TrimPrefix(msg, "tls: ")
}
