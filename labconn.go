//go:build !wasm

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
)

// The lab logs one line per connection: who (the client's address), what
// for (SNI), which scenario, and how it ended. How it ended is the lesson:
// a client that refuses the chain sends an alert during the handshake
// ("refused"); a client that accepts the chain and then finds no pin it
// knows finishes the handshake and hangs up without a request ("hung-up");
// a client that is happy asks for something ("served").

// Results of a connection, as the log names them.
const (
	labServed  = "served"  // the handshake completed and the client sent a request
	labHungUp  = "hung-up" // the client closed without a request: a pinned client refusing
	labRefused = "refused" // the client sent an alert during the handshake: it does not trust the chain
	labNotTLS  = "not-tls" // the client did not speak TLS
	labTimeout = "timeout" // no complete handshake in labHandshakeTimeout
	labFailed  = "failed"  // anything else: the lab's own failure
)

// labStats counts connections by result, and the lab's own errors (a
// handshake the server failed, a timeout, a 5xx, a failed accept).
type labStats struct {
	handshakes   atomic.Int64 // completed
	served       atomic.Int64
	hungUp       atomic.Int64
	refused      atomic.Int64
	serverErrors atomic.Int64
}

// labConn is what the log line of one connection says.
type labConn struct {
	client, sni string
	requests    int
}

// handshake completes the TLS handshake on a new connection and hands the
// connection to the HTTP server, or logs why there was none.
func (l *lab) handshake(s *labScenario, c net.Conn) {
	var sni string
	cfg := s.tls.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		sni = hello.ServerName
		return nil, nil
	}
	snoop := &tailConn{Conn: c}
	tc := tls.Server(snoop, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), labHandshakeTimeout)
	err := tc.HandshakeContext(ctx)
	cancel()
	if err != nil {
		if alert, ok := snoop.plaintextAlert(); ok {
			// OpenSSL refuses a TLS 1.3 chain with an alert it sends before
			// it has handshake keys, in the clear: crypto/tls, expecting an
			// encrypted record, calls it a bad record MAC.
			err = fmt.Errorf("remote error: %w (sent in the clear)", alert)
		}
		result := handshakeResult(err)
		switch result {
		case labRefused:
			l.stats.refused.Add(1)
		case labHungUp:
			l.stats.hungUp.Add(1)
		case labTimeout, labFailed:
			l.stats.serverErrors.Add(1)
		}
		l.logConn(s, labConn{client: c.RemoteAddr().String(), sni: sni}, result, err.Error())
		tc.Close()
		return
	}
	l.stats.handshakes.Add(1)
	s.queue.track(tc, &labConn{client: c.RemoteAddr().String(), sni: sni})
	if !s.queue.push(tc) {
		tc.Close()
	}
}

// handshakeResult names how a failed handshake ended.
func handshakeResult(err error) string {
	var op *net.OpError
	var rec tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &op) && op.Op == "remote error", errors.As(err, &alert):
		return labRefused
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return labHungUp
	case errors.As(err, &rec):
		return labNotTLS
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return labTimeout
	}
	return labFailed
}

// connState follows each handed-over connection to its end, and logs it.
func (l *lab) connState(s *labScenario) func(net.Conn, http.ConnState) {
	return func(c net.Conn, state http.ConnState) {
		switch state {
		case http.StateActive:
			s.queue.request(c)
		case http.StateClosed, http.StateHijacked:
			info := s.queue.forget(c)
			if info == nil {
				return
			}
			result, detail := labServed, ""
			if info.requests == 0 {
				result, detail = labHungUp, "the handshake completed, then the client closed without a request, as curl and OkHttp do when no pin (or the host name) matches"
				l.stats.hungUp.Add(1)
			} else {
				l.stats.served.Add(1)
			}
			l.logConn(s, *info, result, detail)
		}
	}
}

func (l *lab) logConn(s *labScenario, c labConn, result, detail string) {
	args := []any{"client", c.client, "sni", c.sni, "scenario", s.ID, "port", s.Port, "result", result}
	if c.requests > 0 {
		args = append(args, "requests", c.requests)
	}
	if detail != "" {
		args = append(args, "detail", detail)
	}
	l.cfg.Log.Info("connection", args...)
}

// connQueue is a net.Listener whose connections are TLS connections with
// the handshake done, handed over by the lab's own accept loop; it keeps
// what each connection's log line needs.
type connQueue struct {
	addr   net.Addr
	conns  chan net.Conn
	done   chan struct{}
	closer sync.Once

	mu   sync.Mutex
	info map[net.Conn]*labConn
}

func newConnQueue(addr net.Addr) *connQueue {
	return &connQueue{addr: addr, conns: make(chan net.Conn), done: make(chan struct{}), info: map[net.Conn]*labConn{}}
}

// push hands a connection to the HTTP server; false once it is closed.
func (q *connQueue) push(c net.Conn) bool {
	select {
	case q.conns <- c:
		return true
	case <-q.done:
		q.forget(c)
		return false
	}
}

func (q *connQueue) Accept() (net.Conn, error) {
	select {
	case c := <-q.conns:
		return c, nil
	case <-q.done:
		return nil, net.ErrClosed
	}
}

func (q *connQueue) Close() error {
	q.closer.Do(func() { close(q.done) })
	return nil
}

func (q *connQueue) Addr() net.Addr { return q.addr }

func (q *connQueue) track(c net.Conn, info *labConn) {
	q.mu.Lock()
	q.info[c] = info
	q.mu.Unlock()
}

func (q *connQueue) request(c net.Conn) {
	q.mu.Lock()
	if info := q.info[c]; info != nil {
		info.requests++
	}
	q.mu.Unlock()
}

func (q *connQueue) forget(c net.Conn) *labConn {
	q.mu.Lock()
	defer q.mu.Unlock()
	info := q.info[c]
	delete(q.info, c)
	return info
}

// tailConn keeps the last bytes read from the client, so that a failed
// handshake can tell a client's alert sent in the clear.
type tailConn struct {
	net.Conn
	tail [7]byte // a TLS record header (5 bytes) and an alert (2)
	n    int
}

func (c *tailConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n >= len(c.tail) {
		copy(c.tail[:], b[n-len(c.tail):n])
		c.n = len(c.tail)
	} else if n > 0 {
		keep := min(c.n, len(c.tail)-n)
		copy(c.tail[:], c.tail[c.n-keep:c.n])
		copy(c.tail[keep:], b[:n])
		c.n = keep + n
	}
	return n, err
}

// plaintextAlert is the alert the client sent last, when its last record
// was an unencrypted alert.
func (c *tailConn) plaintextAlert() (tls.AlertError, bool) {
	t := c.tail
	if c.n != len(t) || t[0] != 21 || t[1] != 3 || t[3] != 0 || t[4] != 2 {
		return 0, false
	}
	return tls.AlertError(t[6]), true
}
