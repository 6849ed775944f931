package store

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
)

// Checkpointing. By default SQLite checkpoints inside the COMMIT that pushes
// the WAL past 1,000 pages: that commit copies the WAL into the database and
// fsyncs both files (measured here: 1 ms median, 48 ms worst case per fsync),
// so one request in a few hundred pays for everyone's writes. Instead a
// goroutine checkpoints on a connection of its own, with PASSIVE checkpoints
// that never wait for or block the writer or the readers. The writer keeps a
// higher automatic threshold as a fallback (walFallbackPages), so the WAL stays
// bounded even if the goroutine falls behind; journal_size_limit truncates a
// WAL file that a burst grew once the WAL restarts.
const (
	// checkpointEvery is how often the checkpointer runs. Rarer checkpoints
	// copy a page rewritten by many commits once; at 250 ms a steady batch
	// load checkpointed more often than the 1,000-page default did.
	checkpointEvery = time.Second
	// walFallbackPages is the writer's wal_autocheckpoint (4 KiB pages).
	walFallbackPages = 4000
	// walSizeLimit is journal_size_limit in bytes.
	walSizeLimit = 64 << 20
)

// checkpointer runs PASSIVE checkpoints until stopped. Durability is that of
// the writer: commits are in the WAL (synchronous=NORMAL) before they return,
// and the checkpoint connection also uses synchronous=NORMAL, which fsyncs the
// WAL before copying it and the database before the WAL may be reused.
type checkpointer struct {
	pool   *sql.DB
	cancel context.CancelFunc
	done   chan struct{}
	// Result of the last checkpoint: WAL frames, and frames copied.
	walFrames, copied atomic.Int64
	runs              atomic.Int64
}

// startCheckpointer opens the checkpoint connection for the database at path
// and starts checkpointing every interval.
func startCheckpointer(path string, busy, interval time.Duration) (*checkpointer, error) {
	pool, err := sql.Open("sqlite", DSN(path, busy, false))
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(1)
	pool.SetMaxIdleConns(1)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{pool: pool, cancel: cancel, done: make(chan struct{})}
	go c.run(ctx, interval)
	return c, nil
}

func (c *checkpointer) run(ctx context.Context, interval time.Duration) {
	defer close(c.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.checkpoint(ctx)
		}
	}
}

// checkpoint runs one PASSIVE checkpoint. Errors are not fatal: the next tick
// retries, and the writer's automatic checkpoint bounds the WAL meanwhile.
func (c *checkpointer) checkpoint(ctx context.Context) {
	var busy, log, copied int64
	err := c.pool.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &copied)
	if err != nil {
		return
	}
	c.walFrames.Store(log)
	c.copied.Store(copied)
	c.runs.Add(1)
}

// stop ends the goroutine and closes its connection.
func (c *checkpointer) stop() error {
	c.cancel()
	<-c.done
	return c.pool.Close()
}
