package pgstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testpg"
)

func count(tb testing.TB, d *pgstore.DB, sql string) int {
	tb.Helper()
	var n int
	if err := d.Pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestInTxCommitsOrRollsBack(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{})
	mustExec(t, d, "CREATE TABLE items (id int PRIMARY KEY)")
	ctx := context.Background()

	if err := d.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO items VALUES (1)")
		return err
	}); err != nil {
		t.Fatalf("InTx: %v", err)
	}
	boom := errors.New("boom")
	err := d.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO items VALUES (2)"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("InTx returned %v, want fn's error", err)
	}
	if n := count(t, d, "SELECT count(*) FROM items"); n != 1 {
		t.Errorf("%d rows after a commit and a rollback, want 1", n)
	}

	var iso string
	if err := d.InTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SHOW transaction_isolation").Scan(&iso)
	}); err != nil || iso != "serializable" {
		t.Errorf("InTx isolation = %q (%v), want serializable", iso, err)
	}

	err = d.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO items VALUES (1)")
		return err
	})
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		t.Errorf("InTx duplicate insert = %v, want the unique violation", err)
	}
	if err := pgstore.Translate(err, "item 1"); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("Translate(unique violation) = %v, want a conflict", err)
	}
}

// writeSkew runs two transactions that each read both rows of counters and
// set their own row to the sum plus one, both reading before either writes
// on their first attempt. Run one after the other they leave sums of 3
// (1 then 2); interleaved without serializability, 2 (1 and 1).
func writeSkew(t *testing.T, d *pgstore.DB) (errs [2]error, attempts int64) {
	t.Helper()
	mustExec(t, d, "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)")
	mustExec(t, d, "INSERT INTO counters VALUES (0, 0), (1, 0)")
	var (
		read  sync.WaitGroup
		runs  atomic.Int64
		wg    sync.WaitGroup
		first [2]atomic.Bool
	)
	read.Add(2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			errs[i] = d.InTx(ctx, func(tx pgx.Tx) error {
				runs.Add(1)
				var sum int
				if err := tx.QueryRow(ctx, "SELECT sum(n) FROM counters").Scan(&sum); err != nil {
					return err
				}
				if first[i].CompareAndSwap(false, true) {
					read.Done()
					read.Wait()
				}
				_, err := tx.Exec(ctx, "UPDATE counters SET n = $1 WHERE id = $2", sum+1, i)
				return err
			})
		}()
	}
	wg.Wait()
	return errs, runs.Load()
}

func TestInTxRetriesASerializationFailure(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{})
	errs, runs := writeSkew(t, d)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("InTx errors: %v, %v; want both to succeed", errs[0], errs[1])
	}
	if runs != 3 {
		t.Errorf("fn ran %d times, want 3 (the loser once more)", runs)
	}
	if sum := count(t, d, "SELECT sum(n) FROM counters"); sum != 3 {
		t.Errorf("sum = %d, want 3, as run one after the other", sum)
	}
}

func TestInTxGivesUpBusy(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{TxAttempts: 1})
	errs, runs := writeSkew(t, d)
	if runs != 2 {
		t.Errorf("fn ran %d times with TxAttempts 1, want 2", runs)
	}
	failed := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		failed++
		var ae *apperr.Error
		var pe *pgconn.PgError
		if !errors.As(err, &ae) || ae.Kind != apperr.Unavailable || ae.Code != "database_busy" || !errors.As(err, &pe) || pe.Code != "40001" {
			t.Errorf("the loser's error = %v, want 503 database_busy caused by 40001", err)
		}
	}
	if failed != 1 {
		t.Errorf("%d transactions failed, want 1: %v", failed, errs)
	}
}

func TestInTxRetriesADeadlock(t *testing.T) {
	t.Parallel()
	// The test user is a superuser, so it may shorten deadlock_timeout (1 s).
	d := mustOpen(t, testpg.New(t)+"&deadlock_timeout=20ms", pgstore.Options{})
	mustExec(t, d, "CREATE TABLE rows (id int PRIMARY KEY, n int NOT NULL)")
	mustExec(t, d, "INSERT INTO rows VALUES (0, 0), (1, 0)")
	var (
		locked sync.WaitGroup
		runs   atomic.Int64
		wg     sync.WaitGroup
		errs   [2]error
		first  [2]atomic.Bool
	)
	locked.Add(2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			// READ COMMITTED: an update waits for the other's row lock instead of failing to serialize.
			errs[i] = d.InTxOptions(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
				runs.Add(1)
				if _, err := tx.Exec(ctx, "UPDATE rows SET n = n + 1 WHERE id = $1", i); err != nil {
					return err
				}
				if first[i].CompareAndSwap(false, true) {
					locked.Done()
					locked.Wait()
				}
				_, err := tx.Exec(ctx, "UPDATE rows SET n = n + 1 WHERE id = $1", 1-i)
				return err
			})
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("InTx errors: %v, %v; want both to succeed", errs[0], errs[1])
	}
	if n := runs.Load(); n != 3 {
		t.Errorf("fn ran %d times, want 3 (the deadlock's victim once more)", n)
	}
	if sum := count(t, d, "SELECT sum(n) FROM rows"); sum != 4 {
		t.Errorf("sum = %d, want 4", sum)
	}
}

func TestInTxStopsRetryingWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	runs := 0
	err := d.InTx(ctx, func(tx pgx.Tx) error {
		runs++
		cancel()
		return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
	})
	if runs != 1 || !errors.Is(err, context.Canceled) {
		t.Errorf("after the context was cancelled: %d runs, error %v; want 1 run and context.Canceled", runs, err)
	}
}
