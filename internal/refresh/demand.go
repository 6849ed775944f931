package refresh

import (
	"github.com/marketpulse/api/internal/tradinghours"
)

// Demand starts one fetch of an unwatched symbol whose quote is stale and
// returns at once: the caller answers with what is stored (stale). A fetch
// of the symbol under way, or one tried since its market last traded less
// than its freshness ago, makes it a no-op (single flight). It reports
// whether a fetch started.
func (r *Refresher) Demand(symbol, assetType string) bool {
	now := r.o.Now()
	last := tradinghours.Of(assetType).LastTraded(now)
	r.mu.Lock()
	if r.inflight[symbol] || r.base.Err() != nil {
		r.mu.Unlock()
		return false
	}
	if t, ok := r.fetched[symbol]; ok && (t.After(last) || now.Sub(t) < r.freshness(assetType)) {
		r.mu.Unlock()
		return false
	}
	r.inflight[symbol] = true
	r.fetched[symbol] = now
	r.mu.Unlock()
	r.wg.Go(func() {
		defer func() {
			r.mu.Lock()
			delete(r.inflight, symbol)
			r.mu.Unlock()
		}()
		r.fetch(r.base, assetType, []string{symbol}, true)
	})
	return true
}
