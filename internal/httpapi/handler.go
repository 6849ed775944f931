// Package httpapi implements the ogen-generated oas.Handler: one file per
// OpenAPI tag, converters beside them. It is the only package that sees
// gen/oas types besides the problem writer.
package httpapi

import (
	"log/slog"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/stream"
	"github.com/marketpulse/api/internal/telemetry"
)

var _ oas.Handler = (*Handler)(nil)

// Deps are what the handler needs; every field is required.
type Deps struct {
	Database  Database
	Cache     *cache.Cache
	Telemetry *telemetry.Telemetry
	Log       *slog.Logger
	Build     buildinfo.Info
	Env       string
	StartedAt time.Time
	News      *news.Service
	Account   *account.Service
	Boards    *boards.Service   // dashboards and widgets
	Market    *market.Service   // assets, quotes and price history
	Hot       *hotkeys.Recorder // the most-read keys, for warming
	Providers Providers         // the refresher; nil: off
	// Stream, when set, serves the streams (see stream.go).
	Stream        StreamRelay
	StreamOptions stream.ServeOptions
	// RateLimits, when set, shares the router's per-IP and per-user rate
	// limits with the other instances (nil: this instance's own).
	RateLimits *ratelimit.Cluster
}

// Handler serves every operation of openapi.yaml.
type Handler struct {
	Deps
	market marketHeaders

	newsCacheControl []string

	admins map[oas.CacheNamespace]cache.Admin // of the namespaces the API names

	warm warmTargets // the decoded targets of the warm path
}

// New builds the handler and its cache namespaces.
func New(d Deps) *Handler {
	return &Handler{
		Deps:   d,
		market: newMarketHeaders(d.Market),

		newsCacheControl: cacheControl(d.News.TTL()),

		admins: cacheAdmins(d),

		warm: newWarmTargets(),
	}
}
