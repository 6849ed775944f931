package httpapi

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// IngestBars implements ingestBars (admin): every bar is checked before
// anything is written (so no CHECK constraint ever answers), then all are
// upserted in one transaction. Resending a bar changes nothing; a
// corrected one replaces it. The asset's history entries are invalidated
// on every instance after the commit.
func (h *Handler) IngestBars(ctx context.Context, req *oas.BarBatch, params oas.IngestBarsParams) (*oas.IngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	symbol := string(params.Symbol)
	var stored int64
	err := h.DB.InTx(ctx, func(q *db.Queries) error {
		rows, err := q.GetAssetIDsBySymbols(ctx, []string{symbol})
		if err != nil {
			return store.Translate(err, "asset "+symbol)
		}
		if len(rows) == 0 {
			return assetNotFound(symbol)
		}
		if err := checkBars(req.Bars, intervalWidth(req.Interval)); err != nil {
			return err
		}
		for i := range req.Bars {
			b := &req.Bars[i]
			n, err := q.UpsertBar(ctx, db.UpsertBarParams{
				AssetID: rows[0].ID, Interval: string(req.Interval), Ts: b.Ts.UTC(),
				Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume.Value,
			})
			if err != nil {
				return store.Translate(err, "bar "+strconv.Itoa(i))
			}
			stored += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if stored > 0 { // committed: finish the invalidation even if the client has gone
		h.Cache.InvalidateTag(context.WithoutCancel(ctx), historyTag(symbol))
	}
	n := int32(len(req.Bars))
	return &oas.IngestResult{Received: n, Stored: int32(stored), Ignored: n - int32(stored)}, nil
}

// barKey identifies a bar's start within a batch (time.Time is no map key:
// it carries a location).
type barKey struct {
	sec  int64
	nsec int
}

// checkBars locates every bar that is inconsistent (low above open or
// close, high below them), not aligned to its interval in UTC, or a repeat
// of an earlier bar's ts.
func checkBars(bars []oas.PriceBar, d time.Duration) error {
	var errs batchErrors
	first := make(map[barKey]int, len(bars))
	for i := range bars {
		b := &bars[i]
		at := "/body/bars/" + strconv.Itoa(i)
		if b.Low > b.Open || b.Low > b.Close {
			errs.add(at+"/low", "low must not be above open or close")
		}
		if b.High < b.Open || b.High < b.Close {
			errs.add(at+"/high", "high must not be below open or close")
		}
		switch k := (barKey{b.Ts.Unix(), b.Ts.Nanosecond()}); {
		case !b.Ts.Truncate(d).Equal(b.Ts):
			errs.add(at+"/ts", "ts must be the start of a %s interval in UTC", d)
		default:
			if j, dup := first[k]; dup {
				errs.add(at+"/ts", "repeats the ts of /body/bars/%d", j)
			} else {
				first[k] = i
			}
		}
	}
	return errs.err("bars")
}
