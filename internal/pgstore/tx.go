package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Backoff between attempts of a transaction: doubling from retryBase, at
// most retryMax, each wait jittered by ±50% so the losers do not meet again.
const (
	retryBase = 2 * time.Millisecond
	retryMax  = 100 * time.Millisecond
)

// InTx runs fn in a SERIALIZABLE transaction and commits when fn returns
// nil: the guarantee SQLite's single writer gives, so a rule that reads
// and then writes holds on both engines. The caller owns the transaction
// through the queries it binds to tx.
//
// A transaction that fails to serialize (40001) or deadlocks (40P01) — at
// any statement or at COMMIT — is rolled back and run again, up to
// Options.TxAttempts times in all: fn must have no effect outside tx, or
// one it may repeat. What still fails goes through Transient, so a lasting
// conflict answers 503 database_busy rather than 500.
func (d *DB) InTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return d.InTxOptions(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}, fn)
}

// InTxOptions is InTx with other transaction options, e.g. a read-only
// transaction, or READ COMMITTED where fn locks what it reads itself.
func (d *DB) InTxOptions(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = withContext(ctx, d.inTx(ctx, opts, fn))
		if attempt >= d.attempts || !retryable(err) {
			break
		}
		if werr := wait(ctx, attempt); werr != nil {
			err = errors.Join(err, werr)
			break
		}
	}
	return Transient(err)
}

func (d *DB) inTx(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	tx, err := d.Pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback(tx.Rollback(ctx)))
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func rollback(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("rollback: %w", err)
}

// retryable reports whether running the transaction again may succeed: it
// lost a serialization conflict or was chosen as a deadlock's victim.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == codeSerializationFailure || pe.Code == codeDeadlockDetected)
}

// wait sleeps before attempt+1, or returns early with the context's error.
func wait(ctx context.Context, attempt int) error {
	d := min(retryBase<<(attempt-1), retryMax)
	d = d/2 + rand.N(d) // uniform in [d/2, 3d/2)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
