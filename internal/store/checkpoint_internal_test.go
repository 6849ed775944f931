package store

import (
	"os"
	"testing"
	"time"
)

// TestCheckpointerKeepsWALBounded commits more pages than the writer's own
// automatic threshold allows between checkpoints and checks that the
// background checkpointer copied the WAL back, that the WAL file stays
// bounded, and that Close stops the goroutine.
func TestCheckpointerKeepsWALBounded(t *testing.T) {
	t.Parallel()
	d := openPlain(t)
	ctx := t.Context()
	if _, err := d.Writer.ExecContext(ctx, `CREATE TABLE pad (v BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	blob := make([]byte, 3000) // about one page per commit
	const commits = walFallbackPages / 4
	for i := range commits {
		if _, err := d.Writer.ExecContext(ctx, `INSERT INTO pad (v) VALUES (?)`, blob); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			d.ckpt.checkpoint(ctx) // as the ticker would, without waiting for it
		}
	}
	d.ckpt.checkpoint(ctx)
	if frames, copied := d.ckpt.walFrames.Load(), d.ckpt.copied.Load(); frames == 0 || copied != frames {
		t.Errorf("last checkpoint copied %d of %d WAL frames, want all of a non-empty WAL", copied, frames)
	}
	// The WAL restarted after each complete checkpoint, so it holds at most
	// the frames of about 100 commits, never those of all of them.
	fi, err := os.Stat(d.Path() + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if limit := int64(commits/2) * 4096; fi.Size() > limit {
		t.Errorf("WAL is %d bytes after %d commits, want ≤ %d", fi.Size(), commits, limit)
	}

	// The ticker runs too.
	runs := d.ckpt.runs.Load()
	deadline := time.Now().Add(5 * time.Second)
	for d.ckpt.runs.Load() == runs && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if d.ckpt.runs.Load() == runs {
		t.Errorf("no background checkpoint within 5s (interval %v)", checkpointEvery)
	}

	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-d.ckpt.done:
	default:
		t.Error("checkpointer still running after Close")
	}
}
