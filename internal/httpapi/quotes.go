package httpapi

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/representation"
)

// maxListedQuotes is the most symbols a listQuotes request names
// (openapi.yaml), the size of its buffers on the stack.
const maxListedQuotes = 50

// GetQuote implements getQuote. Warm reads come from the cache with no SQL
// and no encoding; Cache-Status says which tier answered.
func (h *Handler) GetQuote(ctx context.Context, params oas.GetQuoteParams, w http.ResponseWriter) error {
	if err := h.getQuote(ctx, params, w); err != nil {
		return err
	}
	if learning(ctx) {
		h.warm.learn(ctx, &warmTarget{op: warmGetQuote, symbol: params.Symbol})
	}
	return nil
}

func (h *Handler) getQuote(ctx context.Context, params oas.GetQuoteParams, w http.ResponseWriter) error {
	r, err := h.Market.Quote(ctx, string(params.Symbol))
	if err != nil {
		return err
	}
	return writeRepresentation(w, quoteRep(&r), params.IfNoneMatch, h.market.quoteCC, cacheStatus(r.Tier))
}

// ListQuotes implements listQuotes. The body is assembled from the memoised
// representations of the quotes; its ETag is the hash of the whole body.
// Warm reads run no SQL and encode only the lists of unknown and unquoted
// symbols; on the warm path, the body of the symbol set is kept and reused
// while its quotes do not change. Cache-Status sums up the tiers of the
// symbols' reads.
func (h *Handler) ListQuotes(ctx context.Context, params oas.ListQuotesParams, w http.ResponseWriter) error {
	if !learning(ctx) {
		return h.listQuotes(ctx, params.Symbols, params.IfNoneMatch, w, nil)
	}
	t := &warmTarget{op: warmListQuotes, symbols: params.Symbols}
	if err := h.listQuotes(ctx, params.Symbols, params.IfNoneMatch, w, &t.quotes); err != nil {
		return err
	}
	h.warm.learn(ctx, t)
	return nil
}

// listQuotes answers the quotes of syms. With set, the body is the one kept
// there when the quotes are those it was made of, and is kept there
// otherwise.
func (h *Handler) listQuotes(ctx context.Context, syms []oas.Symbol, inm oas.OptString, w http.ResponseWriter, set *atomic.Pointer[quoteSet]) error {
	var (
		symBuf  [maxListedQuotes]string // the buffers stay on the stack
		readBuf [maxListedQuotes]market.QuoteRead
	)
	symbols := symBuf[:0]
	for _, s := range syms {
		symbols = append(symbols, string(s))
	}
	reads, err := h.Market.AppendQuotes(ctx, readBuf[:0], symbols)
	if err != nil {
		return err
	}
	status := listCacheStatus(reads)
	if set != nil {
		if s := set.Load(); s != nil && s.matches(reads) {
			return writeRepresentation(w, s.rep, inm, h.market.quoteCC, status)
		}
	}
	e := jx.GetEncoder()
	defer jx.PutEncoder(e)
	encodeQuoteList(e, reads)
	if set != nil {
		s := newQuoteSet(e.Bytes(), reads)
		set.Store(s)
		return writeRepresentation(w, s.rep, inm, h.market.quoteCC, status)
	}
	// The representation lives only for this call: the encoder goes back to
	// the pool when the body is written.
	return writeRepresentation(w, representation.New(e.Bytes()), inm, h.market.quoteCC, status)
}

// IngestQuotes implements ingestQuotes (admin): all or nothing, the newest
// quote of each symbol wins (see market.Service.IngestQuotes).
func (h *Handler) IngestQuotes(ctx context.Context, req *oas.QuoteBatch) (*oas.IngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	res, err := h.Market.IngestQuotes(ctx, quoteInputs(req.Quotes))
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return toIngestResult(res), nil
}

// GetHistory implements getHistory. The default range ends at the next
// interval boundary, so it is the same for a whole interval and caches.
func (h *Handler) GetHistory(ctx context.Context, params oas.GetHistoryParams, w http.ResponseWriter) error {
	q := market.HistoryQuery{Symbol: string(params.Symbol), Interval: market.Interval(params.Interval.Or(oas.BarInterval1d))}
	if v, ok := params.From.Get(); ok {
		q.From = &v
	}
	if v, ok := params.To.Get(); ok {
		q.To = &v
	}
	hist, tier, err := h.Market.History(ctx, q)
	if err != nil {
		return apperr.Within(err, "query")
	}
	return writeRepresentation(w, historyRep(hist), params.IfNoneMatch, h.market.historyCC, cacheStatus(tier))
}

// IngestBars implements ingestBars (admin): all checked, then all upserted
// (see market.Service.IngestBars).
func (h *Handler) IngestBars(ctx context.Context, req *oas.BarBatch, params oas.IngestBarsParams) (*oas.IngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	bars := make([]market.Bar, len(req.Bars))
	for i, b := range req.Bars {
		bars[i] = market.Bar{Ts: b.Ts, Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume.Value}
	}
	res, err := h.Market.IngestBars(ctx, string(params.Symbol), market.Interval(req.Interval), bars)
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return toIngestResult(res), nil
}
