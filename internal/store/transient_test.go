package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

// mustOpenBusy opens and migrates a database whose connections wait at
// most 50 ms for a lock.
func mustOpenBusy(tb testing.TB) *store.DB {
	tb.Helper()
	d, err := store.Open(tb.Context(), tb.TempDir()+"/mp.db", store.Options{BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(tb.Context(), 0); err != nil {
		tb.Fatal(err)
	}
	return d
}

// wantKind fails unless err, as the store returned it, is classified as
// kind and code.
func wantKind(tb testing.TB, err error, kind apperr.Kind, code string) {
	tb.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != kind || ae.Code != code {
		tb.Fatalf("err = %v, want kind %d code %q", err, kind, code)
	}
}

// holdWriteLock takes the database's write lock from a separate pool, as a
// backup or a second instance would, until the test ends.
func holdWriteLock(tb testing.TB, path string) {
	tb.Helper()
	other, err := sql.Open("sqlite", store.DSN(path, 0, false))
	if err != nil {
		tb.Fatal(err)
	}
	conn, err := other.Conn(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := conn.ExecContext(tb.Context(), "BEGIN IMMEDIATE"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		_ = conn.Close()
		_ = other.Close()
	})
}

// TestInTxBusy: BEGIN failing with SQLITE_BUSY (another process holds the
// write lock) is database_busy with a Retry-After, not an internal error.
func TestInTxBusy(t *testing.T) {
	t.Parallel()
	d := mustOpenBusy(t)
	holdWriteLock(t, d.Path())
	err := d.InTx(t.Context(), func(q *db.Queries) error {
		_, err := q.CreateUser(t.Context(), db.CreateUserParams{Email: "a@example.com", PasswordHash: "x", DisplayName: "A", Role: "user"})
		return err
	})
	wantKind(t, err, apperr.Unavailable, "database_busy")
	var r *apperr.Retry
	if !errors.As(err, &r) || r.Seconds() < 1 {
		t.Errorf("busy error %v carries no retry delay", err)
	}
}

// TestInTxFull: a write beyond the database's page limit (what a full disk
// looks like to SQLite) is storage_full, and Storage records it.
func TestInTxFull(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	if st, err := d.Storage(); err != nil || !st.LastWriteError.IsZero() || st.FreeBytes <= 0 {
		t.Fatalf("Storage() before = %+v, %v; want free space and no write error", st, err)
	}
	var pages int64
	if err := d.Writer.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Writer.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	summary := strings.Repeat("lorem ipsum dolor ", 200)
	err := d.InTx(ctx, func(q *db.Queries) error {
		for i := range 10_000 {
			if _, err := q.InsertArticle(ctx, articleParams(i, "Title", summary, at(t, "2026-01-02 03:04:05"))); err != nil {
				return fmt.Errorf("insert article %d: %w", i, err)
			}
		}
		return nil
	})
	wantKind(t, err, apperr.InsufficientStorage, "storage_full")
	st, err := d.Storage()
	if err != nil || st.LastWriteError.IsZero() || !strings.Contains(st.LastWriteErrorText, "full") {
		t.Errorf("Storage() after = %+v, %v; want the write error", st, err)
	}
}

// TestTranslateInterrupted: a statement interrupted when its deadline
// passes is query_timeout; one whose client went away stays cancelled.
func TestTranslateInterrupted(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	endless := "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	var n int64
	err := d.Reader.QueryRowContext(ctx, endless).Scan(&n)
	wantErr(t, store.Translate(err, "count"), apperr.Unavailable, "query_timeout")

	ctx, cancel = context.WithCancel(t.Context())
	go func() {
		// Cancel once the statement runs: the reader pool has it open.
		for d.Reader.Stats().InUse == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err = d.Reader.QueryRowContext(ctx, endless).Scan(&n)
	if got := store.Translate(err, "count"); apperr.KindOf(got) != apperr.Internal || !errors.Is(got, context.Canceled) {
		t.Errorf("cancelled statement: Translate(%v) = %v, want context.Canceled, unclassified", err, got)
	}
}
