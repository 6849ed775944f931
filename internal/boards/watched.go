package boards

import (
	"context"

	"github.com/marketpulse/api/internal/store"
)

// WatchedSymbol is an active asset some widget names.
type WatchedSymbol struct {
	Symbol, Type string
}

// Watched lists the distinct active assets named by any widget's config,
// at most limit, by symbol: what the refresher keeps fresh. It reads the
// database (the refresher asks once a cycle, not per request).
func (s *Service) Watched(ctx context.Context, limit int) ([]WatchedSymbol, error) {
	rows, err := s.db.Read.ListWatchedSymbols(ctx, int64(limit))
	if err != nil {
		return nil, store.Translate(err, "watched symbols")
	}
	out := make([]WatchedSymbol, len(rows))
	for i, r := range rows {
		out[i] = WatchedSymbol{Symbol: r.Symbol, Type: r.Type}
	}
	return out, nil
}
