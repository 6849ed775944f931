package demo_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

// newsOf is the news domain on the engine of e, without a cache, as
// seed-demo builds it.
func newsOf(e testdb.Engine) *news.Service {
	if e.Postgres != nil {
		return news.New(news.Deps{Storage: news.Postgres(e.Postgres)})
	}
	return news.New(news.Deps{Storage: news.SQLite(e.SQLite)})
}

// SeedMarket writes the same data set through the domains on both
// engines, and seeding again changes nothing there, not even a write time.
func TestSeedMarketIsTheSameOnBothEngines(t *testing.T) {
	t.Parallel()
	opts := demo.MarketOptions{Anchor: anchor, Articles: 120, BarAssets: 3}
	content := map[string]string{}
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		st, n := storageOf(e), newsOf(e)
		first, err := demo.SeedMarket(ctx, st, n, opts)
		if err != nil {
			t.Fatal(err)
		}
		data, writes := mustDigest(t, st, n, first)
		again, err := demo.SeedMarket(ctx, st, n, opts)
		if err != nil || again != first {
			t.Fatalf("second seed: %+v (%v), first %+v", again, err, first)
		}
		if data2, writes2 := mustDigest(t, st, n, first); data2 != data || writes2 != writes {
			t.Error("re-seeding changed the data set or rewrote unchanged rows")
		}
		content[e.Name] = data
	})
	if a, b := content[testdb.NameSQLite], content[testdb.NamePostgres]; a != "" && b != "" && a != b {
		t.Error("the data sets of SQLite and PostgreSQL differ")
	}
}

// mustDigest reads the whole data set back through the domains and
// hashes it twice: its content (no ids, no write times) and its write
// times. It checks the counts of st against the stats on the way.
func mustDigest(t *testing.T, st market.Storage, n *news.Service, stats demo.MarketStats) (data, writes string) {
	t.Helper()
	ctx := context.Background()
	d, w := sha256.New(), sha256.New()
	assets, err := st.ListAssets(ctx, market.AssetRows{Rows: 1000})
	if err != nil || len(assets) != stats.Assets {
		t.Fatalf("%d assets (%v), stats say %d", len(assets), err, stats.Assets)
	}
	bars := 0
	for _, a := range assets {
		fmt.Fprintf(d, "%s|%s|%s|%s|%s|%s|%v\n", a.Symbol, a.Name, a.Type, a.Exchange, a.Currency, a.Sector, a.Active)
		fmt.Fprintf(w, "%s %v %v\n", a.Symbol, a.CreatedAt, a.UpdatedAt)
		q, _, err := st.Quote(ctx, a.Symbol)
		if err != nil {
			t.Fatalf("quote of %s: %v", a.Symbol, err)
		}
		fmt.Fprintf(d, "%v|%v|%v|%d|%s|%v|%s\n", q.Price, q.Change, q.ChangePct, q.Volume, floatText(q.MarketCap), q.AsOf, q.Provider)
		fmt.Fprintf(w, "%v\n", q.UpdatedAt)
		bs, err := st.Bars(ctx, a.Symbol, market.Interval1d, anchor.AddDate(-2, 0, 0), anchor, market.MaxHistoryBars)
		if err != nil {
			t.Fatal(err)
		}
		bars += len(bs)
		for _, b := range bs {
			fmt.Fprintf(d, "%v|%v|%v|%v|%v|%d\n", b.Ts, b.Open, b.High, b.Low, b.Close, b.Volume)
		}
	}
	if bars != stats.Bars {
		t.Errorf("%d bars, stats say %d", bars, stats.Bars)
	}
	digestNews(t, n, stats, d, w)
	return fmt.Sprintf("%x", d.Sum(nil)), fmt.Sprintf("%x", w.Sum(nil))
}

// digestNews hashes every article, in order of URL: two engines may give
// articles published at the same time other ids.
func digestNews(t *testing.T, n *news.Service, stats demo.MarketStats, d, w hash.Hash) {
	t.Helper()
	var all []news.Article
	f := news.Filter{Limit: 100}
	for {
		p, _, err := n.List(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			break
		}
		f.Cursor = p.NextCursor
	}
	slices.SortFunc(all, func(a, b news.Article) int { return strings.Compare(a.URL, b.URL) })
	links := 0
	for _, a := range all {
		links += len(a.Symbols)
		fmt.Fprintf(d, "%s|%s|%s|%s|%s|%v|%s|%v\n", a.URL, a.Title, a.Summary, a.Source, a.Author, a.PublishedAt, floatText(a.Sentiment), a.Symbols)
		fmt.Fprintf(w, "%s %v\n", a.URL, a.CreatedAt)
	}
	if len(all) != stats.Articles || links != stats.Links {
		t.Errorf("%d articles with %d links, stats say %d with %d", len(all), links, stats.Articles, stats.Links)
	}
}

func floatText(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}
