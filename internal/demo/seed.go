package demo

import (
	"context"
	"fmt"

	"github.com/marketpulse/api/internal/market"
)

// Seed upserts the demo assets in one transaction of st. Running it again
// changes nothing. It returns how many assets the data set holds.
func Seed(ctx context.Context, st market.Storage) (int, error) {
	err := st.InTx(ctx, func(tx market.Tx) error { return upsertAssets(ctx, tx, assets) })
	if err != nil {
		return 0, fmt.Errorf("seed demo data: %w", err)
	}
	return len(assets), nil
}

// upsertAssets upserts list in the caller's transaction.
func upsertAssets(ctx context.Context, tx market.Tx, list []asset) error {
	for _, a := range list {
		if err := tx.UpsertAsset(ctx, market.NewAsset{
			Symbol: a.Symbol, Name: a.Name, Type: a.Type,
			Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector,
		}); err != nil {
			return fmt.Errorf("demo asset %s: %w", a.Symbol, err)
		}
	}
	return nil
}
