package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
	"github.com/marketpulse/api/internal/store"
)

// History ranges, in intervals (openapi.yaml: getHistory, PriceHistory).
const (
	defaultHistoryBars = 500
	maxHistoryBars     = 5000
)

// cachedHistory is a range of bars as the history namespace holds it, with
// its encoded representation made on first use.
type cachedHistory struct {
	History *oas.PriceHistory `json:"history"`
	rep     representation.Memo
}

// historyTag marks the history entries of one asset, which an ingestion of
// its bars drops (symbolTag would also drop its quote and news).
func historyTag(symbol string) string { return "history:" + symbol }

// intervalWidth is the duration of a bar of interval.
func intervalWidth(i oas.BarInterval) time.Duration {
	switch i {
	case oas.BarInterval1m:
		return time.Minute
	case oas.BarInterval5m:
		return 5 * time.Minute
	case oas.BarInterval1h:
		return time.Hour
	default:
		return 24 * time.Hour
	}
}

// GetHistory implements getHistory. The default range ends at the next
// interval boundary, so it is the same for a whole interval and caches.
func (h *Handler) GetHistory(ctx context.Context, params oas.GetHistoryParams, w http.ResponseWriter) error {
	symbol := string(params.Symbol)
	interval := params.Interval.Or(oas.BarInterval1d)
	from, to, err := historyRange(intervalWidth(interval), params.From, params.To, time.Now())
	if err != nil {
		return err
	}
	if _, err := h.asset(ctx, symbol); err != nil {
		return err
	}
	key := symbol + "|" + string(interval) + "|" + from.Format(time.RFC3339Nano) + "|" + to.Format(time.RFC3339Nano)
	hist, _, err := h.market.history.Get(ctx, key, func(ctx context.Context) (*cachedHistory, error) {
		rows, err := h.DB.Read.ListBarsBySymbol(ctx, db.ListBarsBySymbolParams{
			Symbol: symbol, Interval: string(interval), Since: from, Until: to, MaxRows: maxHistoryBars,
		})
		if err != nil {
			return nil, store.Translate(err, "history of "+symbol)
		}
		bars := make([]oas.PriceBar, len(rows))
		for i, r := range rows {
			bars[i] = oas.PriceBar{Ts: r.Ts.UTC(), Open: r.Open, High: r.High, Low: r.Low, Close: r.Close, Volume: oas.NewOptInt64(r.Volume)}
		}
		return &cachedHistory{History: &oas.PriceHistory{
			Symbol: params.Symbol, Interval: interval, From: from, To: to, Bars: bars,
		}}, nil
	}, cache.WithTags(symbolTag(symbol), historyTag(symbol)))
	if err != nil {
		return err
	}
	return writeRepresentation(w, hist.rep.Get(hist.History), params.IfNoneMatch, h.market.historyCC)
}

// historyRange resolves the range [from, to) of a history request of bars
// of width d: to defaults to now rounded up to a multiple of d, from to
// defaultHistoryBars intervals before to.
func historyRange(d time.Duration, pFrom, pTo oas.OptDateTime, now time.Time) (from, to time.Time, _ error) {
	to = now.UTC().Truncate(d)
	if to.Before(now) {
		to = to.Add(d)
	}
	if v, ok := pTo.Get(); ok {
		to = v.UTC()
	}
	from = to.Add(-defaultHistoryBars * d)
	if v, ok := pFrom.Get(); ok {
		from = v.UTC()
	}
	switch {
	case !from.Before(to):
		e := apperr.New(apperr.Invalid, "invalid_range", "from must be before to")
		e.Fields = []apperr.FieldError{{Path: "query/from", Message: "must be before to (" + to.Format(time.RFC3339Nano) + ")"}}
		return from, to, e
	case to.Sub(from) > maxHistoryBars*d: // Sub saturates: no overflow
		e := apperr.New(apperr.Invalid, "range_too_large", "the range spans more than %d intervals", maxHistoryBars)
		msg := "from and to may be at most " + (maxHistoryBars * d).String() + " apart"
		e.Fields = []apperr.FieldError{{Path: "query/from", Message: msg}, {Path: "query/to", Message: msg}}
		return from, to, e
	case from.Year() < 1:
		e := apperr.New(apperr.Invalid, "invalid_range", "the range starts before year 1")
		e.Fields = []apperr.FieldError{{Path: "query/from", Message: "must be in year 1 or later"}}
		return from, to, e
	}
	return from, to, nil
}
