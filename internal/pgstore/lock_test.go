package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testpg"
)

// waitFor polls cond until it holds, or fails the test after 10 s.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting until %s", what)
		}
	}
}

// ownAdvisory picks the advisory locks of the test's database out of the cluster's.
const ownAdvisory = "FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"

const advisoryWaiters = "SELECT count(*) " + ownAdvisory + " AND NOT granted"

// Two pools on one database stand for two instances.
func TestAdvisoryLockIsExclusiveAcrossPools(t *testing.T) {
	t.Parallel()
	dsn := testpg.New(t)
	a, b := mustOpen(t, dsn, pgstore.Options{}), mustOpen(t, dsn, pgstore.Options{})
	key := pgstore.LockKey("test-work")
	ctx := context.Background()

	bDone := make(chan error, 1)
	err := a.WithAdvisoryLock(ctx, key, func(held context.Context) error {
		ran, err := b.TryAdvisoryLock(held, key, func(context.Context) error {
			t.Error("b ran while a held the lock")
			return nil
		})
		if ran || err != nil {
			t.Errorf("b.TryAdvisoryLock while a holds it = %v, %v; want false, nil", ran, err)
		}
		if ran, err := a.TryAdvisoryLock(held, pgstore.LockKey("other-work"), func(context.Context) error { return nil }); !ran || err != nil {
			t.Errorf("another key = %v, %v; want it free", ran, err)
		}
		go func() {
			bDone <- b.WithAdvisoryLock(ctx, key, func(context.Context) error { return nil })
		}()
		waitFor(t, "b waits for the lock", func() bool { return count(t, a, advisoryWaiters) == 1 })
		select {
		case err := <-bDone:
			t.Errorf("b.WithAdvisoryLock returned %v while a held the lock", err)
		default:
		}
		return nil
	})
	if err != nil {
		t.Fatalf("a.WithAdvisoryLock: %v", err)
	}
	if err := <-bDone; err != nil {
		t.Errorf("b.WithAdvisoryLock once a released: %v", err)
	}
	if ran, err := b.TryAdvisoryLock(ctx, key, func(context.Context) error { return nil }); !ran || err != nil {
		t.Errorf("b.TryAdvisoryLock after both released = %v, %v; want true, nil", ran, err)
	}
}

func TestAdvisoryLockReturnsFnsErrorAndReleases(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{MaxConns: 2})
	boom := errors.New("boom")
	ctx := context.Background()
	if err := d.WithAdvisoryLock(ctx, 42, func(context.Context) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("WithAdvisoryLock = %v, want fn's error", err)
	}
	ran, err := d.TryAdvisoryLock(ctx, 42, func(context.Context) error { return boom })
	if !ran || !errors.Is(err, boom) {
		t.Errorf("TryAdvisoryLock after the error = %v, %v; want the lock free and fn's error", ran, err)
	}
	if n := count(t, d, "SELECT count(*) "+ownAdvisory); n != 0 {
		t.Errorf("%d advisory locks held after both returned", n)
	}
}

func TestAdvisoryLockWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	dsn := testpg.New(t)
	a, b := mustOpen(t, dsn, pgstore.Options{}), mustOpen(t, dsn, pgstore.Options{})
	err := a.WithAdvisoryLock(context.Background(), 7, func(context.Context) error {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		err := b.WithAdvisoryLock(ctx, 7, func(context.Context) error {
			t.Error("b ran while a held the lock")
			return nil
		})
		// Nothing of b's waits on: the server cancelled the wait, rather than
		// granting the lock to a session b gave up once a releases it.
		waitFor(t, "b's wait ends on the server", func() bool { return count(t, a, advisoryWaiters) == 0 })
		return err
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("b's wait past its deadline = %v, want context.DeadlineExceeded", err)
	}
	if ran, err := b.TryAdvisoryLock(context.Background(), 7, func(context.Context) error { return nil }); !ran || err != nil {
		t.Errorf("after a released and b gave up: TryAdvisoryLock = %v, %v; want the lock free", ran, err)
	}
}

func TestAdvisoryLockLostIsReportedEvenIfFnIgnoresIt(t *testing.T) {
	t.Parallel()
	dsn := testpg.New(t)
	a := mustOpen(t, dsn, pgstore.Options{LockCheck: 20 * time.Millisecond})
	other := mustOpen(t, dsn, pgstore.Options{})
	err := a.WithAdvisoryLock(context.Background(), 10, func(ctx context.Context) error {
		if _, err := other.Pool.Exec(ctx, "SELECT pg_terminate_backend(pid) "+ownAdvisory+" AND granted"); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
		case <-time.After(10 * time.Second):
		}
		return nil // as if the work went on to its end
	})
	if !errors.Is(err, pgstore.ErrLockLost) {
		t.Errorf("WithAdvisoryLock = %v, want ErrLockLost", err)
	}
}

func TestAdvisoryLockLostCancelsFn(t *testing.T) {
	t.Parallel()
	dsn := testpg.New(t)
	a := mustOpen(t, dsn, pgstore.Options{LockCheck: 20 * time.Millisecond})
	other := mustOpen(t, dsn, pgstore.Options{})
	ctx := context.Background()
	err := a.WithAdvisoryLock(ctx, 9, func(ctx context.Context) error {
		var pid int
		if err := other.Pool.QueryRow(ctx, "SELECT pid "+ownAdvisory+" AND granted").Scan(&pid); err != nil {
			return err
		}
		if _, err := other.Pool.Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(10 * time.Second):
			return errors.New("fn's context not cancelled 10 s after its lock's session ended")
		}
	})
	if !errors.Is(err, pgstore.ErrLockLost) {
		t.Errorf("WithAdvisoryLock = %v, want ErrLockLost", err)
	}
	if ran, err := other.TryAdvisoryLock(ctx, 9, func(context.Context) error { return nil }); !ran || err != nil {
		t.Errorf("TryAdvisoryLock after the loss = %v, %v; want the lock free", ran, err)
	}
}
