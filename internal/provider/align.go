package provider

import (
	"math"
	"time"

	"github.com/marketpulse/api/internal/market"
)

// Align places bars (oldest first) on the UTC grid of width: each bar is
// filed under the start of the grid slot it starts in, and bars that land
// in one slot are merged (open of the first, close of the last, the
// extremes, the volumes summed). Providers whose sessions start off the
// grid (09:30 New York hourly bars) are so filed at the slot they start
// in.
func Align(bars []market.Bar, width time.Duration) []market.Bar {
	out := make([]market.Bar, 0, len(bars))
	for _, b := range bars {
		b.Ts = b.Ts.UTC().Truncate(width)
		if n := len(out); n > 0 && out[n-1].Ts.Equal(b.Ts) {
			m := &out[n-1]
			m.High, m.Low, m.Close = math.Max(m.High, b.High), math.Min(m.Low, b.Low), b.Close
			m.Volume += b.Volume
			continue
		}
		out = append(out, b)
	}
	return out
}
