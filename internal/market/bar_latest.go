package market

import (
	"context"
	"time"
)

// LastBar is the start of the newest stored bar of interval of the asset
// of symbol, zero when it has none (the refresher fetches from there, and
// backfills an asset without daily bars). An unknown symbol is NotFound.
func (s *Service) LastBar(ctx context.Context, symbol string, interval Interval) (time.Time, error) {
	ids, err := s.storage.AssetIDs(ctx, []string{symbol})
	if err != nil {
		return time.Time{}, err
	}
	id, ok := ids[symbol]
	if !ok {
		return time.Time{}, assetNotFound(symbol)
	}
	return s.storage.LastBar(ctx, id, interval)
}
