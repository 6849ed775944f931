package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestNewsFilters(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA", "NWB", "NWC")
	h := func(n int) time.Time { return newsT0.Add(time.Duration(n) * time.Hour) }
	// ids[i] is article i; published h(i), except 3 and 4 share h(3).
	res := mustIngest(t, s,
		newsIn(newsURL("f", 0), "zero", "", "wire", h(0), "NWA"),
		newsIn(newsURL("f", 1), "one", "", "blog", h(1), "NWB"),
		newsIn(newsURL("f", 2), "two", "", "wire", h(2), "NWA", "NWB"),
		newsIn(newsURL("f", 3), "three", "", "blog", h(3)),
		newsIn(newsURL("f", 4), "four", "", "wire", h(3), "NWC"),
		newsIn(newsURL("f", 5), "five", "", "wire", h(5), "NWB", "NWC"),
	)
	id := ingestedIDs(res)
	since := oas.NewOptDateTime(h(0))

	tests := []struct {
		name string
		give oas.ListNewsParams
		want []int64
	}{
		{"since alone, inclusive", oas.ListNewsParams{Since: since}, []int64{id[5], id[4], id[3], id[2], id[1], id[0]}},
		{"until exclusive", oas.ListNewsParams{Since: since, Until: oas.NewOptDateTime(h(3))}, []int64{id[2], id[1], id[0]}},
		{"one symbol", oas.ListNewsParams{Symbol: symbols("NWA")}, []int64{id[2], id[0]}},
		{"two symbols, any of them, each article once", oas.ListNewsParams{Symbol: symbols("NWB", "NWA")}, []int64{id[5], id[2], id[1], id[0]}},
		{"unknown symbol among known", oas.ListNewsParams{Symbol: symbols("NWC", "NOPE")}, []int64{id[5], id[4]}},
		{"only unknown symbols", oas.ListNewsParams{Symbol: symbols("NOPE")}, []int64{}},
		{"source", oas.ListNewsParams{Source: oas.NewOptNewsSource("blog"), Since: since}, []int64{id[3], id[1]}},
		{"symbol and source", oas.ListNewsParams{Symbol: symbols("NWB"), Source: oas.NewOptNewsSource("wire")}, []int64{id[5], id[2]}},
		{"symbols, source and window", oas.ListNewsParams{
			Symbol: symbols("NWA", "NWB", "NWC"), Source: oas.NewOptNewsSource("wire"),
			Since: oas.NewOptDateTime(h(2)), Until: oas.NewOptDateTime(h(5)),
		}, []int64{id[4], id[2]}},
		{"empty window", oas.ListNewsParams{Since: oas.NewOptDateTime(h(3)), Until: oas.NewOptDateTime(h(3))}, []int64{}},
		{"unknown source", oas.ListNewsParams{Source: oas.NewOptNewsSource("nobody")}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int32{50, 1} { // one page, and one article per page
				tt.give.Limit = oas.NewOptInt32(limit)
				got := newsIDs(walkNews(t, s, tt.give, nil))
				wantIDs(t, "ids", got, tt.want)
			}
		})
	}

	page, _ := mustListNews(t, s, oas.ListNewsParams{Symbol: symbols("NWA")})
	if got := page.Items[0].Symbols; !slices.Equal(got, symbols("NWA", "NWB")) {
		t.Errorf("symbols of a listed article = %v", got)
	}
}

func TestNewsCursorIsBoundToFilters(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA")
	for i := range 3 {
		mustIngest(t, s, newsIn(newsURL("c", i), "cursor quokka", "", "wire", newsT0.Add(time.Duration(i)*time.Minute), "NWA"))
	}
	ctx := context.Background()
	page, _ := mustListNews(t, s, oas.ListNewsParams{Symbol: symbols("NWA"), Limit: oas.NewOptInt32(1)})
	cursor := page.NextCursor.Value
	_, err := s.Client.ListNews(ctx, oas.ListNewsParams{Symbol: symbols("NWA"), Source: oas.NewOptNewsSource("wire"), Cursor: oas.NewOptString(cursor)})
	wantProblem(t, err, http.StatusBadRequest, "invalid_cursor")
	_, err = s.Client.ListNews(ctx, oas.ListNewsParams{Symbol: symbols("NWA"), Q: oas.NewOptString("quokka"), Cursor: oas.NewOptString(cursor)})
	wantProblem(t, err, http.StatusBadRequest, "invalid_cursor")
	for _, bad := range []string{"abc", "bjF8eHh8MXwy", "czF8eHh8MXwy"} {
		_, err = s.Client.ListNews(ctx, oas.ListNewsParams{Cursor: oas.NewOptString(bad)})
		wantProblem(t, err, http.StatusBadRequest, "invalid_cursor")
	}
	// The symbols' order does not matter.
	next, _ := mustListNews(t, s, oas.ListNewsParams{Symbol: symbols("NWA"), Limit: oas.NewOptInt32(1), Cursor: oas.NewOptString(cursor)})
	if len(next.Items) != 1 || next.Items[0].ID == page.Items[0].ID {
		t.Errorf("second page = %+v", next.Items)
	}
}

