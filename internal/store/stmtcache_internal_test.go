package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/marketpulse/api/gen/db"
)

func openPlain(t *testing.T) *DB {
	t.Helper()
	d, err := Open(t.Context(), filepath.Join(t.TempDir(), "c.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if _, err := d.Writer.ExecContext(t.Context(), `CREATE TABLE kv (k INTEGER NOT NULL PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestStmtCachePreparesOncePerQuery(t *testing.T) {
	t.Parallel()
	d := openPlain(t)
	ctx := t.Context()
	w := pooled{d.wstmts}
	for i := range 5 {
		if _, err := w.ExecContext(ctx, `INSERT INTO kv (k, v) VALUES (?, 'x')`, i); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := (pooled{d.rstmts}).QueryRowContext(ctx, `SELECT count(*) FROM kv`).Scan(&n); err != nil || n != 5 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if got := d.wstmts.size.Load() + d.rstmts.size.Load(); got != 2 {
		t.Errorf("%d statements cached, want 2", got)
	}
	// A broken statement is not cached and reports its own error.
	if _, err := w.ExecContext(ctx, `INSERT INTO nope VALUES (1)`); err == nil {
		t.Error("no error from a missing table")
	}
	if got := d.wstmts.size.Load(); got != 1 {
		t.Errorf("%d writer statements cached after a failed prepare, want 1", got)
	}
}

func TestStmtCacheInTx(t *testing.T) {
	t.Parallel()
	d := openPlain(t)
	ctx := t.Context()
	const insert, count = `INSERT INTO kv (k, v) VALUES (?, 'x')`, `SELECT count(*) FROM kv`
	run := func(q db.DBTX, k int) (int, error) {
		if _, err := q.ExecContext(ctx, insert, k); err != nil {
			return 0, err
		}
		var n int
		err := q.QueryRowContext(ctx, count).Scan(&n)
		return n, err
	}
	var seen int
	inTx := func(k int, fail bool) error {
		tx, err := d.Writer.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		s := &txStmts{tx: tx, c: d.wstmts}
		defer s.prepareMissed(ctx)
		if seen, err = run(s, k); err != nil || fail {
			return errors.Join(err, tx.Rollback())
		}
		return tx.Commit()
	}
	// Nothing is cached yet: the first transaction runs both queries
	// unprepared, and they are prepared after it.
	if err := inTx(1, false); err != nil || seen != 1 {
		t.Fatalf("first tx: saw %d rows, %v", seen, err)
	}
	if d.wstmts.cached(insert) == nil || d.wstmts.cached(count) == nil {
		t.Fatal("statements missed in a transaction were not prepared after it")
	}
	// Cached statements run on the transaction's connection: they see its
	// own writes, and a rollback discards them.
	if err := inTx(2, true); err != nil || seen != 2 {
		t.Fatalf("rolled-back tx saw %d rows, %v; want 2", seen, err)
	}
	var n int
	if err := (pooled{d.rstmts}).QueryRowContext(ctx, count).Scan(&n); err != nil || n != 1 {
		t.Errorf("after rollback: %d rows, %v; want 1", n, err)
	}
}

func TestStmtCacheIsBounded(t *testing.T) {
	t.Parallel()
	d := openPlain(t)
	ctx := t.Context()
	r := pooled{d.rstmts}
	for i := range maxCachedStmts + 20 {
		var got int
		if err := r.QueryRowContext(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&got); err != nil || got != i {
			t.Fatalf("query %d = %d, %v", i, got, err)
		}
	}
	if got := d.rstmts.size.Load(); got != maxCachedStmts {
		t.Errorf("%d statements cached, want the bound %d", got, maxCachedStmts)
	}
	if err := d.rstmts.close(); err != nil {
		t.Fatal(err)
	}
	if got := d.rstmts.size.Load(); got != 0 || d.rstmts.cached("SELECT 1") != nil {
		t.Errorf("close left %d statements", got)
	}
}
