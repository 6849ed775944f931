package demo

import (
	"context"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// Seed upserts the demo assets in one transaction. Running it again changes
// nothing. It returns how many assets the data set holds.
func Seed(ctx context.Context, d *store.DB) (int, error) {
	err := d.InTx(ctx, func(q *db.Queries) error { return upsertAssets(ctx, q, assets) })
	if err != nil {
		return 0, fmt.Errorf("seed demo data: %w", err)
	}
	return len(assets), nil
}

// upsertAssets upserts list in the caller's transaction.
func upsertAssets(ctx context.Context, q *db.Queries, list []asset) error {
	for _, a := range list {
		if err := q.UpsertAsset(ctx, db.UpsertAssetParams{
			Symbol: a.Symbol, Name: a.Name, Type: a.Type,
			Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector,
		}); err != nil {
			return store.Translate(err, "demo asset "+a.Symbol)
		}
	}
	return nil
}
