package news_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

// TestListBySymbolsMerges pages through the news of two symbols, read one
// asset at a time from the links: every article about either comes once,
// newest first (ties by id), across keyset pages, and an article about
// both is not repeated.
func TestListBySymbolsMerges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		testListBySymbolsMerges(t, e)
	})
}

func testListBySymbolsMerges(t *testing.T, e testdb.Engine) {
	ctx := t.Context()
	mustAssets(t, e, "LMA", "LMB", "LMC")
	s := serviceOn(e, news.Deps{})
	t0 := time.Date(2031, 3, 2, 14, 0, 0, 0, time.UTC)
	var in []news.ArticleInput
	for i := range 12 {
		syms := [][]string{{"LMA"}, {"LMB"}, {"LMA", "LMB"}, {"LMC"}}[i%4]
		in = append(in, news.ArticleInput{
			URL: "https://news.example/" + strconv.Itoa(i), Title: "t", Source: "wire",
			// Pairs share a time, so ties are broken by id.
			PublishedAt: t0.Add(time.Duration(i/2) * time.Hour), Symbols: syms,
		})
	}
	res, err := s.Ingest(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64 // newest first: not the LMC articles
	for i := len(in) - 1; i >= 0; i-- {
		if i%4 != 3 {
			want = append(want, res.Articles[i].ID)
		}
	}
	var got []int64
	cursor := ""
	for pages := 0; ; pages++ {
		page, _, err := s.List(ctx, news.Filter{Symbols: []string{"LMB", "LMA"}, Limit: 4, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Items {
			got = append(got, a.ID)
		}
		if cursor = page.NextCursor; cursor == "" || pages > 10 {
			break
		}
	}
	if len(got) != len(want) {
		t.Fatalf("ids %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids %v, want %v", got, want)
		}
	}
}
