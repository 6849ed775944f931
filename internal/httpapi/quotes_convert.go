package httpapi

import (
	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/representation"
)

// marketHeaders are the Cache-Control values of the market's responses:
// clients may reuse them as long as the cache keeps them.
type marketHeaders struct {
	assetCC, quoteCC, historyCC []string
}

func newMarketHeaders(m *market.Service) marketHeaders {
	return marketHeaders{
		assetCC:   cacheControl(m.TTL(market.NamespaceAsset)),
		quoteCC:   cacheControl(m.TTL(market.NamespaceQuote)),
		historyCC: cacheControl(m.TTL(market.NamespaceHistory)),
	}
}

// quoteRep is the representation of a quote read: one per variant (stale
// or not) of the cached quote, encoded on first use. r must hold a quote.
func quoteRep(r *market.QuoteRead) *representation.Rep {
	m := r.Cached.Memo(r.Stale)
	if rep := m.Load(); rep != nil {
		return rep
	}
	q := r.Cached.Quote
	v := &oas.Quote{
		Symbol: oas.Symbol(q.Symbol), Price: q.Price, Change: q.Change, ChangePct: q.ChangePct, Volume: q.Volume,
		AsOf: q.AsOf, Provider: oas.Provider(q.Provider), Stale: r.Stale,
		UpdatedAt: q.UpdatedAt,
	}
	if q.MarketCap != nil {
		v.MarketCap = oas.NewNilFloat64(*q.MarketCap)
	} else {
		v.MarketCap.SetToNull()
	}
	return m.Store(representation.Encode(v))
}

// listCacheStatus is the Cache-Status of a list of quote reads: a hit when
// every read came from a cache tier (detail: the farthest), a miss when
// none did, partial otherwise.
func listCacheStatus(reads []market.QuoteRead) []string {
	var l1, l2, origin bool
	for i := range reads {
		switch reads[i].Tier {
		case cache.TierL1:
			l1 = true
		case cache.TierL2:
			l2 = true
		default:
			origin = true
		}
	}
	switch {
	case origin && (l1 || l2):
		return cacheStatusPartial
	case origin:
		return cacheStatusOrigin
	case l2:
		return cacheStatusL2
	default:
		return cacheStatusL1
	}
}

// encodeQuoteList writes the QuoteList of reads: the quotes found, then the
// symbols of no asset, then those of assets with no quote, each in the
// order of the request.
func encodeQuoteList(e *jx.Encoder, reads []market.QuoteRead) {
	e.ObjStart()
	e.FieldStart("quotes")
	e.ArrStart()
	for i := range reads {
		if reads[i].Quote() != nil {
			e.Raw(quoteRep(&reads[i]).Body)
		}
	}
	e.ArrEnd()
	e.FieldStart("unknown")
	e.ArrStart()
	for i := range reads {
		if reads[i].Unknown() {
			e.Str(reads[i].Symbol)
		}
	}
	e.ArrEnd()
	e.FieldStart("unquoted")
	e.ArrStart()
	for i := range reads {
		if !reads[i].Unknown() && reads[i].Quote() == nil {
			e.Str(reads[i].Symbol)
		}
	}
	e.ArrEnd()
	e.ObjEnd()
}

func quoteInputs(quotes []oas.QuoteInput) []market.QuoteInput {
	in := make([]market.QuoteInput, len(quotes))
	for i := range quotes {
		q := &quotes[i]
		in[i] = market.QuoteInput{
			Symbol: string(q.Symbol), Price: q.Price, Change: q.Change.Value, ChangePct: q.ChangePct.Value,
			Volume: q.Volume.Value, AsOf: q.AsOf, Provider: string(q.Provider),
		}
		if v, ok := q.MarketCap.Get(); ok {
			in[i].MarketCap = &v
		}
	}
	return in
}

// historyRep is the representation of a cached history, encoded on first
// use.
func historyRep(c *market.CachedHistory) *representation.Rep {
	if r := c.Rep.Load(); r != nil {
		return r
	}
	h := &c.History
	bars := make([]oas.PriceBar, len(h.Bars))
	for i, b := range h.Bars {
		bars[i] = oas.PriceBar{Ts: b.Ts, Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: oas.NewOptInt64(b.Volume)}
	}
	return c.Rep.Store(representation.Encode(&oas.PriceHistory{
		Symbol: oas.Symbol(h.Symbol), Interval: oas.BarInterval(h.Interval), From: h.From, To: h.To, Bars: bars,
	}))
}

func toIngestResult(r market.IngestResult) *oas.IngestResult {
	return &oas.IngestResult{Received: int32(r.Received), Stored: int32(r.Stored), Ignored: int32(r.Ignored)}
}
