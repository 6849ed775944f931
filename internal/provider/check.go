package provider

import (
	"math"
	"time"

	"github.com/marketpulse/api/internal/market"
)

// CheckQuote checks a quote an adapter is about to return: a finite price
// above zero, finite change figures, an AsOf that is set and not more than
// market.MaxQuoteSkew after now, and the Provider named. A failure is a
// *BadAnswerError of provider.
func CheckQuote(provider string, q market.QuoteInput, now time.Time) error {
	bad := func(reason string) error {
		return &BadAnswerError{Provider: provider, Reason: q.Symbol + ": " + reason}
	}
	switch {
	case !finite(q.Price) || q.Price <= 0:
		return bad("price not a positive number")
	case !finite(q.Change) || !finite(q.ChangePct):
		return bad("change not a finite number")
	case q.Volume < 0:
		return bad("negative volume")
	case q.MarketCap != nil && (!finite(*q.MarketCap) || *q.MarketCap < 0):
		return bad("market cap not a non-negative number")
	case q.AsOf.IsZero():
		return bad("no asOf")
	case q.AsOf.After(now.Add(market.MaxQuoteSkew)):
		return bad("asOf in the future")
	case q.Provider != provider:
		return bad("provenance not recorded")
	}
	return nil
}

// CheckBars checks bars an adapter is about to return: each consistent
// (all prices finite and above zero, low ≤ open, close ≤ high, volume not
// negative), aligned to the interval in UTC, strictly increasing in time.
// A failure is a *BadAnswerError of provider.
func CheckBars(provider string, interval market.Interval, bars []market.Bar) error {
	width := interval.Width()
	for i, b := range bars {
		bad := func(reason string) error {
			return &BadAnswerError{Provider: provider, Reason: "bar " + b.Ts.UTC().Format(time.RFC3339) + ": " + reason}
		}
		switch {
		case !positive(b.Open, b.High, b.Low, b.Close):
			return bad("price not a positive number")
		case b.Low > b.Open || b.Low > b.Close || b.High < b.Open || b.High < b.Close:
			return bad("OHLC inconsistent")
		case b.Volume < 0:
			return bad("negative volume")
		case !b.Ts.UTC().Truncate(width).Equal(b.Ts):
			return bad("not aligned to " + string(interval))
		case i > 0 && !b.Ts.After(bars[i-1].Ts):
			return bad("out of order or repeated")
		}
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func positive(fs ...float64) bool {
	for _, f := range fs {
		if !finite(f) || f <= 0 {
			return false
		}
	}
	return true
}
