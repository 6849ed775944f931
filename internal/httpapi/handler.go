// Package httpapi implements the ogen-generated oas.Handler: one file per
// OpenAPI tag, converters beside them. It is the only package that sees
// gen/oas types besides the problem writer.
package httpapi

import (
	"log/slog"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/telemetry"
)

var _ oas.Handler = (*Handler)(nil)

// Deps are what the handler needs; every field is required.
type Deps struct {
	DB        *store.DB
	Cache     *cache.Cache
	Telemetry *telemetry.Telemetry
	Log       *slog.Logger
	Build     buildinfo.Info
	Env       string
	StartedAt time.Time
	AssetTTL  time.Duration
	QuoteTTL  time.Duration // also the freshness window of quotes
	BarTTL    time.Duration
	NewsTTL   time.Duration
	Account   *account.Service
	// Hot counts reads per cache key for warming (nil: not counted).
	Hot *hotkeys.Recorder
}

// Handler serves every operation of openapi.yaml.
type Handler struct {
	Deps
	assets *cache.Namespace[*cachedAsset]
	pages  *cache.Namespace[*cachedAssetPage]
	market *market // quotes and price history
	news   *news

	assetCacheControl []string
	boards            *boards // dashboards and widgets
}

// New builds the handler and its cache namespaces.
func New(d Deps) *Handler {
	return &Handler{
		Deps:   d,
		assets: cache.NewNamespace[*cachedAsset](d.Cache, "asset", d.AssetTTL, cache.WithNotFound(apperr.ErrNotFound)),
		pages:  cache.NewNamespace[*cachedAssetPage](d.Cache, "asset-page", d.AssetTTL),
		market: newMarket(d),
		news:   newNews(d),

		assetCacheControl: cacheControl(d.AssetTTL),
		boards:            newBoards(d.Cache),
	}
}
