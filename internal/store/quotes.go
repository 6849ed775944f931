package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
)

// quoteJSON is one element of the array db.Queries.UpsertQuotes reads; the
// keys match the query's json_extract paths.
type quoteJSON struct {
	AssetID   int64    `json:"asset_id"`
	Price     float64  `json:"price"`
	Change    float64  `json:"change"`
	ChangePct float64  `json:"change_pct"`
	Volume    int64    `json:"volume"`
	MarketCap *float64 `json:"market_cap"`
	AsOf      string   `json:"as_of"`
	Provider  string   `json:"provider"`
}

// EncodeQuotes builds the quotes argument of db.Queries.UpsertQuotes from
// the same parameters UpsertQuote takes. AsOf must be a time.Time.
func EncodeQuotes(quotes []db.UpsertQuoteParams) (string, error) {
	out := make([]quoteJSON, len(quotes))
	for i, q := range quotes {
		asOf, ok := q.AsOf.(time.Time)
		if !ok {
			return "", fmt.Errorf("encode quote %d of asset %d: as_of is %T, not a time.Time", i, q.AssetID, q.AsOf)
		}
		out[i] = quoteJSON{
			AssetID: q.AssetID, Price: q.Price, Change: q.Change, ChangePct: q.ChangePct, Volume: q.Volume,
			AsOf: asOf.UTC().Format(time.RFC3339Nano), Provider: q.Provider,
		}
		if q.MarketCap.Valid {
			out[i].MarketCap = &q.MarketCap.Float64
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encode quotes: %w", err)
	}
	return string(b), nil
}
