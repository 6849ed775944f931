package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
)

// The stop budget beyond the drain (HTTP_SHUTDOWN_TIMEOUT): handlerGrace
// for handlers still running at the drain deadline to return once their
// contexts are cancelled, closeBudget for the close hooks after the
// listener's (background loops, account service, cache, database).
const (
	handlerGrace = 5 * time.Second
	closeBudget  = 10 * time.Second
)

// stopBudget is fx's stop timeout for cfg: the drain plus the handlers'
// grace plus the closing, so a slow drain never leaves the cache and the
// database unclosed.
func stopBudget(cfg config.HTTP) time.Duration {
	return cfg.ShutdownTimeout + handlerGrace + closeBudget
}

// Server is the HTTP listener's lifecycle. Every request's context derives
// from a base context that stop cancels at the drain deadline.
type Server struct {
	srv        *http.Server
	ln         net.Listener
	log        *slog.Logger
	drain      time.Duration
	cancelBase context.CancelFunc
	inflight   inflight
}

// Addr is the address actually listened on (useful with port 0).
func (s *Server) Addr() string { return s.ln.Addr().String() }

func (s *Server) announce(w io.Writer) {
	fmt.Fprintf(w, "Market Pulse API listening on http://%s (health: /api/system/health)\n", s.Addr())
}

// newHTTPServer binds the listener at once, so a busy port fails start-up
// with a clear error, and serves from a start hook without blocking it.
func newHTTPServer(lc fx.Lifecycle, sd fx.Shutdowner, cfg config.Config, handler http.Handler, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.HTTP.Addr, err)
	}
	s := newServer(ln, cfg.HTTP, handler, log)
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error {
			go func() {
				if err := s.serve(); err != nil {
					log.Error("http server stopped", "err", err)
					_ = sd.Shutdown(fx.ExitCode(1))
				}
			}()
			log.Info("listening", "addr", s.Addr())
			return nil
		},
		OnStop: s.stop,
	})
	return s, nil
}

// newServer serves handler on ln with cfg's timeouts once serve is called.
func newServer(ln net.Listener, cfg config.HTTP, handler http.Handler, log *slog.Logger) *Server {
	base, cancel := context.WithCancel(context.Background())
	s := &Server{ln: ln, log: log, drain: cfg.ShutdownTimeout, cancelBase: cancel}
	s.srv = &http.Server{
		Handler:           s.inflight.wrap(handler),
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
}

// serve accepts connections until stop; it returns nil after stop.
func (s *Server) serve() error {
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// stop stops accepting and waits up to the drain timeout for the requests
// in flight to finish. At the drain deadline it closes their connections,
// cancels their contexts and gives their handlers handlerGrace to return.
// A drain cut short is logged, not returned: the stop goes on to close the
// cache and the database, and a signal-initiated stop still succeeds.
func (s *Server) stop(ctx context.Context) error {
	defer s.cancelBase()
	drainCtx, cancel := context.WithTimeout(ctx, s.drain)
	defer cancel()
	err := s.srv.Shutdown(drainCtx)
	if err == nil {
		return nil
	}
	_ = s.srv.Close() // the listener is closed already; this closes the connections
	s.cancelBase()
	graceCtx, cancelGrace := context.WithTimeout(ctx, handlerGrace)
	defer cancelGrace()
	left := s.inflight.wait(graceCtx)
	s.log.Warn("http drain deadline: in-flight requests cancelled", "drain", s.drain, "err", err, "handlers_still_running", left)
	return nil
}
