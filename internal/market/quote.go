package market

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// Quote is the latest quote of an asset. The JSON form is the one the quote
// namespace keeps in L2.
type Quote struct {
	Symbol    string    `json:"symbol"`
	Price     float64   `json:"price"`
	Change    float64   `json:"change"`    // since the previous close
	ChangePct float64   `json:"changePct"` // since the previous close, in percent
	Volume    int64     `json:"volume"`
	MarketCap *float64  `json:"marketCap"` // nil: unknown
	AsOf      time.Time `json:"asOf"`      // when the provider observed it
	Provider  string    `json:"provider"`
	UpdatedAt time.Time `json:"updatedAt"` // when it was stored
}

// CachedQuote is the latest quote of an asset as the quote namespace holds
// it; Quote is nil for an asset with no quote yet. It keeps one encoded
// form per variant of a response (stale or not), made on first use by the
// HTTP layer (see Memo). The tier that answered is not part of the body.
type CachedQuote struct {
	Quote *Quote `json:"quote"`
	// AssetType is the type of the quoted asset, which decides when the
	// quote is stale (empty in entries cached before it was kept).
	AssetType string `json:"assetType,omitempty"`
	reps      [2]representation.Memo
}

// Memo is the slot of the encoded form of q, stale or not.
func (q *CachedQuote) Memo(stale bool) *representation.Memo {
	return &q.reps[boolIndex(stale)]
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// QuoteRead is what a read of one symbol's quote found.
type QuoteRead struct {
	Symbol string
	Cached *CachedQuote // nil: no asset has Symbol
	Tier   cache.Tier   // where the cache found it
	Stale  bool         // observed longer than its type's stale window before its market last traded
}

// Unknown reports whether no asset has the symbol.
func (r *QuoteRead) Unknown() bool { return r.Cached == nil }

// Quote is the quote read, nil when the symbol is unknown or its asset has
// no quote yet.
func (r *QuoteRead) Quote() *Quote {
	if r.Cached == nil {
		return nil
	}
	return r.Cached.Quote
}

// Stale reports whether the quote of q is stale at now: observed longer
// than its asset type's window (Deps.StaleAfter) before its market last
// traded.
func (s *Service) Stale(q *CachedQuote, now time.Time) bool {
	return q.Quote != nil && s.staleness.stale(q.AssetType, q.Quote.AsOf, now)
}

// Quote reads the latest quote of symbol through the quote namespace. A
// symbol of no asset and an asset with no quote yet are NotFound errors. A
// stale answer is told to Deps.OnStale (the answer does not wait on it).
func (s *Service) Quote(ctx context.Context, symbol string) (QuoteRead, error) {
	q, tier, err := s.quote(ctx, symbol)
	switch {
	case errors.Is(err, s.unknownAsset):
		return QuoteRead{}, assetNotFound(symbol)
	case err != nil:
		return QuoteRead{}, err
	case q.Quote == nil:
		return QuoteRead{}, apperr.New(apperr.NotFound, "not_found", "asset %s has no quote yet", symbol)
	}
	r := QuoteRead{Symbol: symbol, Cached: q, Tier: tier, Stale: s.Stale(q, time.Now())}
	if r.Stale && s.onStale != nil {
		s.onStale(symbol)
	}
	return r, nil
}

// Quotes reads the latest quote of each symbol, one lookup per symbol
// through the quote namespace (so each says which tier answered): reads[i]
// is of symbols[i], unknown symbols and assets without a quote included.
func (s *Service) Quotes(ctx context.Context, symbols []string) (reads []QuoteRead, _ error) {
	return s.AppendQuotes(ctx, make([]QuoteRead, 0, len(symbols)), symbols)
}

// AppendQuotes is Quotes appending to dst, so that a caller with a buffer
// of its own allocates nothing.
func (s *Service) AppendQuotes(ctx context.Context, dst []QuoteRead, symbols []string) ([]QuoteRead, error) {
	now := time.Now()
	for _, sym := range symbols {
		q, tier, err := s.quote(ctx, sym)
		switch {
		case errors.Is(err, s.unknownAsset):
			dst = append(dst, QuoteRead{Symbol: sym, Tier: tier})
		case err != nil:
			return dst, err
		default:
			dst = append(dst, QuoteRead{Symbol: sym, Cached: q, Tier: tier, Stale: s.Stale(q, now)})
		}
	}
	return dst, nil
}

// A quoteReader holds what a Get of one symbol's quote passes to the cache:
// its loader (a closure over the symbol) and its tags. Made per call, they
// were most of the allocations of a warm quote list, so the readers of
// known assets are kept and reused.
type quoteReader struct {
	symbol string
	load   func(context.Context) (*CachedQuote, error)
	tags   cache.GetOption
}

// quoteReaders keeps the readers of symbols that name an asset: they are
// as many as the assets, while unknown symbols (unbounded) get a fresh
// reader on every call.
type quoteReaders struct {
	mu sync.RWMutex
	m  map[string]*quoteReader
}

func (rs *quoteReaders) get(symbol string) *quoteReader {
	rs.mu.RLock()
	defer rs.mu.RUnlock()
	return rs.m[symbol]
}

func (rs *quoteReaders) keep(r *quoteReader) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.m == nil {
		rs.m = make(map[string]*quoteReader)
	}
	rs.m[r.symbol] = r
}

// quote reads the latest quote of symbol through the quote namespace. A
// symbol of no asset is s.unknownAsset (cached as a tombstone); an asset
// with no quote is a CachedQuote with a nil Quote.
func (s *Service) quote(ctx context.Context, symbol string) (*CachedQuote, cache.Tier, error) {
	r := s.readers.get(symbol)
	kept := r != nil
	if !kept {
		r = s.quoteReader(symbol)
	}
	q, tier, err := s.quotes.Get(ctx, symbol, r.load, r.tags)
	if err == nil && !kept {
		s.readers.keep(r)
	}
	return q, tier, err
}

// quoteReader makes the reader of symbol. Its entries carry the quote tag
// and the symbol tag of the asset.
func (s *Service) quoteReader(symbol string) *quoteReader {
	return &quoteReader{symbol: symbol, tags: cache.WithTags(QuoteTag(symbol), SymbolTag(symbol)), load: func(ctx context.Context) (*CachedQuote, error) {
		q, typ, err := s.storage.Quote(ctx, symbol)
		if err == nil {
			return &CachedQuote{Quote: &q, AssetType: typ}, nil
		}
		if !apperr.IsNotFound(err) {
			return nil, err
		}
		switch _, _, err := s.asset(ctx, symbol); {
		case apperr.IsNotFound(err):
			return nil, s.unknownAsset
		case err != nil:
			return nil, err
		}
		return &CachedQuote{}, nil
	}}
}
