package refresh

import (
	"github.com/marketpulse/api/internal/tradinghours"
)

// DemandSymbol is Demand of a symbol whose asset type Options.AssetType
// resolves in the fetch's goroutine (the market's OnStale hook).
func (r *Refresher) DemandSymbol(symbol string) bool { return r.Demand(symbol, "") }

// Demand starts one fetch of an unwatched symbol whose quote is stale and
// returns at once: the caller answers with what is stored (stale). A fetch
// of the symbol under way, or one tried since its market last traded less
// than its freshness ago, makes it a no-op (single flight). It reports
// whether a fetch started.
func (r *Refresher) Demand(symbol, assetType string) bool {
	now := r.o.Now()
	last := now
	if assetType != "" {
		last = tradinghours.Of(assetType).LastTraded(now)
	}
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
		typ := assetType
		if typ == "" && r.o.AssetType != nil {
			t, err := r.o.AssetType(r.base, symbol)
			if err != nil {
				r.o.Log.Debug("refresh: on-demand type", "symbol", symbol, "err", err)
				return
			}
			typ = t
		}
		r.fetch(r.base, typ, []string{symbol}, true)
	})
	return true
}
