package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// market holds the cache namespaces of quotes and price history.
type market struct {
	quotes  *cache.Namespace[*cachedQuote]
	history *cache.Namespace[*cachedHistory]
	readers quoteReaders
	// unknownAsset is the not-found kind of the quote namespace: a symbol
	// of no asset. Its tombstones read the same on every instance.
	unknownAsset error
	quoteTTL     time.Duration // cache lifetime and freshness window
	quoteCC      []string
	historyCC    []string
}

func newMarket(d Deps) *market {
	unknown := apperr.New(apperr.NotFound, "not_found", "no asset has this symbol")
	return &market{
		quotes:       cache.NewNamespace[*cachedQuote](d.Cache, "quote", d.QuoteTTL, cache.WithNotFound(unknown)),
		history:      cache.NewNamespace[*cachedHistory](d.Cache, "history", d.BarTTL),
		unknownAsset: unknown,
		quoteTTL:     d.QuoteTTL,
		quoteCC:      cacheControl(d.QuoteTTL),
		historyCC:    cacheControl(d.BarTTL),
	}
}

// cachedQuote is the latest quote of an asset as the quote namespace holds
// it, with the representations made from it. Quote is nil for an asset
// with no quote yet. Its CacheTier and Stale are placeholders: they belong
// to a response, and rep sets them per variant.
type cachedQuote struct {
	Quote *oas.Quote `json:"quote"`
	// reps is one memo per variant of the body: cache tier × stale.
	reps [3][2]representation.Memo
}

// rep returns the representation of q as read from tier, stale or not.
func (q *cachedQuote) rep(tier cache.Tier, stale bool) *representation.Rep {
	m := &q.reps[tierIndex(tier)][boolIndex(stale)]
	if r := m.Load(); r != nil {
		return r
	}
	v := *q.Quote
	v.CacheTier, v.Stale = oas.CacheTier(tier), stale
	return m.Get(&v)
}

// stale reports whether the quote was observed longer than the freshness
// window before now.
func (m *market) stale(q *oas.Quote, now time.Time) bool {
	return now.Sub(q.AsOf) > m.quoteTTL
}

func tierIndex(t cache.Tier) int {
	switch t {
	case cache.TierL1:
		return 0
	case cache.TierL2:
		return 1
	default:
		return 2
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// GetQuote implements getQuote. Warm reads come from the cache with no SQL
// and no encoding; the body says which tier answered.
func (h *Handler) GetQuote(ctx context.Context, params oas.GetQuoteParams, w http.ResponseWriter) error {
	symbol := string(params.Symbol)
	q, tier, err := h.quote(ctx, symbol)
	switch {
	case errors.Is(err, h.market.unknownAsset):
		return assetNotFound(symbol)
	case err != nil:
		return err
	case q.Quote == nil:
		return apperr.New(apperr.NotFound, "not_found", "asset %s has no quote yet", symbol)
	}
	rep := q.rep(tier, h.market.stale(q.Quote, time.Now()))
	return writeRepresentation(w, rep, params.IfNoneMatch, h.market.quoteCC)
}

// assetNotFound is the 404 of a symbol of no asset.
func assetNotFound(symbol string) error {
	return apperr.New(apperr.NotFound, "not_found", "asset %s not found", symbol)
}

// marketNamespaceAdmin is namespaceAdmin for the quote, history and news
// namespaces.
func (h *Handler) marketNamespaceAdmin(ns oas.CacheNamespace) namespaceAdmin {
	switch ns {
	case oas.CacheNamespaceNews, oas.CacheNamespaceNewsPage:
		return h.newsNamespaceAdmin(ns)
	case oas.CacheNamespaceQuote:
		m := h.market.quotes
		return namespaceAdmin{m.Invalidate, m.InvalidateAll, func(ctx context.Context, key string) error {
			if !validSymbol(key) {
				return apperr.New(apperr.Invalid, "invalid_key", "%q is not a symbol", key)
			}
			_, _, err := h.quote(ctx, key)
			if errors.Is(err, h.market.unknownAsset) {
				return assetNotFound(key)
			}
			return err
		}}
	case oas.CacheNamespaceHistory: // keys hold a range: rebuilt on the next read
		return namespaceAdmin{h.market.history.Invalidate, h.market.history.InvalidateAll, nil}
	}
	noop := func(context.Context, ...string) {}
	return namespaceAdmin{noop, func(context.Context) {}, nil}
}
