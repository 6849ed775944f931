package httpapi

import (
	"context"
	"sync"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/store"
)

// A quoteReader holds what a Get of one symbol's quote passes to the cache:
// its loader (a closure over the symbol) and its tags. Made per call, they
// were most of the allocations of a warm listQuotes, so the readers of
// known assets are kept and reused.
type quoteReader struct {
	symbol string
	load   func(context.Context) (*cachedQuote, error)
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
// symbol of no asset is h.market.unknownAsset (cached as a tombstone); an
// asset with no quote is a cachedQuote with a nil Quote.
func (h *Handler) quote(ctx context.Context, symbol string) (*cachedQuote, cache.Tier, error) {
	r := h.market.readers.get(symbol)
	kept := r != nil
	if !kept {
		r = h.quoteReader(symbol)
	}
	q, tier, err := h.market.quotes.Get(ctx, symbol, r.load, r.tags)
	if err == nil && !kept {
		h.market.readers.keep(r)
	}
	return q, tier, err
}

// quoteReader makes the reader of symbol.
func (h *Handler) quoteReader(symbol string) *quoteReader {
	return &quoteReader{symbol: symbol, tags: cache.WithTags(symbolTag(symbol)), load: func(ctx context.Context) (*cachedQuote, error) {
		row, err := h.DB.Read.GetQuoteBySymbol(ctx, symbol)
		if err == nil {
			return &cachedQuote{Quote: &oas.Quote{
				Symbol: oas.Symbol(row.Symbol), Price: row.Price, Change: row.Change, ChangePct: row.ChangePct,
				Volume: row.Volume, MarketCap: oas.NilFloat64{Value: row.MarketCap.Float64, Null: !row.MarketCap.Valid},
				AsOf: row.AsOf.UTC(), Provider: oas.Provider(row.Provider), CacheTier: oas.CacheTierOrigin,
				UpdatedAt: row.UpdatedAt.UTC(),
			}}, nil
		}
		if err = store.Translate(err, "quote of "+symbol); !apperr.IsNotFound(err) {
			return nil, err
		}
		switch _, err := h.asset(ctx, symbol); {
		case apperr.IsNotFound(err):
			return nil, h.market.unknownAsset
		case err != nil:
			return nil, err
		}
		return &cachedQuote{}, nil
	}}
}
