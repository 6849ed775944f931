package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestNewsIngestDeduplicatesAndLinks(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA", "NWB")
	ctx := context.Background()
	first := mustIngest(t, s, newsIn(newsURL("i", 1), "Original", "", "wire", newsT0, "NWA"))
	old := int64(first.Articles[0].ID)

	res := mustIngest(t, s,
		newsIn(newsURL("i", 2), "New", "", "wire", newsT0, "NWA", "NWB"),
		newsIn(newsURL("i", 1), "Changed title", "changed", "blog", newsT0.Add(time.Hour), "NWB"),
		newsIn(newsURL("i", 2), "Repeated in the batch", "", "wire", newsT0),
		newsIn(newsURL("i", 3), "Also new", "", "wire", newsT0),
	)
	if res.Received != 4 || res.Created != 2 || res.Duplicates != 2 {
		t.Errorf("counts = %+v", res)
	}
	ids := ingestedIDs(res)
	wantCreated := []bool{true, false, false, true}
	for i, a := range res.Articles {
		if a.Created != wantCreated[i] || a.URL != newsURL("i", []int{2, 1, 2, 3}[i]) {
			t.Errorf("article %d = %+v", i, a)
		}
	}
	if ids[1] != old || ids[2] != ids[0] || ids[3] == ids[0] {
		t.Errorf("ids = %v, the stored article is %d", ids, old)
	}

	a, _, err := apitest.Body[oas.NewsArticle](s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(old)}))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Original" || a.Source != "wire" || !slices.Equal(a.Symbols, symbols("NWA")) {
		t.Errorf("the duplicate changed the stored article: %+v", a)
	}
	a, _, err = apitest.Body[oas.NewsArticle](s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(ids[0])}))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "New" || !slices.Equal(a.Symbols, symbols("NWA", "NWB")) || !a.Sentiment.Null {
		t.Errorf("new article = %+v", a)
	}
}

func TestNewsIngestRejectsWholeBatch(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA")
	ctx := context.Background()
	count := func() int64 {
		t.Helper()
		n, err := s.SQLite(t).Read.MaxArticleID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// An article cached as missing must appear once it is stored.
	next := count() + 1
	_, err := s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(next)})
	wantProblem(t, err, http.StatusNotFound, "not_found")

	good := func(i int) oas.NewsInput { return newsIn(newsURL("r", i), "ok", "", "wire", newsT0, "NWA") }
	bad := func(i int, mutate func(*oas.NewsInput)) []oas.NewsInput {
		batch := []oas.NewsInput{good(0), good(1), good(2), good(3), good(4)}
		mutate(&batch[i])
		return batch
	}
	tests := []struct {
		name     string
		give     []oas.NewsInput
		pointers []string
	}{
		{"unknown symbol", bad(4, func(in *oas.NewsInput) { in.Symbols = symbols("NWA", "NOPE") }), []string{"/body/articles/4/symbols/1"}},
		{"two unknown symbols", bad(1, func(in *oas.NewsInput) { in.Symbols = symbols("NOPE", "NADA") }), []string{"/body/articles/1/symbols/0", "/body/articles/1/symbols/1"}},
		{"control character", bad(2, func(in *oas.NewsInput) { in.Title = "bad \x02 marker" }), []string{"/body/articles/2/title"}},
		{"year 0 in UTC", bad(0, func(in *oas.NewsInput) { in.PublishedAt = time.Date(1, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600)) }), []string{"/body/articles/0/publishedAt"}},
	}
	before := count()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Admin.IngestNews(ctx, &oas.NewsBatch{Articles: tt.give})
			p := mustProblem(t, err, http.StatusUnprocessableEntity, "invalid_batch")
			if got := pointers(p); !slices.Equal(got, tt.pointers) {
				t.Errorf("pointers = %v, want %v", got, tt.pointers)
			}
			if count() != before {
				t.Error("a rejected batch stored articles")
			}
		})
	}

	res := mustIngest(t, s, good(0))
	if int64(res.Articles[0].ID) != next {
		t.Fatalf("id = %d, want %d", res.Articles[0].ID, next)
	}
	if _, _, err := apitest.Body[oas.NewsArticle](s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(next)})); err != nil {
		t.Errorf("article stored after a cached 404: %v", err)
	}
}
