package market

import (
	"context"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// farFuture bounds "the newest bar" from above.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// LastBar is the start of the newest stored bar of interval of the asset
// of symbol, zero when it has none (the refresher fetches from there, and
// backfills an asset without daily bars). An unknown symbol is NotFound.
func (s *Service) LastBar(ctx context.Context, symbol string, interval Interval) (time.Time, error) {
	ids, err := s.db.Read.GetAssetIDsBySymbols(ctx, []string{symbol})
	if err != nil {
		return time.Time{}, store.Translate(err, "asset "+symbol)
	}
	if len(ids) == 0 {
		return time.Time{}, assetNotFound(symbol)
	}
	rows, err := s.db.Read.ListRecentBars(ctx, db.ListRecentBarsParams{
		AssetID: ids[0].ID, Interval: string(interval), Until: farFuture, MaxRows: 1,
	})
	if err != nil || len(rows) == 0 {
		return time.Time{}, store.Translate(err, "bars of "+symbol)
	}
	return rows[0].Ts.UTC(), nil
}
