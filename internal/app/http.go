package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/telemetry"
)

type handlerParams struct {
	fx.In
	Cfg       config.Config
	DB        *store.DB
	Cache     *cache.Cache
	Telemetry *telemetry.Telemetry
	Log       *slog.Logger
	Build     buildinfo.Info
	Started   Started
	Hot       *hotkeys.Recorder
	Account   *account.Service
	Boards    *boards.Service
	News      *news.Service
	Market    *market.Service
}

func newHandler(p handlerParams) *httpapi.Handler {
	return httpapi.New(httpapi.Deps{
		Database: database{d: p.DB, minFree: p.Cfg.DB.MinFreeBytes}, Cache: p.Cache, Telemetry: p.Telemetry, Log: p.Log,
		Build: p.Build, Env: p.Cfg.Env, StartedAt: time.Time(p.Started),
		Account: p.Account, Boards: p.Boards, News: p.News, Market: p.Market, Hot: p.Hot,
	})
}

// database is the SQLite database as httpapi's system operations see it.
type database struct {
	d       *store.DB
	minFree int64 // DB_MIN_FREE_BYTES
}

func (d database) Storage() (httpapi.Storage, error) {
	st, err := d.d.Storage()
	if err != nil {
		return httpapi.Storage{}, err
	}
	return httpapi.Storage{FreeBytes: st.FreeBytes, MinFreeBytes: d.minFree, LastWriteError: st.LastWriteError}, nil
}

func (d database) Ping(ctx context.Context) error { return d.d.Ping(ctx) }

func (d database) Pools() (reader, writer httpapi.Pool) {
	return pool(d.d.Reader.Stats()), pool(d.d.Writer.Stats())
}

func pool(s sql.DBStats) httpapi.Pool {
	return httpapi.Pool{Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle, WaitCount: s.WaitCount, Wait: s.WaitDuration}
}

// newRouter builds the ogen server inside the middleware stack.
func newRouter(lc fx.Lifecycle, cfg config.Config, h *httpapi.Handler, t *telemetry.Telemetry, log *slog.Logger) (http.Handler, error) {
	r, err := httpapi.NewRouter(cfg.HTTP, h, t, log)
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(r.Close))
	return r, nil
}

// Server is the HTTP listener's lifecycle.
type Server struct {
	srv *http.Server
	ln  net.Listener
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
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadTimeout,
		WriteTimeout:      cfg.HTTP.WriteTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	s := &Server{srv: srv, ln: ln}
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error {
			go func() {
				if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
					log.Error("http server stopped", "err", err)
					_ = sd.Shutdown(fx.ExitCode(1))
				}
			}()
			log.Info("listening", "addr", s.Addr())
			return nil
		},
		OnStop: func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, cfg.HTTP.ShutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				return fmt.Errorf("drain http server: %w", err)
			}
			return nil
		},
	})
	return s, nil
}
