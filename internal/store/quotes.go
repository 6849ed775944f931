package store

import (
	"fmt"
	"math"
	"time"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/db"
)

// EncodeQuotes builds the quotes argument of db.Queries.UpsertQuotes from
// the same parameters UpsertQuote takes: a JSON array of positional rows
// [asset_id, price, change, change_pct, volume, market_cap, as_of,
// provider], market_cap null when unknown. AsOf must be a time.Time.
func EncodeQuotes(quotes []db.UpsertQuoteParams) (string, error) {
	var e jx.Encoder
	e.ArrStart()
	for i, q := range quotes {
		asOf, ok := q.AsOf.(time.Time)
		if !ok {
			return "", fmt.Errorf("encode quote %d of asset %d: as_of is %T, not a time.Time", i, q.AssetID, q.AsOf)
		}
		for _, f := range []float64{q.Price, q.Change, q.ChangePct, q.MarketCap.Float64} {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return "", fmt.Errorf("encode quote %d of asset %d: %v is not a JSON number", i, q.AssetID, f)
			}
		}
		e.ArrStart()
		e.Int64(q.AssetID)
		e.Float64(q.Price)
		e.Float64(q.Change)
		e.Float64(q.ChangePct)
		e.Int64(q.Volume)
		if q.MarketCap.Valid {
			e.Float64(q.MarketCap.Float64)
		} else {
			e.Null()
		}
		e.Str(asOf.UTC().Format(time.RFC3339Nano))
		e.Str(q.Provider)
		e.ArrEnd()
	}
	e.ArrEnd()
	return e.String(), nil
}
