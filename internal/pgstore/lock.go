package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// unlockTimeout bounds the statement that gives a lock back; past it the
// session is closed instead, which gives it back too.
const unlockTimeout = 5 * time.Second

// ErrLockLost is the cause of the context WithAdvisoryLock's fn runs with
// when the session holding the lock died: the server has released the
// lock, and another instance may hold it now.
var ErrLockLost = errors.New("advisory lock lost: its session ended")

// LockKey turns the name of a piece of work ("session-sweep") into an
// advisory lock key (FNV-1a). Keys are per database: every instance on the
// same database that names the same work contends for the same lock.
func LockKey(name string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	return int64(h.Sum64())
}

// WithAdvisoryLock runs fn while this instance holds the session-level
// advisory lock key, waiting for it as long as ctx allows: for work only one
// instance may do at a time. The lock lives on a connection of its own,
// taken from the pool for the duration (so fn's queries need another), and
// is released when fn returns. Should that session die meanwhile, fn's
// context is cancelled with the cause ErrLockLost (checked every
// Options.LockCheck), and the error returned is ErrLockLost even if fn
// returned nil. Not for a pooler in transaction mode (PgBouncer),
// which cannot keep a session's lock.
func (d *DB) WithAdvisoryLock(ctx context.Context, key int64, fn func(ctx context.Context) error) error {
	_, err := d.withLock(ctx, key, true, fn)
	return err
}

// TryAdvisoryLock is WithAdvisoryLock without waiting: when another session
// holds the lock it returns false at once and does not run fn.
func (d *DB) TryAdvisoryLock(ctx context.Context, key int64, fn func(ctx context.Context) error) (ran bool, err error) {
	return d.withLock(ctx, key, false, fn)
}

func (d *DB) withLock(ctx context.Context, key int64, wait bool, fn func(context.Context) error) (bool, error) {
	conn, err := d.Pool.Acquire(ctx)
	if err != nil {
		return false, Transient(fmt.Errorf("advisory lock %d: connect: %w", key, withContext(ctx, err)))
	}
	defer conn.Release() // a no-op once closed by drop
	if wait {
		_, err = conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key)
	} else {
		var got bool
		err = conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got)
		if err == nil && !got {
			return false, nil
		}
	}
	if err != nil {
		// A cancelled wait may have raced the grant: only the end of the
		// session is sure to release it.
		drop(conn)
		return false, Transient(fmt.Errorf("advisory lock %d: %w", key, withContext(ctx, err)))
	}

	fnCtx, cancel := context.WithCancelCause(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		d.watch(fnCtx, conn, cancel)
	}()
	err = fn(fnCtx)
	cancel(nil)
	<-watched

	if errors.Is(context.Cause(fnCtx), ErrLockLost) {
		drop(conn)
		if !errors.Is(err, ErrLockLost) { // fn finished regardless: it may have overlapped another holder
			err = errors.Join(err, ErrLockLost)
		}
		return true, err
	}
	uctx, ucancel := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
	defer ucancel()
	var released bool
	if uerr := conn.QueryRow(uctx, "SELECT pg_advisory_unlock($1)", key).Scan(&released); uerr != nil || !released {
		drop(conn)
	}
	return true, err
}

// watch pings the lock's session every d.lockCheck until ctx ends, and
// cancels it with ErrLockLost when the session is gone. A ping is never cut
// short by ctx: that would close the connection it checks.
func (d *DB) watch(ctx context.Context, conn *pgxpool.Conn, cancel context.CancelCauseFunc) {
	t := time.NewTicker(d.lockCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, pcancel := context.WithTimeout(context.WithoutCancel(ctx), max(d.lockCheck, time.Second))
		err := conn.Ping(pctx)
		pcancel()
		if err != nil {
			cancel(ErrLockLost)
			return
		}
	}
}

// drop closes the connection instead of returning it to the pool, ending
// its session and with it any lock the session holds.
func drop(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
	defer cancel()
	_ = conn.Hijack().Close(ctx)
}
