package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

func TestSeedIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := store.Open(ctx, filepath.Join(t.TempDir(), "mp.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir, err := migrate.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(ctx, 0); err != nil {
		t.Fatal(err)
	}

	n, err := demo.Seed(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	before, err := d.Read.GetAssetBySymbol(ctx, "AAPL")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, d); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	count, err := d.Read.CountAssets(ctx)
	if err != nil || count != int64(n) || n < 50 {
		t.Errorf("after two seeds: %d assets (%v), data set has %d", count, err, n)
	}
	after, err := d.Read.GetAssetBySymbol(ctx, "AAPL")
	if err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("re-seeding touched an unchanged row: %v → %v (%v)", before.UpdatedAt, after.UpdatedAt, err)
	}
}
