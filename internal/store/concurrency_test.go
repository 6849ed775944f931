package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// TestConcurrentWritesAndReads runs 32 goroutines of 500 mixed operations:
// writes through InTx (users, articles with a link, quotes, cache hits) and
// reads from the pool. A quarter of the goroutines write through a second
// DB handle on the same file, as another process would, so the two writer
// connections really contend for SQLite's lock. No error may reach a caller
// (in particular no SQLITE_BUSY) and every count must be exact.
func TestConcurrentWritesAndReads(t *testing.T) {
	t.Parallel()
	workers, ops := 32, 500
	if testing.Short() || raceEnabled {
		workers, ops = 32, 40
	}
	d := mustOpen(t)
	other, err := store.Open(t.Context(), d.Path(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	ctx := t.Context()
	assets := make([]db.Asset, workers)
	for g := range assets {
		assets[g] = mustAsset(t, d.Write, fmt.Sprintf("C%02d", g), "Concurrent")
	}
	t0 := at(t, "2026-03-02 14:00:00")

	errs := make(chan error, workers*ops)
	var wg sync.WaitGroup
	for g := range workers {
		h := d
		if g%4 == 3 {
			h = other
		}
		wg.Go(func() {
			for i := range ops {
				if err := mixedOp(ctx, h, g, i, assets[g].ID, t0); err != nil {
					errs <- fmt.Errorf("worker %d op %d: %w", g, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	busy := 0
	for err := range errs {
		var se *sqlite.Error
		if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED) {
			busy++
		}
		t.Error(err)
	}
	if busy > 0 {
		t.Fatalf("%d SQLITE_BUSY/LOCKED errors reached callers", busy)
	}

	perKind := workers * ops / 4
	for table, want := range map[string]int{"users": perKind, "news_articles": perKind, "news_article_assets": perKind} {
		if n := count(t, d, table, "1"); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if m := must(d.Read.GetCacheMetadata(ctx, "hot"))(t); m.HitCount != int64(perKind) {
		t.Errorf("hot key: %d hits, want %d", m.HitCount, perKind)
	}
	for g, a := range assets {
		q := must(d.Read.GetQuote(ctx, a.ID))(t)
		if want := float64(lastOf(ops, 2)); q.Price != want {
			t.Errorf("worker %d: quote %v, want the last written %v", g, q.Price, want)
		}
	}
}

// lastOf is the last i < ops with i%4 == kind.
func lastOf(ops, kind int) int {
	for i := ops - 1; ; i-- {
		if i%4 == kind {
			return i
		}
	}
}

func mixedOp(ctx context.Context, d *store.DB, g, i int, asset int64, t0 time.Time) error {
	switch i % 4 {
	case 0:
		return d.InTx(ctx, func(q *db.Queries) error {
			_, err := q.CreateUser(ctx, db.CreateUserParams{Email: fmt.Sprintf("w%d-%d@example.com", g, i), PasswordHash: argon2, DisplayName: "W", Role: "user"})
			return err
		})
	case 1:
		return d.InTx(ctx, func(q *db.Queries) error {
			a, err := q.InsertArticle(ctx, articleParams(g*100_000+i, fmt.Sprintf("Concurrent news g%dx%d", g, i), "text", t0.Add(time.Duration(i)*time.Second)))
			if err != nil {
				return err
			}
			return q.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: a.ID, AssetID: asset})
		})
	case 2:
		return d.InTx(ctx, func(q *db.Queries) error {
			if _, err := q.UpsertQuote(ctx, quote(asset, float64(i), t0.Add(time.Duration(i)*time.Millisecond))); err != nil {
				return err
			}
			return q.RecordCacheHits(ctx, hits("hot", "quote", 1, t0))
		})
	default:
		if _, err := d.Read.ListNews(ctx, db.ListNewsParams{BeforeID: 1 << 62, MaxRows: 20}); err != nil {
			return err
		}
		if _, err := d.Read.GetQuote(ctx, asset); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// The article this worker wrote two operations ago.
		_, err := d.Read.SearchNews(ctx, db.SearchNewsParams{Query: fmt.Sprintf(`"g%dx%d"`, g, i-2), MaxRows: 5})
		return err
	}
}
