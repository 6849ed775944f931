package hotkeys_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the hot-key storage of e's database.
func storageOf(e testdb.Engine) hotkeys.Storage {
	if e.SQLite != nil {
		return hotkeys.SQLite(e.SQLite)
	}
	return hotkeys.Postgres(e.Postgres)
}

func TestRecorderFlushesBatchesAndRanksKeys(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		r := hotkeys.NewRecorder(storageOf(e), map[string]time.Duration{"asset": time.Minute}, 3, slog.New(slog.NewTextHandler(io.Discard, nil)))

		for range 5 {
			r.Hit("asset", "AAPL")
		}
		for range 2 {
			r.Hit("asset", "MSFT")
		}
		r.Hit("asset", "NVDA")
		r.Hit("asset", "TSLA") // a fourth key: over maxKeys, dropped
		if n, err := r.Flush(ctx); err != nil || n != 3 {
			t.Fatalf("Flush = %d, %v; want 3 keys", n, err)
		}
		r.Hit("asset", "MSFT")
		for range 6 {
			r.Hit("asset", "NVDA")
		}
		if n, err := r.Flush(ctx); err != nil || n != 2 {
			t.Fatalf("second Flush = %d, %v; want 2 keys", n, err)
		}
		if n, err := r.Flush(ctx); err != nil || n != 0 {
			t.Fatalf("empty Flush = %d, %v", n, err)
		}

		got, err := r.Hottest(ctx, "asset", 10)
		if err != nil {
			t.Fatal(err)
		}
		// NVDA 7, AAPL 5, MSFT 3; TSLA never tracked.
		if diff := cmp.Diff([]string{"NVDA", "AAPL", "MSFT"}, got); diff != "" {
			t.Errorf("Hottest (-want +got):\n%s", diff)
		}
		if top, _ := r.Hottest(ctx, "asset", 1); len(top) != 1 || top[0] != "NVDA" {
			t.Errorf("Hottest top 1 = %v", top)
		}
		if other, _ := r.Hottest(ctx, "asset-page", 10); len(other) != 0 {
			t.Errorf("other namespace = %v", other)
		}
	})
}

// Instances sharing a database flush the same keys at once: every hit
// counts, none fails (PostgreSQL retries the flushes that conflict).
func TestInstancesFlushingAtOnceAddUp(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		const instances, flushes, keys = 3, 5, 300
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		ttls := map[string]time.Duration{"asset": time.Minute}
		var wg sync.WaitGroup
		errs := make(chan error, instances*flushes)
		for i := range instances {
			r := hotkeys.NewRecorder(storageOf(e), ttls, keys, log)
			wg.Go(func() {
				for range flushes {
					for k := range keys {
						for range 1 + (k+i)%2 {
							r.Hit("asset", fmt.Sprintf("S%03d", k))
						}
					}
					if _, err := r.Flush(ctx); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("flush: %v", err)
		}
		// Per flush an instance hits each key once or twice, so each key
		// totals 25 (odd keys) or 20 (even keys) hits.
		if got, want := totalHits(t, e), int64(keys/2*25+keys/2*20); got != want {
			t.Errorf("%d hits stored, want %d", got, want)
		}
		got, err := hotkeys.NewRecorder(storageOf(e), ttls, keys, log).Hottest(ctx, "asset", keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != keys {
			t.Fatalf("%d keys stored, want %d", len(got), keys)
		}
		for i, k := range got {
			var n int
			if _, err := fmt.Sscanf(k, "S%03d", &n); err != nil {
				t.Fatal(err)
			}
			if odd := n%2 == 1; odd != (i < keys/2) {
				t.Fatalf("rank %d is %s: the odd keys (25 hits) come before the even ones (20)", i, k)
			}
		}
	})
}

// totalHits is the sum of the hits cache_metadata holds.
func totalHits(t *testing.T, e testdb.Engine) int64 {
	t.Helper()
	const q = "SELECT coalesce(sum(hit_count), 0) FROM cache_metadata"
	var n int64
	var err error
	if e.SQLite != nil {
		err = e.SQLite.Reader.QueryRowContext(context.Background(), q).Scan(&n)
	} else {
		err = e.Postgres.Pool.QueryRow(context.Background(), q).Scan(&n)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func BenchmarkHit(b *testing.B) {
	r := hotkeys.NewRecorder(nil, nil, 1000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for b.Loop() {
		r.Hit("asset", "AAPL")
	}
}
