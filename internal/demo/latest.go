package demo

import (
	"time"

	"github.com/marketpulse/api/internal/market"
)

// Latest is one asset of the demo data set with its latest quote and
// descriptive fields: what the simulated provider starts its walks from.
type Latest struct {
	Symbol, Name, Type, Exchange, Currency, Sector string
	Quote                                          market.QuoteInput
}

// LatestQuotes are the assets of the demo data set leading up to anchor,
// each with the latest quote SeedMarket writes for that anchor (only its
// UTC date matters). Nothing is read or written.
func LatestQuotes(anchor time.Time) []Latest {
	anchor = anchor.UTC().Truncate(24 * time.Hour)
	cat := catalog()
	out := make([]Latest, 0, len(cat))
	for _, a := range cat {
		p := profileOf(a)
		q := quoteOf(a, p, walk(a, p, anchor))
		out = append(out, Latest{
			Symbol: a.Symbol, Name: a.Name, Type: a.Type, Exchange: a.Exchange,
			Currency: a.Currency, Sector: a.Sector, Quote: q,
		})
	}
	return out
}
