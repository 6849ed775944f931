package market

import (
	"time"

	"github.com/marketpulse/api/internal/tradinghours"
)

// staleness says when a quote is stale: observed longer than its asset
// type's window before its market last traded. A closed market's last
// price is therefore not stale while nothing can have moved it; it becomes
// stale only once the market has traded for longer than the window without
// a newer quote.
type staleness struct {
	windows map[string]time.Duration // by asset type
	def     time.Duration            // a type not in windows, or unknown
}

// window is the stale window of an asset type.
func (s staleness) window(assetType string) time.Duration {
	if w, ok := s.windows[assetType]; ok && w > 0 {
		return w
	}
	return s.def
}

// stale reports whether a quote of assetType observed at asOf is stale at
// now. The common case, a quote younger than its window, needs no
// calendar.
func (s staleness) stale(assetType string, asOf, now time.Time) bool {
	w := s.window(assetType)
	if now.Sub(asOf) <= w {
		return false
	}
	if assetType == "" {
		return true // no type (an entry cached before types were kept): no calendar
	}
	return tradinghours.Of(assetType).LastTraded(now).Sub(asOf) > w
}
