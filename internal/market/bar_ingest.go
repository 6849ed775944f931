package market

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// IngestBars stores bars of interval of the asset of symbol: every bar is
// checked before anything is written (so no CHECK constraint ever answers),
// then all are upserted in one transaction. Resending a bar changes
// nothing; a corrected one replaces it. A bar that is inconsistent, not
// aligned to its interval in UTC or a repeat of an earlier one rejects the
// batch (an Unprocessable error locating each at "bars/<i>/low", "high" or
// "ts"); an unknown symbol is NotFound. After the commit the asset's history
// entries are invalidated on every instance and Deps.Changed learns it.
func (s *Service) IngestBars(ctx context.Context, symbol string, interval Interval, bars []Bar) (IngestResult, error) {
	var res IngestResult
	err := s.storage.InTx(ctx, func(tx Tx) error {
		var err error
		res, err = IngestBarsInTx(ctx, tx, symbol, interval, bars)
		return err
	})
	if err != nil {
		return IngestResult{}, err
	}
	if res.Stored > 0 { // committed: finish the invalidation even if the client has gone
		s.cache.InvalidateTag(context.WithoutCancel(ctx), HistoryTag(symbol))
		s.notify(Change{Kind: BarsChanged, Symbols: []string{symbol}, Interval: interval})
	}
	return res, nil
}

// IngestBarsInTx is IngestBars inside the caller's transaction, without
// touching the cache or telling a listener: for callers that write the
// database before any cache exists, such as the demo seeder.
func IngestBarsInTx(ctx context.Context, tx Tx, symbol string, interval Interval, bars []Bar) (IngestResult, error) {
	ids, err := tx.AssetIDs(ctx, []string{symbol})
	if err != nil {
		return IngestResult{}, err
	}
	id, ok := ids[symbol]
	if !ok {
		return IngestResult{}, assetNotFound(symbol)
	}
	if err := checkBars(bars, interval.Width()); err != nil {
		return IngestResult{}, err
	}
	stored, err := tx.UpsertBars(ctx, id, interval, bars)
	if err != nil {
		return IngestResult{}, err
	}
	return resultOf(len(bars), stored), nil
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
func checkBars(bars []Bar, d time.Duration) error {
	var errs apperr.Batch
	first := make(map[barKey]int, len(bars))
	for i := range bars {
		b := &bars[i]
		at := "bars/" + strconv.Itoa(i)
		if b.Low > b.Open || b.Low > b.Close {
			errs.Add(at+"/low", "low must not be above open or close")
		}
		if b.High < b.Open || b.High < b.Close {
			errs.Add(at+"/high", "high must not be below open or close")
		}
		switch k := (barKey{b.Ts.Unix(), b.Ts.Nanosecond()}); {
		case !b.Ts.Truncate(d).Equal(b.Ts):
			errs.Add(at+"/ts", "ts must be the start of a %s interval in UTC", d)
		default:
			if j, dup := first[k]; dup {
				errs.Add(at+"/ts", "repeats the ts of bars/%d", j)
			} else {
				first[k] = i
			}
		}
	}
	return errs.Err("bars")
}
