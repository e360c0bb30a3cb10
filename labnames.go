//go:build !wasm

package main

import (
	"errors"
	"fmt"
	"net"
	"slices"

	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// labNames are the names the lab's leaves carry: the --host names (DNS
// names first, the first of them the host every pin and config is for, or
// the simulator's own host when none is a DNS name), then the --host
// addresses, then the listen address, so that phones on the room's network
// can connect by IP. Listening on every interface (0.0.0.0, ::) names
// every address of this machine. urlHost is the host the lab's URLs use.
func labNames(addr string, hosts []string) (names []string, urlHost string, err error) {
	listen := net.ParseIP(addr)
	if listen == nil {
		return nil, "", fmt.Errorf("--addr %q is not an IP address: give the address to listen on, such as 127.0.0.1 or 0.0.0.0", addr)
	}
	var dns, ips []string
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			ips = append(ips, ip.String())
			continue
		}
		// Pinning configs name the host: it must be a name they accept.
		name, err := platform.ValidateHost(h, false)
		if err != nil {
			var he *platform.HostError
			if errors.As(err, &he) {
				return nil, "", fmt.Errorf("--host %q: %s", h, he.Reason)
			}
			return nil, "", fmt.Errorf("--host %q: %w", h, err)
		}
		dns = append(dns, name)
	}
	if len(dns) == 0 {
		dns = []string{sim.Host}
	}
	urlHost = listen.String()
	if listen.IsUnspecified() {
		own, err := machineAddrs(listen.To4() != nil)
		if err != nil {
			return nil, "", fmt.Errorf("the addresses of this machine: %w", err)
		}
		ips = append(ips, own...)
		urlHost = own[0]
		for _, a := range own {
			if !net.ParseIP(a).IsLoopback() {
				urlHost = a
				break
			}
		}
	} else {
		ips = append(ips, listen.String())
	}
	for _, n := range append(dns, ips...) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names, urlHost, nil
}

// machineAddrs lists the addresses a phone or a laptop could reach this
// machine at: loopback and every global or private unicast address (IPv4
// only for 0.0.0.0). Link-local IPv6 addresses need a zone that a URL and a
// certificate cannot carry.
func machineAddrs(v4only bool) ([]string, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	out := []string{"127.0.0.1"}
	if !v4only {
		out = append(out, "::1")
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || !n.IP.IsGlobalUnicast() {
			continue
		}
		if v4only && n.IP.To4() == nil {
			continue
		}
		if s := n.IP.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}
