package demo_test

import (
	"context"
	"testing"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the market's storage on the engine of e.
func storageOf(e testdb.Engine) market.Storage {
	if e.Postgres != nil {
		return market.Postgres(e.Postgres)
	}
	return market.SQLite(e.SQLite)
}

func TestSeedIsIdempotent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		st := storageOf(e)
		n, err := demo.Seed(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		before, err := st.Asset(ctx, "AAPL")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, st); err != nil {
			t.Fatalf("second seed: %v", err)
		}
		all, err := st.ListAssets(ctx, market.AssetRows{Rows: 1000})
		if err != nil || len(all) != n || n < 50 {
			t.Errorf("after two seeds: %d assets (%v), data set has %d", len(all), err, n)
		}
		after, err := st.Asset(ctx, "AAPL")
		if err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("re-seeding touched an unchanged row: %v → %v (%v)", before.UpdatedAt, after.UpdatedAt, err)
		}
	})
}
