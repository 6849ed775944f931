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
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/stream"
	"github.com/marketpulse/api/internal/stream/fanout"
	"github.com/marketpulse/api/internal/telemetry"
	"github.com/marketpulse/api/internal/webpage"
	"github.com/marketpulse/api/web"
)

type handlerParams struct {
	fx.In
	Cfg        config.Config
	DB         *store.DB
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
		Database: database{d: p.DB, minFree: p.Cfg.DB.MinFreeBytes}, Cache: p.Cache, Telemetry: p.Telemetry, Log: p.Log,
		Build: p.Build, Env: p.Cfg.Env, StartedAt: time.Time(p.Started),
		Account: p.Account, Boards: p.Boards, News: p.News, Market: p.Market, Hot: p.Hot,
		Providers: providers,
		Stream:    p.Stream, StreamOptions: stream.ServeOptions{Heartbeat: p.Cfg.Stream.Heartbeat, Sent: p.Sent.observe},
		RateLimits: p.RateLimits,
	})
	p.Relay.h.Store(h)
	return h
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
