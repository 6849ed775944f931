package news_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the news storage of the engine's database.
func storageOf(e testdb.Engine) news.Storage {
	if e.Postgres != nil {
		return news.Postgres(e.Postgres)
	}
	return news.SQLite(e.SQLite)
}

// serviceOn is a service without a cache on the engine's database.
func serviceOn(e testdb.Engine, d news.Deps) *news.Service {
	d.Storage = storageOf(e)
	return news.New(d)
}

// mustAssets creates stock assets of the symbols, which news links to but
// does not create.
func mustAssets(tb testing.TB, e testdb.Engine, symbols ...string) {
	tb.Helper()
	for _, sym := range symbols {
		var err error
		if e.Postgres != nil {
			err = pgdb.New(e.Postgres.Pool).UpsertAsset(tb.Context(), pgdb.UpsertAssetParams{Symbol: sym, Name: sym, Type: "stock", Currency: "USD"})
		} else {
			err = e.SQLite.Write.UpsertAsset(tb.Context(), db.UpsertAssetParams{Symbol: sym, Name: sym, Type: "stock", Currency: "USD"})
		}
		if err != nil {
			tb.Fatalf("asset %s: %v", sym, err)
		}
	}
}

// article is the n-th test article, from the wire.
func article(n int, title, summary string, published time.Time, symbols ...string) news.ArticleInput {
	return news.ArticleInput{
		URL: fmt.Sprintf("https://news.example/%d", n), Title: title, Summary: summary,
		Source: "wire", PublishedAt: published, Symbols: symbols,
	}
}

// mustIngest stores the articles through s and returns their ids, in
// order.
func mustIngest(tb testing.TB, s *news.Service, in ...news.ArticleInput) []int64 {
	tb.Helper()
	res, err := s.Ingest(tb.Context(), in)
	if err != nil {
		tb.Fatalf("ingest: %v", err)
	}
	ids := make([]int64, len(res.Articles))
	for i, a := range res.Articles {
		ids[i] = a.ID
	}
	return ids
}
