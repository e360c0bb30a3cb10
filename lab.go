//go:build !wasm

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"pinlab/pinlib/sim"
)

// pinlab lab serves the simulator's scenarios for real: one TLS server per
// scenario a server can replay, each presenting exactly the certificates
// the simulator verifies (a world made by sim.NewWorldWith for the lab's
// names), so what curl, a browser or an attendee's app does against port N
// can be held against what the simulator says.

// labConfig is what the lab is asked for.
type labConfig struct {
	Addr  string   // the IP address to listen on
	Port  int      // the first port; 0 gives each scenario a free port (tests)
	Hosts []string // --host: DNS names and IP addresses the certificates name
	Dir   string   // where keys and roots are kept; "" keeps nothing
	Log   *slog.Logger
	Now   time.Time
}

// lab is a running lab.
type lab struct {
	cfg       labConfig
	world     *sim.World
	names     []string // every name the leaves carry, the pinned host first
	urlHost   string   // the host of the lab's URLs: the address, or this machine's for 0.0.0.0
	scenarios []*labScenario
	facts     *labFacts // pins, roots, commands and outcomes, computed once
	stats     labStats
	started   time.Duration // from the call to the last port listening

	closeOnce sync.Once
	wg        sync.WaitGroup
}

// labScenario is one scenario's server.
type labScenario struct {
	ID    string
	Port  int
	scene sim.Scene
	tls   *tls.Config
	ln    net.Listener
	srv   *http.Server
	queue *connQueue
}

// Timeouts of the lab's servers. A phone on a busy room network is slow to
// finish a handshake; nothing here is large to download.
const (
	labHandshakeTimeout = 15 * time.Second
	labReadTimeout      = 15 * time.Second
	labWriteTimeout     = 30 * time.Second
	labIdleTimeout      = 30 * time.Second
)

// startLab makes (or loads) the world, writes the roots into the lab's
// directory and starts one server per scenario. Close stops them. Its
// errors, like readInput's, carry no prefix: `pinlab lab` names itself
// when it reports them.
func startLab(cfg labConfig) (*lab, error) {
	start := time.Now()
	if cfg.Now.IsZero() {
		cfg.Now = start
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	names, urlHost, err := labNames(cfg.Addr, cfg.Hosts)
	if err != nil {
		return nil, err
	}
	kept, err := loadLabKeys(cfg.Dir)
	if err != nil {
		return nil, err
	}
	w, err := sim.NewWorldWith(cfg.Now, sim.Setup{Names: names, Kept: kept})
	if err != nil {
		return nil, err
	}
	l := &lab{cfg: cfg, world: w, names: names, urlHost: urlHost}
	if err := saveLab(cfg.Dir, w); err != nil {
		return nil, err
	}
	for i, id := range sim.LabScenarios {
		port := 0
		if cfg.Port != 0 {
			port = cfg.Port + i
		}
		s, err := l.listen(id, port)
		if err != nil {
			l.Close()
			return nil, err
		}
		l.scenarios = append(l.scenarios, s)
	}
	if l.facts, err = newLabFacts(l); err != nil {
		l.Close()
		return nil, err
	}
	for _, s := range l.scenarios {
		l.serve(s)
	}
	l.started = time.Since(start)
	return l, nil
}

// listen opens the scenario's port with its certificate ready.
func (l *lab) listen(id string, port int) (*labScenario, error) {
	sc, err := l.world.Scene(id)
	if err != nil {
		return nil, err
	}
	if sc.Key == nil {
		return nil, fmt.Errorf("the simulator holds no key for the leaf of %s", id)
	}
	cert := tls.Certificate{PrivateKey: sc.Key, Leaf: sc.Presented[0]}
	for _, c := range sc.Presented {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	addr := net.JoinHostPort(l.cfg.Addr, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s for %s: %w", addr, id, err)
	}
	return &labScenario{
		ID:    id,
		Port:  ln.Addr().(*net.TCPAddr).Port,
		scene: sc,
		ln:    ln,
		// HTTP/1.1 only: one request at a time per connection keeps the
		// handshake log's "hung up without a request" exact.
		tls: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}},
	}, nil
}

// serve accepts connections, completes each handshake itself (to log it),
// then hands the connection to the scenario's HTTP server.
func (l *lab) serve(s *labScenario) {
	s.queue = newConnQueue(s.ln.Addr())
	s.srv = &http.Server{
		Handler:           l.handler(s),
		ReadHeaderTimeout: labReadTimeout,
		ReadTimeout:       labReadTimeout,
		WriteTimeout:      labWriteTimeout,
		IdleTimeout:       labIdleTimeout,
		ConnState:         l.connState(s),
		ErrorLog:          slog.NewLogLogger(l.cfg.Log.Handler(), slog.LevelWarn),
	}
	l.wg.Go(func() { s.srv.Serve(s.queue) })
	l.wg.Go(func() {
		for {
			c, err := s.ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				// Out of file descriptors, say: wait, as net/http does.
				l.stats.serverErrors.Add(1)
				l.cfg.Log.Warn("accept", "scenario", s.ID, "port", s.Port, "error", err)
				time.Sleep(50 * time.Millisecond)
				continue
			}
			go l.handshake(s, c)
		}
	})
}

// scenario finds a scenario's server.
func (l *lab) scenario(id string) *labScenario {
	i := slices.IndexFunc(l.scenarios, func(s *labScenario) bool { return s.ID == id })
	if i < 0 {
		return nil
	}
	return l.scenarios[i]
}

// Close stops every server: connections in flight get a few seconds.
func (l *lab) Close() {
	l.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range l.scenarios {
			s.ln.Close()
			if s.srv != nil {
				s.srv.Shutdown(ctx)
			}
		}
		l.wg.Wait()
	})
}