// TestNewsPaginationUnderConcurrentInserts walks the news, and a search,
// while another goroutine ingests articles (newer, older and tied with the
// existing ones, matching the search): every article that existed at the
// start appears exactly once, in order.
func TestNewsPaginationUnderConcurrentInserts(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWW")
	var batch []oas.NewsInput
	for i := range 90 {
		// Titles and summaries of equal length, so that the bm25 order of
		// the search depends on the number of matches only and articles
		// arriving (which change bm25's corpus statistics) cannot reorder it.
		title := "walk quokka number item"
		if i%3 == 0 {
			title = "walk lemur number item"
		}
		batch = append(batch, newsIn(newsURL("w", i), title, "the quokka article under concurrent inserts", "walker",
			newsT0.Add(time.Duration(i/4)*time.Minute), "NWW"))
	}
	mustIngest(t, s, batch...)

	for _, tt := range []struct {
		name string
		give oas.ListNewsParams
	}{
		{"list", oas.ListNewsParams{Source: oas.NewOptNewsSource("walker"), Limit: oas.NewOptInt32(7)}},
		{"list by symbol", oas.ListNewsParams{Symbol: symbols("NWW"), Limit: oas.NewOptInt32(7)}},
		{"search", oas.ListNewsParams{Q: oas.NewOptString("quokka"), Source: oas.NewOptNewsSource("walker"), Limit: oas.NewOptInt32(7)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// What exists now (earlier subtests added articles), walked
			// while nothing is inserted.
			existing := map[int64]bool{}
			for _, a := range walkNews(t, s, tt.give, nil) {
				existing[int64(a.ID)] = true
			}
			if len(existing) < 90 {
				t.Fatalf("quiet walk saw %d articles", len(existing))
			}
			var (
				stop atomic.Bool
				wg   sync.WaitGroup
				n    atomic.Int64
			)
			// Stops the inserts also when the walk fails the test, so that
			// none reports after the test has ended.
			defer func() { stop.Store(true); wg.Wait() }()
			insert := func() {
				defer wg.Done()
				for !stop.Load() {
					i := int(n.Add(1))
					at := newsT0.Add(time.Duration(i%40-10) * time.Minute / 2)
					in := newsIn(newsURL("w-"+strings.ReplaceAll(tt.name, " ", "-"), i), "walk quokka number new", "the quokka article under concurrent inserts", "walker", at, "NWW")
					if _, err := s.Admin.IngestNews(context.Background(), &oas.NewsBatch{Articles: []oas.NewsInput{in}}); err != nil {
						t.Errorf("concurrent ingest: %v", err)
						return
					}
				}
			}
			// The inserts start once the first page is read: the articles
			// that existed then are those of the quiet walk.
			var once sync.Once
			pause := func() {
				once.Do(func() { wg.Add(1); go insert() })
				time.Sleep(time.Millisecond)
			}
			p := tt.give
			p.Limit = oas.NewOptInt32(p.Limit.Value - 1) // not the quiet walk's cached pages
			items := walkNews(t, s, p, pause)
			stop.Store(true)
			wg.Wait()
			if n.Load() < 5 {
				t.Fatalf("only %d concurrent inserts: the test proves nothing", n.Load())
			}

			seen := map[int64]bool{}
			for i, a := range items {
				if seen[int64(a.ID)] {
					t.Fatalf("article %d twice", a.ID)
				}
				seen[int64(a.ID)] = true
				if tt.give.Q.Set {
					if !existing[int64(a.ID)] {
						t.Errorf("search page shows article %d stored after its first page", a.ID)
					}
					if i > 0 && a.Match.Value.Score > items[i-1].Match.Value.Score {
						t.Errorf("scores not descending at %d", i)
					}
				} else if i > 0 && a.PublishedAt.After(items[i-1].PublishedAt) {
					t.Errorf("not newest first at %d", i)
				}
			}
			want := len(existing) // the lemur articles match the search in their summary
			found := 0
			for id := range existing {
				if seen[id] {
					found++
				}
			}
			if found != want {
				t.Errorf("walk saw %d of the %d articles that existed at the start", found, want)
			}
		})
	}
}

func TestArticleGet(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA", "NWB")
	ctx := context.Background()
	in := newsIn(newsURL("g", 1), "Quokkas <rally> & more", "Summary", "wire", newsT0, "NWB", "NWA")
	in.Author = oas.NewOptString("Ann")
	in.Sentiment = oas.NewOptFloat64(0.5)
	id := ingestedIDs(mustIngest(t, s, in))[0]

	a, hdr, err := apitest.Body[oas.NewsArticle](s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(id)}))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != in.Title || a.Author != "Ann" || a.Sentiment.Value != 0.5 || !a.PublishedAt.Equal(newsT0) ||
		!slices.Equal(a.Symbols, symbols("NWA", "NWB")) || a.Match.Set {
		t.Errorf("GetArticle = %+v", a)
	}
	etag := hdr.Get("ETag")
	if etag == "" || hdr.Get("Cache-Control") == "" {
		t.Errorf("headers = %v", hdr)
	}
	if _, err := apitest.NotModified(s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(id), IfNoneMatch: oas.NewOptString(etag)})); err != nil {
		t.Errorf("conditional GET: %v", err)
	}

	_, err = s.Client.GetArticle(ctx, oas.GetArticleParams{ArticleId: oas.ID(id + 1000)})
	wantProblem(t, err, http.StatusNotFound, "not_found")
}
