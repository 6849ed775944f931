package provider

import (
	"context"
	"errors"

	"github.com/marketpulse/api/internal/market"
)

// EachSymbol is the Quotes of a provider that asks one request per
// symbol: one is asked for each symbol in turn; a symbol it does not know
// (ErrUnknownSymbol) is left out, any other error ends the batch with the
// quotes fetched before it (see Provider.Quotes), and a batch of only
// unknown symbols is ErrUnknownSymbol.
func EachSymbol(ctx context.Context, symbols []string, one func(context.Context, string) (market.QuoteInput, error)) ([]market.QuoteInput, error) {
	out := make([]market.QuoteInput, 0, len(symbols))
	for _, s := range symbols {
		q, err := one(ctx, s)
		if errors.Is(err, ErrUnknownSymbol) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
	if len(out) == 0 && len(symbols) > 0 {
		return nil, ErrUnknownSymbol
	}
	return out, nil
}
