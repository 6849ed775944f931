package httpapi

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// maxQuoteSkew is how far in the future a quote's asOf may be: clocks
// differ, but a quote from tomorrow would shadow every real one until then.
const maxQuoteSkew = time.Hour

// IngestQuotes implements ingestQuotes (admin): all or nothing in one
// transaction; the newest quote of each symbol in the batch is stored
// unless the stored one is as new. The quote entries of the batch's symbols
// are invalidated on every instance after the commit.
func (h *Handler) IngestQuotes(ctx context.Context, req *oas.QuoteBatch) (*oas.IngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	symbols, newest := newestQuotes(req.Quotes)
	var stored int64
	err := h.DB.InWriteTx(ctx, func(q *store.Tx) error {
		rows, err := q.GetAssetIDsBySymbols(ctx, symbols)
		if err != nil {
			return store.Translate(err, "assets of the quotes")
		}
		ids := make(map[string]int64, len(rows))
		for _, r := range rows {
			ids[r.Symbol] = r.ID
		}
		if err := checkQuotes(req.Quotes, ids, time.Now()); err != nil {
			return err
		}
		params := make([]db.UpsertQuoteParams, len(symbols))
		for i, sym := range symbols {
			in := &req.Quotes[newest[sym]]
			params[i] = db.UpsertQuoteParams{
				AssetID: ids[sym], Price: in.Price, Change: in.Change.Value, ChangePct: in.ChangePct.Value,
				Volume: in.Volume.Value, MarketCap: sql.NullFloat64{Float64: in.MarketCap.Value, Valid: in.MarketCap.Set},
				AsOf: in.AsOf, Provider: string(in.Provider),
			}
		}
		stored, err = q.UpsertQuotes(ctx, params)
		return store.Translate(err, "quotes")
	})
	if err != nil {
		return nil, err
	}
	if stored > 0 { // committed: finish the invalidation even if the client has gone
		h.market.quotes.Invalidate(context.WithoutCancel(ctx), symbols...)
	}
	n := int32(len(req.Quotes))
	return &oas.IngestResult{Received: n, Stored: int32(stored), Ignored: n - int32(stored)}, nil
}

// newestQuotes returns the distinct symbols of quotes, in order of first
// appearance, and the index of each one's newest quote (the first of equals:
// a later quote as old as a stored one is not newer).
func newestQuotes(quotes []oas.QuoteInput) (symbols []string, newest map[string]int) {
	newest = make(map[string]int, len(quotes))
	for i := range quotes {
		sym := string(quotes[i].Symbol)
		j, seen := newest[sym]
		switch {
		case !seen:
			symbols = append(symbols, sym)
			newest[sym] = i
		case quotes[i].AsOf.After(quotes[j].AsOf):
			newest[sym] = i
		}
	}
	return symbols, newest
}

// checkQuotes locates every quote of an unknown symbol or from the future.
func checkQuotes(quotes []oas.QuoteInput, ids map[string]int64, now time.Time) error {
	var errs batchErrors
	for i := range quotes {
		at := "/body/quotes/" + strconv.Itoa(i)
		if _, ok := ids[string(quotes[i].Symbol)]; !ok {
			errs.add(at+"/symbol", "no asset has the symbol %s", quotes[i].Symbol)
		}
		if quotes[i].AsOf.After(now.Add(maxQuoteSkew)) {
			errs.add(at+"/asOf", "asOf is more than %v in the future", maxQuoteSkew)
		}
	}
	return errs.err("quotes")
}
