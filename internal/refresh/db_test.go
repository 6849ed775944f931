package refresh_test

import (
	"context"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

func openDB(tb testing.TB, path string) *store.DB {
	tb.Helper()
	d, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(context.Background(), 0); err != nil {
		tb.Fatal(err)
	}
	return d
}
