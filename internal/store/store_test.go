package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

// mustOpen opens a database file in a directory whose name holds the
// characters that break naive DSNs, and migrates it.
func mustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "a #dir? 100%", "mp.db")
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
	if d.Path() != path {
		tb.Fatalf("Path() = %q, want %q", d.Path(), path)
	}
	return d
}

func TestPragmas(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := context.Background()
	tests := []struct {
		pool *store.DB
		give string
		want string
	}{
		{d, "PRAGMA journal_mode", "wal"},
		{d, "PRAGMA foreign_keys", "1"},
		{d, "PRAGMA synchronous", "1"}, // NORMAL
		{d, "PRAGMA busy_timeout", "5000"},
		{d, "PRAGMA temp_store", "2"},         // MEMORY
		{d, "PRAGMA mmap_size", "2147418112"}, // reads map the file: see mmapSize
	}
	for _, tt := range tests {
		for _, conn := range []struct {
			name string
			q    func() (string, error)
		}{
			{"writer", func() (s string, err error) { err = tt.pool.Writer.QueryRowContext(ctx, tt.give).Scan(&s); return }},
			{"reader", func() (s string, err error) { err = tt.pool.Reader.QueryRowContext(ctx, tt.give).Scan(&s); return }},
		} {
			got, err := conn.q()
			if err != nil || got != tt.want {
				t.Errorf("%s: %s = %q, %v; want %q", conn.name, tt.give, got, err, tt.want)
			}
		}
	}
	if _, err := d.Reader.ExecContext(ctx, "DELETE FROM assets"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestTranslate(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := context.Background()
	insert := func(q *db.Queries, sym, typ string) error {
		return q.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: sym, Name: "X", Type: typ, Currency: "USD"})
	}

	_, err := d.Read.GetAssetBySymbol(ctx, "NONE")
	if err = store.Translate(err, "asset NONE"); apperr.KindOf(err) != apperr.NotFound || !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("no rows → %v (kind %d), want NotFound", err, apperr.KindOf(err))
	}

	err = store.Translate(insert(d.Write, "BAD", "bond"), "asset BAD")
	if apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("CHECK violation → %v, want Invalid", err)
	}
	if _, err := d.Writer.ExecContext(ctx, "INSERT INTO assets (symbol, name, type) VALUES ('DUP', 'a', 'stock')"); err != nil {
		t.Fatal(err)
	}
	_, err = d.Writer.ExecContext(ctx, "INSERT INTO assets (symbol, name, type) VALUES ('DUP', 'b', 'stock')")
	if err = store.Translate(err, "asset DUP"); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("UNIQUE violation → %v, want Conflict", err)
	}
	if store.Translate(nil, "x") != nil {
		t.Error("Translate(nil) != nil")
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := d.InTx(ctx, func(q *db.Queries) error {
		if err := q.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: "TX", Name: "T", Type: "stock", Currency: "USD"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx error = %v, want boom", err)
	}
	if n, err := d.Read.CountAssets(ctx); err != nil || n != 0 {
		t.Errorf("after rollback: %d assets, %v; want 0", n, err)
	}
	if err := d.InTx(ctx, func(q *db.Queries) error {
		return q.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: "TX", Name: "T", Type: "stock", Currency: "USD"})
	}); err != nil {
		t.Fatal(err)
	}
	a, err := d.Read.GetAssetBySymbol(ctx, "TX")
	if err != nil || a.Name != "T" || a.CreatedAt.IsZero() {
		t.Errorf("after commit: %+v, %v", a, err)
	}
}
