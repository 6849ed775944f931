package boards

import "context"

// WatchedSymbol is an active asset some widget names.
type WatchedSymbol struct {
	Symbol, Type string
}

// Watched lists the distinct active assets named by any widget's config,
// at most limit, by symbol: what the refresher keeps fresh. It reads the
// database (the refresher asks once a cycle, not per request).
func (s *Service) Watched(ctx context.Context, limit int) ([]WatchedSymbol, error) {
	return s.st.Watched(ctx, limit)
}
