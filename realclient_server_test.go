//go:build !wasm

package main

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"testing"
	"time"

	"pinlab/pinlib/sim"
)

// rcServers starts one TLS server on loopback per scenario a real client
// can replay, each presenting exactly the scenario's chain, in the order
// the simulator has it, proved with the scenario's own key. It returns the
// port of each.
func rcServers(t *testing.T, w *sim.World) map[string]int {
	t.Helper()
	ports := map[string]int{}
	for _, id := range sim.Scenarios {
		sc, err := w.Scene(id)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Hooked {
			continue
		}
		if sc.Key == nil {
			t.Fatalf("real clients: the simulator holds no key for the leaf of %s", id)
		}
		cert := tls.Certificate{PrivateKey: sc.Key, Leaf: sc.Presented[0]}
		for _, c := range sc.Presented {
			cert.Certificate = append(cert.Certificate, c.Raw)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("real clients: listen: %v", err)
		}
		srv := &http.Server{
			Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Connection", "close")
				io.WriteString(w, id+"\n")
			}),
			TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}},
			ReadHeaderTimeout: 10 * time.Second,
			// Refusals are the point: their handshake errors are expected.
			ErrorLog: log.New(io.Discard, "", 0),
		}
		go srv.ServeTLS(ln, "", "")
		t.Cleanup(func() { srv.Close() })
		ports[id] = ln.Addr().(*net.TCPAddr).Port
	}
	return ports
}
