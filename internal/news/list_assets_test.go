package news_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/news"
)

// TestListBySymbolsMerges pages through the news of two symbols, read one
// asset at a time from the links: every article about either comes once,
// newest first (ties by id), across keyset pages, and an article about
// both is not repeated.
func TestListBySymbolsMerges(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	for _, sym := range []string{"LMA", "LMB", "LMC"} {
		if err := d.Write.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: sym, Name: sym, Type: "stock", Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
	}
	s := news.New(news.Deps{DB: d})
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
