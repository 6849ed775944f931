package news_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

// TestIngestWithoutCache drives the domain as the demo seeder does: no
// cache, a listener for changes, and reads straight from the database.
func TestIngestWithoutCache(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := t.Context()
		mustAssets(t, e, "NWA", "NWB")
		var changes []news.Change
		s := serviceOn(e, news.Deps{Changed: func(c news.Change) { changes = append(changes, c) }})
		if s.CacheAdmins() != nil {
			t.Error("CacheAdmins without a cache")
		}
		t0 := time.Date(2031, 3, 2, 14, 0, 0, 0, time.UTC)
		in := func(url string, syms ...string) news.ArticleInput {
			return news.ArticleInput{URL: "https://news.example/" + url, Title: "t " + url, Source: "wire", PublishedAt: t0, Symbols: syms}
		}

		res, err := s.Ingest(ctx, []news.ArticleInput{in("a", "NWB", "NWA"), in("b"), in("a", "NWB")})
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{res.Articles[0].ID, res.Articles[1].ID}
		wantRes := news.IngestResult{Created: 2, Articles: []news.Ingested{
			{ID: ids[0], URL: "https://news.example/a", Created: true},
			{ID: ids[1], URL: "https://news.example/b", Created: true},
			{ID: ids[0], URL: "https://news.example/a"},
		}}
		if diff := cmp.Diff(wantRes, res); diff != "" || res.Duplicates() != 1 {
			t.Errorf("result (-want +got):\n%s duplicates %d", diff, res.Duplicates())
		}
		wantChanges := []news.Change{{Articles: []news.ChangedArticle{{ID: ids[0], Symbols: []string{"NWB", "NWA"}}, {ID: ids[1]}}}}
		if diff := cmp.Diff(wantChanges, changes); diff != "" {
			t.Errorf("changes (-want +got):\n%s", diff)
		}

		// Duplicates only: nothing changed, nobody told.
		if _, err := s.Ingest(ctx, []news.ArticleInput{in("b", "NWA")}); err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 {
			t.Errorf("a batch of duplicates reported %+v", changes[1:])
		}

		a, _, err := s.Article(ctx, ids[0])
		if err != nil || !slices.Equal(a.Article.Symbols, []string{"NWA", "NWB"}) || a.Article.Sentiment != nil {
			t.Errorf("Article = %+v, %v", a, err)
		}
		if _, _, err := s.Article(ctx, ids[1]+1); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown article: %v", err)
		}
		page, _, err := s.List(ctx, news.Filter{Symbols: []string{"NWA"}})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != ids[0] || page.NextCursor != "" {
			t.Errorf("List = %+v, %v", page, err)
		}
	})
}

// TestIngestRejectsWholeBatch: the paths of a rejected batch are relative
// to the domain input.
func TestIngestRejectsWholeBatch(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{Changed: func(c news.Change) { t.Errorf("changed %+v", c) }})
		_, err := s.Ingest(t.Context(), []news.ArticleInput{
			{URL: "https://news.example/x", Title: "ok", Source: "wire", PublishedAt: time.Now()},
			{URL: "https://news.example/y", Title: "bad \x02", Source: "wire", PublishedAt: time.Now(), Symbols: []string{"NOPE"}},
		})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Unprocessable || ae.Code != "invalid_batch" {
			t.Fatalf("err = %v", err)
		}
		want := []apperr.FieldError{
			{Path: "articles/1/title", Message: display.Message},
			{Path: "articles/1/symbols/0", Message: "unknown symbol NOPE"},
		}
		if diff := cmp.Diff(want, ae.Fields); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
		if n, err := storageOf(e).NewestID(t.Context()); err != nil || n != 0 {
			t.Errorf("a rejected batch stored articles: max id %d, %v", n, err)
		}
	})
}

// TestIngestConcurrentBatches: batches that share URLs, ingested at once,
// store each URL once, linked as the batch that created it says; on
// PostgreSQL the losers of a serialization conflict are run again, and what
// still conflicts answers 503 database_busy (a client retries it), never
// 500.
func TestIngestConcurrentBatches(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		const writers, urls = 4, 12
		symbols := []string{"CWA", "CWB", "CWC", "CWD"}
		mustAssets(t, e, symbols...)
		s := serviceOn(e, news.Deps{})
		results := make([]news.IngestResult, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				var batch []news.ArticleInput
				for i := range urls {
					n := (i*(w+1) + w) % urls // each writer its own order
					batch = append(batch, article(n, "Lithium", "", t0, symbols[w]))
				}
				results[w] = ingestRetrying(t, s, batch)
			})
		}
		wg.Wait()

		idOf, creator := map[string]int64{}, map[string]int{}
		for w, res := range results {
			for _, a := range res.Articles {
				if id, ok := idOf[a.URL]; ok && id != a.ID {
					t.Errorf("%s has ids %d and %d", a.URL, id, a.ID)
				}
				idOf[a.URL] = a.ID
				if a.Created {
					creator[a.URL]++
					got, _, err := s.Article(t.Context(), a.ID)
					if err != nil || !slices.Equal(got.Article.Symbols, []string{symbols[w]}) {
						t.Errorf("%s created by writer %d: %+v, %v", a.URL, w, got, err)
					}
				}
			}
		}
		if len(idOf) != urls {
			t.Errorf("%d urls stored, want %d", len(idOf), urls)
		}
		for url, n := range creator {
			if n != 1 {
				t.Errorf("%s created %d times", url, n)
			}
		}
		if page, _, err := s.List(t.Context(), news.Filter{}); err != nil || len(page.Items) != urls {
			t.Errorf("List: %d articles, %v; want %d", len(page.Items), err, urls)
		}
	})
}

// ingestRetrying ingests the batch, again while the database answers
// database_busy, as a client told to retry does.
func ingestRetrying(t *testing.T, s *news.Service, batch []news.ArticleInput) news.IngestResult {
	for {
		res, err := s.Ingest(t.Context(), batch)
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == "database_busy" {
			continue
		}
		if err != nil {
			t.Errorf("ingest: %v", err)
		}
		return res
	}
}
