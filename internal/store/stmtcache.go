package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
)

// maxCachedStmts bounds a stmtCache: a sqlc.slice query has one text per
// slice length, so the set of texts is not fixed.
const maxCachedStmts = 256

// stmtCache keeps one prepared statement per query text for a pool.
// modernc.org/sqlite parses the SQL of every unprepared call, and for our
// short queries parsing costs more than running them: an indexed read takes
// about a third of the time once prepared. database/sql prepares a cached
// *sql.Stmt lazily on each connection of the pool that runs it.
type stmtCache struct {
	pool  *sql.DB
	stmts sync.Map // query text → *sql.Stmt
	size  atomic.Int32
}

func newStmtCache(pool *sql.DB) *stmtCache { return &stmtCache{pool: pool} }

func (c *stmtCache) cached(query string) *sql.Stmt {
	if s, ok := c.stmts.Load(query); ok {
		return s.(*sql.Stmt)
	}
	return nil
}

// prepare returns the statement for query, preparing it on the pool. It
// returns nil when the cache is full or preparing fails: the caller then
// runs the query unprepared, which reports any error in the SQL itself.
// Never call it while holding the pool's only connection (in a transaction
// on the writer): it would wait for that connection.
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if s := c.cached(query); s != nil {
		return s
	}
	if c.size.Load() >= maxCachedStmts {
		return nil
	}
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := c.stmts.LoadOrStore(query, s); loaded {
		_ = s.Close()
		return prev.(*sql.Stmt)
	}
	c.size.Add(1)
	return s
}

func (c *stmtCache) close() error {
	var errs []error
	c.stmts.Range(func(k, v any) bool {
		errs = append(errs, v.(*sql.Stmt).Close())
		c.stmts.Delete(k)
		return true
	})
	c.size.Store(0)
	return errors.Join(errs...)
}

// pooled is a db.DBTX that runs queries on the cache's pool, prepared.
type pooled struct{ c *stmtCache }

func (p pooled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := p.c.prepare(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.c.pool.ExecContext(ctx, query, args...)
}

func (p pooled) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.c.pool.PrepareContext(ctx, query)
}

func (p pooled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.c.prepare(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.c.pool.QueryContext(ctx, query, args...)
}

func (p pooled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.c.prepare(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.c.pool.QueryRowContext(ctx, query, args...)
}

// txStmts is a db.DBTX that runs queries in tx, on the cache's statements
// when it has them. It cannot prepare the others on the writer pool while
// the transaction holds its only connection, so it runs them unprepared and
// notes them for InTx to prepare once the transaction is over.
type txStmts struct {
	tx     *sql.Tx
	c      *stmtCache
	missed map[string]struct{}
}

func (t *txStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	if s := t.c.cached(query); s != nil {
		return t.tx.StmtContext(ctx, s)
	}
	if t.missed == nil {
		t.missed = map[string]struct{}{}
	}
	t.missed[query] = struct{}{}
	return nil
}

// prepareMissed prepares the queries the transaction ran unprepared.
func (t *txStmts) prepareMissed(ctx context.Context) {
	for q := range t.missed {
		t.c.prepare(ctx, q)
	}
}

func (t *txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *txStmts) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

func (t *txStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// readPool is pooled for the reader pool, where a single-row read runs
// without cancellation while its context is live. In WAL mode a read never
// waits for a lock and a :one query here is an indexed lookup of tens of
// microseconds; with a cancelable context database/sql starts a goroutine
// to watch it and the driver arms an interrupt, which together cost about
// as much as the read. A context already done still fails the read at once.
type readPool struct{ pooled }

func (p readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if ctx.Err() == nil {
		ctx = context.WithoutCancel(ctx)
	}
	return p.pooled.QueryRowContext(ctx, query, args...)
}
