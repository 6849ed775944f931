package hotkeys_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

func mustDB(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	d, err := store.Open(ctx, filepath.Join(tb.TempDir(), "mp.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(ctx, 0); err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestRecorderFlushesBatchesAndRanksKeys(t *testing.T) {
	t.Parallel()
	d := mustDB(t)
	ctx := context.Background()
	r := hotkeys.NewRecorder(d, map[string]time.Duration{"asset": time.Minute}, 3, slog.New(slog.NewTextHandler(io.Discard, nil)))

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
}

func BenchmarkHit(b *testing.B) {
	r := hotkeys.NewRecorder(nil, nil, 1000, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for b.Loop() {
		r.Hit("asset", "AAPL")
	}
}
