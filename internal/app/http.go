package app

import (
	"context"
	"database/sql"
	"log/slog"
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
	"github.com/marketpulse/api/internal/httpmw"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/refresh"
	"github.com/marketpulse/api/internal/stream"
	"github.com/marketpulse/api/internal/stream/fanout"
	"github.com/marketpulse/api/internal/telemetry"
	"github.com/marketpulse/api/internal/webpage"
	"github.com/marketpulse/api/web"
)

type handlerParams struct {
	fx.In
	Cfg        config.Config
	Engine     Engine
	Cache      *cache.Cache
	Telemetry  *telemetry.Telemetry
	Log        *slog.Logger
	Build      buildinfo.Info
	Started    Started
	Hot        *hotkeys.Recorder
	Refresher  *refresh.Refresher // nil: REFRESH_ENABLED is false
	Account    *account.Service
	Boards     *boards.Service
	News       *news.Service
	Market     *market.Service
	Stream     *fanout.Relay
	Sent       *streamSent
	Relay      *changeRelay
	RateLimits *ratelimit.Cluster // nil: no Valkey
}

func newHandler(p handlerParams) *httpapi.Handler {
	var providers httpapi.Providers
	if p.Refresher != nil { // no typed nil in the interface
		providers = p.Refresher
	}
	h := httpapi.New(httpapi.Deps{
		Database: database{e: p.Engine, minFree: p.Cfg.DB.MinFreeBytes}, Cache: p.Cache, Telemetry: p.Telemetry, Log: p.Log,
		Build: p.Build, Env: p.Cfg.Env, StartedAt: time.Time(p.Started),
		Account: p.Account, Boards: p.Boards, News: p.News, Market: p.Market, Hot: p.Hot,
		Providers: providers,
		Stream:    p.Stream, StreamOptions: stream.ServeOptions{Heartbeat: p.Cfg.Stream.Heartbeat, Sent: p.Sent.observe},
		RateLimits: p.RateLimits,
	})
	p.Relay.h.Store(h)
	return h
}

// database is the engine as httpapi's system operations see it.
type database struct {
	e       Engine
	minFree int64 // DB_MIN_FREE_BYTES
}

// Storage is the SQLite file's free space and last failed write; a
// PostgreSQL server's disk is its operator's to watch (-1: not known here).
func (d database) Storage() (httpapi.Storage, error) {
	if d.e.Postgres != nil {
		return httpapi.Storage{FreeBytes: -1}, nil
	}
	st, err := d.e.SQLite.Storage()
	if err != nil {
		return httpapi.Storage{}, err
	}
	return httpapi.Storage{FreeBytes: st.FreeBytes, MinFreeBytes: d.minFree, LastWriteError: st.LastWriteError}, nil
}

func (d database) Ping(ctx context.Context) error {
	if d.e.Postgres != nil {
		return d.e.Postgres.Ping(ctx)
	}
	return d.e.SQLite.Ping(ctx)
}

// Pools are SQLite's read pool and writer, or PostgreSQL's one pool, which
// carries both.
func (d database) Pools() (reader, writer httpapi.Pool) {
	if d.e.Postgres != nil {
		s := d.e.Postgres.Pool.Stat()
		p := httpapi.Pool{Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns()),
			WaitCount: s.EmptyAcquireCount(), Wait: s.EmptyAcquireWaitTime()}
		return p, p
	}
	return pool(d.e.SQLite.Reader.Stats()), pool(d.e.SQLite.Writer.Stats())
}

func pool(s sql.DBStats) httpapi.Pool {
	return httpapi.Pool{Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle, WaitCount: s.WaitCount, Wait: s.WaitDuration}
}

// newRouter builds the ogen server inside the middleware stack, behind the
// dashboard page (web/dist), which has its own CSP.
func newRouter(lc fx.Lifecycle, cfg config.Config, h *httpapi.Handler, t *telemetry.Telemetry, log *slog.Logger) (http.Handler, error) {
	r, err := httpapi.NewRouter(cfg.HTTP, h, t, log)
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(r.Close))
	page, err := webpage.New(web.Dist(), r, httpmw.Recover(log), httpmw.RequestID(), httpmw.SecurityHeaders())
	if err != nil {
		return nil, err
	}
	return page, nil
}
