// Package httpapi implements the ogen-generated oas.Handler: one file per
// OpenAPI tag, converters beside them. It is the only package that sees
// gen/oas types besides the problem writer.
package httpapi

import (
	"crypto/sha256"
	"log/slog"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
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
}

// Handler serves every operation of openapi.yaml.
type Handler struct {
	// TODO(accounts issue): remove once every operation is implemented; an
	// unimplemented operation answers 501.
	oas.UnimplementedHandler
	Deps
	assets *cache.Namespace[*oas.Asset]
	pages  *cache.Namespace[*oas.AssetPage]
}

// New builds the handler and its cache namespaces.
func New(d Deps) *Handler {
	return &Handler{
		Deps:   d,
		assets: cache.NewNamespace[*oas.Asset](d.Cache, "asset", d.AssetTTL, cache.WithNotFound(apperr.ErrNotFound)),
		pages:  cache.NewNamespace[*oas.AssetPage](d.Cache, "asset-page", d.AssetTTL),
	}
}

// Security resolves bearer tokens for the operations that need one.
type Security struct {
	adminTokenHash [sha256.Size]byte
	enabled        bool
}

var _ oas.SecurityHandler = (*Security)(nil)
