package news_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

// mustOpen opens a migrated database in a temporary directory.
func mustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	d, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "mp.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(context.Background(), 0); err != nil {
		tb.Fatal(err)
	}
	return d
}

func articleParams(n int, title, summary string, published time.Time) db.InsertArticleParams {
	return db.InsertArticleParams{
		Url: fmt.Sprintf("https://news.example/%d", n), Title: title, Summary: summary,
		Source: "wire", PublishedAt: published,
	}
}

func mustArticle(tb testing.TB, q *db.Queries, p db.InsertArticleParams) db.NewsArticle {
	tb.Helper()
	a, err := q.InsertArticle(tb.Context(), p)
	if err != nil {
		tb.Fatalf("insert article %s: %v", p.Url, err)
	}
	return a
}
