package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
)

// Tx is a write transaction: the sqlc queries, plus the batch statements
// sqlc cannot express (see UpsertQuotes).
type Tx struct {
	*db.Queries
	x db.DBTX
}

// InTx runs fn in a write transaction on the writer connection (BEGIN
// IMMEDIATE, so it never upgrades a read lock mid-way) and commits when fn
// returns nil. The caller owns the transaction through the queries it gets.
func (d *DB) InTx(ctx context.Context, fn func(q *db.Queries) error) error {
	return d.InWriteTx(ctx, func(tx *Tx) error { return fn(tx.Queries) })
}

// InWriteTx is InTx for callers that also need Tx's batch statements.
//
// Whatever fails — BEGIN (another process holds the write lock past the
// busy timeout), a statement of fn, or COMMIT (the disk is full) — the
// error goes through Transient, so a busy or full database answers 503
// database_busy or 507 storage_full rather than 500; storage errors are
// also recorded for the health check (see Storage).
func (d *DB) InWriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	err := d.inWriteTx(ctx, fn)
	d.obs.writeFailure.note(err)
	return Transient(err)
}

func (d *DB) inWriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.Writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	stmts := &txStmts{tx: tx, c: d.wstmts}
	defer stmts.prepareMissed(ctx)
	x := observed{next: stmts, obs: d.obs, pool: "writer"}
	if err := fn(&Tx{Queries: db.New(x), x: x}); err != nil {
		return errors.Join(err, rollback(tx.Rollback()))
	}
	if err := tx.Commit(); err != nil {
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
