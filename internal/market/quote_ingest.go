package market

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// MaxQuoteSkew is how far in the future a quote's AsOf may be: clocks
// differ, but a quote from tomorrow would shadow every real one until then.
const MaxQuoteSkew = time.Hour

// QuoteInput is a quote to ingest.
type QuoteInput struct {
	Symbol    string
	Price     float64
	Change    float64
	ChangePct float64
	Volume    int64
	MarketCap *float64 // nil: unknown
	AsOf      time.Time
	Provider  string
}

// IngestResult counts the items of an ingested batch: Stored ones changed
// the data, Ignored ones did not (older than or equal to what is stored).
type IngestResult struct {
	Received, Stored, Ignored int
}

func resultOf(received, stored int) IngestResult {
	return IngestResult{Received: received, Stored: stored, Ignored: received - stored}
}

// IngestQuotes stores a batch of quotes, all or nothing, in one
// transaction: the newest quote of each symbol in the batch is stored
// unless the stored one is as new. A quote of an unknown symbol or more
// than MaxQuoteSkew in the future rejects the batch (an Unprocessable error
// locating each one at "quotes/<i>/symbol" or "quotes/<i>/asOf"). After the
// commit the quote entries of the batch's symbols are invalidated on every
// instance and Deps.Changed learns them.
func (s *Service) IngestQuotes(ctx context.Context, quotes []QuoteInput) (IngestResult, error) {
	var (
		stored  int
		symbols []string
	)
	err := s.storage.InTx(ctx, func(tx Tx) error {
		var err error
		symbols, stored, err = ingestQuotes(ctx, tx, quotes, time.Now)
		return err
	})
	if err != nil {
		return IngestResult{}, err
	}
	if stored > 0 { // committed: finish the invalidation even if the client has gone
		s.quotes.Invalidate(context.WithoutCancel(ctx), symbols...)
		s.notify(Change{Kind: QuotesChanged, Symbols: symbols})
	}
	return resultOf(len(quotes), stored), nil
}

// IngestQuotesInTx is IngestQuotes inside the caller's transaction, with
// now as the reference of the clock-skew check, and without touching the
// cache or telling a listener: for callers that write the database before
// any cache exists, such as the demo seeder.
func IngestQuotesInTx(ctx context.Context, tx Tx, quotes []QuoteInput, now time.Time) (IngestResult, error) {
	_, stored, err := ingestQuotes(ctx, tx, quotes, func() time.Time { return now })
	if err != nil {
		return IngestResult{}, err
	}
	return resultOf(len(quotes), stored), nil
}

// ingestQuotes checks and upserts quotes in tx, reading the clock after the
// assets are known. It returns the distinct symbols of the batch and how
// many quotes were stored.
func ingestQuotes(ctx context.Context, tx Tx, quotes []QuoteInput, now func() time.Time) ([]string, int, error) {
	symbols, newest := newestQuotes(quotes)
	ids, err := tx.AssetIDs(ctx, symbols)
	if err != nil {
		return nil, 0, err
	}
	if err := checkQuotes(quotes, ids, now()); err != nil {
		return nil, 0, err
	}
	rows := make([]QuoteRow, len(symbols))
	for i, sym := range symbols {
		rows[i] = QuoteRow{AssetID: ids[sym], QuoteInput: quotes[newest[sym]]}
	}
	stored, err := tx.UpsertQuotes(ctx, rows)
	if err != nil {
		return nil, 0, err
	}
	return symbols, stored, nil
}

// newestQuotes returns the distinct symbols of quotes, in order of first
// appearance, and the index of each one's newest quote (the first of equals:
// a later quote as old as a stored one is not newer).
func newestQuotes(quotes []QuoteInput) (symbols []string, newest map[string]int) {
	newest = make(map[string]int, len(quotes))
	for i := range quotes {
		sym := quotes[i].Symbol
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
func checkQuotes(quotes []QuoteInput, ids map[string]int64, now time.Time) error {
	var errs apperr.Batch
	for i := range quotes {
		at := "quotes/" + strconv.Itoa(i)
		if _, ok := ids[quotes[i].Symbol]; !ok {
			errs.Add(at+"/symbol", "no asset has the symbol %s", quotes[i].Symbol)
		}
		if quotes[i].AsOf.After(now.Add(MaxQuoteSkew)) {
			errs.Add(at+"/asOf", "asOf is more than %v in the future", MaxQuoteSkew)
		}
	}
	return errs.Err("quotes")
}
