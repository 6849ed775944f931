package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := context.Background()
	insert := func(i int) error {
		return d.InTx(ctx, func(q *db.Queries) error {
			return q.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: fmt.Sprintf("B%d", i), Name: "n", Type: "stock", Currency: "USD"})
		})
	}
	for i := range 100 {
		if err := insert(i); err != nil {
			t.Fatal(err)
		}
	}
	// Keep writing while the backup runs: it must neither block nor fail them.
	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 100; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := insert(i); err != nil {
				t.Errorf("write during backup: %v", err)
				return
			}
			written.Add(1)
		}
	})
	dest := filepath.Join(t.TempDir(), "backups", "copy.db")
	err := d.Backup(ctx, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}

	b, err := store.Open(ctx, dest, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, err := b.Read.CountAssets(ctx)
	if err != nil || n < 100 || n > 100+written.Load() {
		t.Errorf("backup holds %d assets (%v), want between 100 and %d", n, err, 100+written.Load())
	}
	rep, err := b.Check(ctx)
	if err != nil || !rep.OK() {
		t.Errorf("backup check: %+v, %v", rep, err)
	}
	if err := d.Backup(ctx, d.Path()); err == nil {
		t.Error("backup onto the live database was allowed")
	}
}

func TestCheckFindsForeignKeyViolations(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := context.Background()
	rep, err := d.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("fresh database: %+v, %v", rep, err)
	}
	// Write an orphan with foreign keys off on a connection of its own.
	conn, err := d.Writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO quotes (asset_id, price, as_of, provider) VALUES (999, 1, '2026-01-01 00:00:00', 'test')",
		"PRAGMA foreign_keys = ON",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	rep, err = d.Check(ctx)
	if err != nil || rep.OK() || len(rep.ForeignKeys) != 1 {
		t.Errorf("orphan quote not reported: %+v, %v", rep, err)
	}
}
