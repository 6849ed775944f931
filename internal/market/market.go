// Package market owns the market data: assets (the listed instruments),
// their latest quotes and their price history. It holds the rules of
// reading and ingesting them (keyset lists, the freshness window of quotes,
// newest-quote-wins with the clock-skew limit, bar checks, history ranges),
// their transactions, and their cache policy: the namespaces "asset",
// "asset-page", "quote" and "history" and the tags of a symbol's entries.
//
// It knows plain Go types only: the HTTP layer converts its requests into
// the inputs below and the results into wire types, and keeps the encoded
// form of cached values in the representation.Memo they carry.
package market

import (
	"context"
	"errors"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/hotkeys"
)

// Namespace names a cache namespace of the market. The names are those of
// the cache administration API and of the L2 keys: they never change.
type Namespace string

// The namespaces of the market.
const (
	NamespaceAsset     Namespace = "asset"      // an asset by symbol
	NamespaceAssetPage Namespace = "asset-page" // a page of an asset list (internal keys)
	NamespaceQuote     Namespace = "quote"      // the latest quote by symbol
	NamespaceHistory   Namespace = "history"    // a range of bars (internal keys)
)

// SymbolTag marks every cache entry that shows something of the asset
// symbol: its quote, its history and the news pages filtered by it (the
// news domain tags those). A change of the asset drops them all.
func SymbolTag(symbol string) string { return "symbol:" + symbol }

// QuoteTag marks the quote entries of symbol.
func QuoteTag(symbol string) string { return "quote:" + symbol }

// HistoryTag marks the history entries of symbol, which an ingestion of its
// bars drops (SymbolTag would also drop its quote and news).
func HistoryTag(symbol string) string { return "history:" + symbol }

// Deps are what the service needs. Storage and Cache are required.
type Deps struct {
	Storage Storage // the database: SQLite(...) or Postgres(...)
	Cache   *cache.Cache
	// AssetTTL, QuoteTTL and BarTTL are the lifetimes of the cached assets
	// (and asset pages), quotes and histories.
	AssetTTL, QuoteTTL, BarTTL time.Duration
	// StaleAfter is, by asset type, how long after its market last traded
	// a quote's asOf may lie before the quote is stale; a type without an
	// entry uses QuoteTTL.
	StaleAfter map[string]time.Duration
	// Hot counts the reads of assets by key for warming (nil: not counted).
	Hot *hotkeys.Recorder
	// Changed, when set, learns what changed after each commit (see
	// Change). It is called on the writer's goroutine after the cache is
	// invalidated, so it must not block: hand the change over to a buffered
	// channel, dropping or coalescing when it is full. Nil: nobody listens.
	Changed func(Change)
	// OnStale, when set, learns the symbol of each single-quote read that
	// answered stale, so a refresher can fetch it once. It is called on the
	// reader's goroutine and must not block. Nil: nobody listens.
	OnStale func(symbol string)
}

// ChangeKind says what a Change is about.
type ChangeKind uint8

// The kinds of change.
const (
	// AssetChanged: an asset was created, changed or deactivated.
	AssetChanged ChangeKind = iota + 1
	// QuotesChanged: the latest quotes of Symbols may have changed (an
	// ingestion stored at least one of them; the others were not newer).
	QuotesChanged
	// BarsChanged: bars of Interval of the one asset in Symbols were
	// stored.
	BarsChanged
)

// Change is what Deps.Changed learns after a commit. Symbols is the
// listener's own slice.
type Change struct {
	Kind     ChangeKind
	Symbols  []string
	Interval Interval // BarsChanged only
}

// Service reads and ingests the market data. Its methods are safe for
// concurrent use.
type Service struct {
	storage Storage
	cache   *cache.Cache
	hot     *hotkeys.Recorder
	changed func(Change)
	onStale func(string)
	ttls    map[Namespace]time.Duration

	assets  *cache.Namespace[*CachedAsset]
	pages   *cache.Namespace[*CachedAssetPage]
	quotes  *cache.Namespace[*CachedQuote]
	history *cache.Namespace[*CachedHistory]
	readers quoteReaders
	// unknownAsset is the not-found kind of the quote namespace: a symbol
	// of no asset. Its tombstones read the same on every instance.
	unknownAsset error
	staleness    staleness
	// loadAsset is loadAssetRow as a function value made once, so that a
	// cached asset read allocates no loader.
	loadAsset func(context.Context, string) (*CachedAsset, error)
}

// New registers the market's cache namespaces on d.Cache and returns the
// service.
func New(d Deps) *Service {
	unknown := apperr.New(apperr.NotFound, "not_found", "no asset has this symbol")
	s := &Service{
		storage: d.Storage, cache: d.Cache, hot: d.Hot, changed: d.Changed, onStale: d.OnStale,
		ttls: map[Namespace]time.Duration{
			NamespaceAsset: d.AssetTTL, NamespaceAssetPage: d.AssetTTL,
			NamespaceQuote: d.QuoteTTL, NamespaceHistory: d.BarTTL,
		},
		assets:       cache.NewNamespace[*CachedAsset](d.Cache, string(NamespaceAsset), d.AssetTTL, cache.WithNotFound(apperr.ErrNotFound)),
		pages:        cache.NewNamespace[*CachedAssetPage](d.Cache, string(NamespaceAssetPage), d.AssetTTL),
		quotes:       cache.NewNamespace[*CachedQuote](d.Cache, string(NamespaceQuote), d.QuoteTTL, cache.WithNotFound(unknown)),
		history:      cache.NewNamespace[*CachedHistory](d.Cache, string(NamespaceHistory), d.BarTTL),
		unknownAsset: unknown,
		staleness:    staleness{windows: d.StaleAfter, def: d.QuoteTTL},
	}
	s.loadAsset = s.loadAssetRow
	return s
}

// TTL is how long the entries of ns live, which is also how long a client
// may reuse what it read from them.
func (s *Service) TTL(ns Namespace) time.Duration { return s.ttls[ns] }

// CacheAdmins is the administration of the market's namespaces. Assets and
// quotes load a bare symbol; pages and histories have internal keys and
// are rebuilt on the next read.
func (s *Service) CacheAdmins() []cache.Admin {
	return []cache.Admin{
		s.assets.Admin(func(ctx context.Context, key string) error {
			if err := checkKey(key); err != nil {
				return err
			}
			_, _, err := s.asset(ctx, key)
			return err
		}),
		s.pages.Admin(nil),
		s.quotes.Admin(func(ctx context.Context, key string) error {
			if err := checkKey(key); err != nil {
				return err
			}
			_, _, err := s.quote(ctx, key)
			if errors.Is(err, s.unknownAsset) {
				return assetNotFound(key)
			}
			return err
		}),
		s.history.Admin(nil),
	}
}

// checkKey refuses an administration key that is no symbol.
func checkKey(key string) error {
	if !ValidSymbol(key) {
		return apperr.New(apperr.Invalid, "invalid_key", "%q is not a symbol", key)
	}
	return nil
}

// assetNotFound is the error of a symbol of no asset.
func assetNotFound(symbol string) error {
	return apperr.New(apperr.NotFound, "not_found", "asset %s not found", symbol)
}

// notify tells the listener, if any, about a committed change.
func (s *Service) notify(c Change) {
	if s.changed != nil {
		s.changed(c)
	}
}

// ValidSymbol reports whether s matches the Symbol pattern of the API,
// ^[A-Z0-9^][A-Z0-9.=^-]{0,19}$.
func ValidSymbol(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '^':
		case i > 0 && (c == '.' || c == '=' || c == '-'):
		default:
			return false
		}
	}
	return true
}
