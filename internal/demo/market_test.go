package demo_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/testdb"
)

var anchor = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

// mustMigratedDB opens a fresh database file built by the real migrations.
// The checks below read the data set with SQLite's SQL; engines_test.go
// reads it back through the domains on both engines.
func mustMigratedDB(tb testing.TB) *store.DB {
	tb.Helper()
	return testdb.SQLite(tb)
}

// mustSeedMarket runs SeedMarket and fails the test on an error.
func mustSeedMarket(tb testing.TB, d *store.DB, opts demo.MarketOptions) demo.MarketStats {
	tb.Helper()
	st, err := demo.SeedMarket(context.Background(), market.SQLite(d), news.New(news.Deps{Storage: news.SQLite(d)}), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// contentQueries select the whole data set in a fixed order, by symbol and
// URL rather than by id. The write times are left out: they differ between
// two databases seeded a moment apart.
var contentQueries = []string{
	`SELECT symbol, name, type, exchange, currency, sector, active FROM assets ORDER BY symbol`,
	`SELECT a.symbol, q.price, q.change, q.change_pct, q.volume, q.market_cap, q.as_of, q.provider
	   FROM quotes q JOIN assets a ON a.id = q.asset_id ORDER BY a.symbol`,
	`SELECT a.symbol, b.interval, b.ts, b.open, b.high, b.low, b.close, b.volume
	   FROM price_bars b JOIN assets a ON a.id = b.asset_id ORDER BY a.symbol, b.interval, b.ts`,
	`SELECT url, title, summary, source, author, published_at, sentiment FROM news_articles ORDER BY url`,
	`SELECT n.url, a.symbol FROM news_article_assets na
	   JOIN news_articles n ON n.id = na.article_id JOIN assets a ON a.id = na.asset_id ORDER BY n.url, a.symbol`,
}

// writeTimeQueries select what a re-seed must not touch either.
var writeTimeQueries = []string{
	`SELECT symbol, updated_at FROM assets ORDER BY symbol`,
	`SELECT asset_id, updated_at FROM quotes ORDER BY asset_id`,
	`SELECT id, url, created_at FROM news_articles ORDER BY id`,
}

// mustHash is a SHA-256 over every row the queries return.
func mustHash(tb testing.TB, d *store.DB, queries []string) string {
	tb.Helper()
	h := sha256.New()
	for _, q := range queries {
		rows, err := d.Reader.QueryContext(context.Background(), q)
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintf(h, "%v\x00", vals)
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func mustCount(tb testing.TB, d *store.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := d.Reader.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSeedMarketIsDeterministic(t *testing.T) {
	t.Parallel()
	opts := demo.MarketOptions{Anchor: anchor, Articles: 150, BarAssets: 4}
	a, b := mustMigratedDB(t), mustMigratedDB(t)
	mustSeedMarket(t, a, opts)
	mustSeedMarket(t, b, opts)
	if ha, hb := mustHash(t, a, contentQueries), mustHash(t, b, contentQueries); ha != hb {
		t.Errorf("two seeds with the same options differ: %s vs %s", ha, hb)
	}
	// The anchor matters: a later one adds days and moves the quotes.
	before := mustHash(t, b, contentQueries)
	mustSeedMarket(t, b, demo.MarketOptions{Anchor: anchor.AddDate(0, 0, 3), Articles: 150, BarAssets: 4})
	if mustHash(t, b, contentQueries) == before {
		t.Error("a later anchor changed nothing: the anchor is ignored")
	}
}

func TestSeedMarketIsIdempotent(t *testing.T) {
	t.Parallel()
	d := mustMigratedDB(t)
	if _, err := demo.Seed(context.Background(), market.SQLite(d)); err != nil {
		t.Fatal(err)
	}
	opts := demo.MarketOptions{Anchor: anchor, Articles: 100, BarAssets: 4}
	first := mustSeedMarket(t, d, opts)
	content := mustHash(t, d, contentQueries)
	writes := mustHash(t, d, writeTimeQueries)
	second := mustSeedMarket(t, d, opts)
	if first != second {
		t.Errorf("stats: first %+v, second %+v", first, second)
	}
	if got := mustHash(t, d, contentQueries); got != content {
		t.Error("re-seeding changed the content")
	}
	if got := mustHash(t, d, writeTimeQueries); got != writes {
		t.Error("re-seeding rewrote unchanged rows (updated_at or created_at moved)")
	}
	// Asking for more articles adds to the same ones.
	mustSeedMarket(t, d, demo.MarketOptions{Anchor: anchor, Articles: 150, BarAssets: 4})
	if n := mustCount(t, d, `SELECT count(*) FROM news_articles`); n != 150 {
		t.Errorf("after seeding 100 then 150 articles: %d stored", n)
	}
}

// TestSeedMarketCountsAndValidity checks the full data set (all bar
// assets) once: seeding it is the slow part under -race.
func TestSeedMarketCountsAndValidity(t *testing.T) {
	t.Parallel()
	d := mustMigratedDB(t)
	const articles = 300
	st := mustSeedMarket(t, d, demo.MarketOptions{Anchor: anchor, Articles: articles})
	t.Run("counts", func(t *testing.T) { checkCounts(t, d, st, articles) })
	t.Run("validity", func(t *testing.T) { checkValidity(t, d) })
}

func checkCounts(t *testing.T, d *store.DB, st demo.MarketStats, articles int) {

	count := func(q string, args ...any) int { return mustCount(t, d, q, args...) }
	assets := count(`SELECT count(*) FROM assets`)
	if assets < 200 || assets != st.Assets {
		t.Errorf("assets: %d stored, stats say %d, want ≥ 200", assets, st.Assets)
	}
	for _, typ := range []string{"stock", "etf", "crypto", "index", "forex", "commodity"} {
		if n := count(`SELECT count(*) FROM assets WHERE type = ?`, typ); n < 8 {
			t.Errorf("%d assets of type %s, want ≥ 8", n, typ)
		}
	}
	if n := count(`SELECT count(*) FROM quotes WHERE provider = 'demo'`); n != assets {
		t.Errorf("%d demo quotes for %d assets", n, assets)
	}
	if n := count(`SELECT count(DISTINCT asset_id) FROM price_bars WHERE interval = '1d'`); n < 30 || n > 50 {
		t.Errorf("%d assets with daily bars, want about 40", n)
	}
	if n := count(`SELECT count(*) FROM price_bars`); n != st.Bars {
		t.Errorf("%d bars stored, stats say %d", n, st.Bars)
	}
	// A year of bars: about 260 weekdays, 365 days for crypto.
	perAsset := count(`SELECT min(c) FROM (SELECT count(*) AS c FROM price_bars GROUP BY asset_id)`)
	maxPerAsset := count(`SELECT max(c) FROM (SELECT count(*) AS c FROM price_bars GROUP BY asset_id)`)
	if perAsset < 255 || maxPerAsset > 366 {
		t.Errorf("bars per asset between %d and %d, want a year of them", perAsset, maxPerAsset)
	}
	if n := count(`SELECT count(*) FROM news_articles`); n != articles {
		t.Errorf("%d articles, want %d", n, articles)
	}
	if n := count(`SELECT count(*) FROM news_article_assets`); n != st.Links || n < articles || n > 3*articles {
		t.Errorf("%d links (stats %d) for %d articles", n, st.Links, articles)
	}
	if n := count(`SELECT count(*) FROM (SELECT count(*) c FROM news_article_assets GROUP BY article_id) WHERE c NOT BETWEEN 1 AND 3`); n != 0 {
		t.Errorf("%d articles linked to fewer than 1 or more than 3 symbols", n)
	}
	if n := count(`SELECT count(*) FROM news_articles WHERE id NOT IN (SELECT article_id FROM news_article_assets)`); n != 0 {
		t.Errorf("%d articles about no asset", n)
	}
	if n := count(`SELECT count(DISTINCT source) FROM news_articles`); n < 5 {
		t.Errorf("%d sources, want variety", n)
	}
	if n := count(`SELECT count(DISTINCT title) FROM news_articles`); n < articles*9/10 {
		t.Errorf("%d distinct titles among %d articles", n, articles)
	}
}

// symbolPattern is the Symbol schema of openapi.yaml.
var symbolPattern = regexp.MustCompile(`^[A-Z0-9^][A-Z0-9.=^-]{0,19}$`)

func checkValidity(t *testing.T, d *store.DB) {
	ctx := context.Background()

	rows, err := d.Reader.QueryContext(ctx, `SELECT symbol, name, exchange, currency, sector FROM assets`)
	if err != nil {
		t.Fatal(err)
	}
	exchange, currency := regexp.MustCompile(`^[A-Z0-9]{0,16}$`), regexp.MustCompile(`^[A-Z]{3}$`)
	for rows.Next() {
		var sym, name, ex, cur, sector string
		if err := rows.Scan(&sym, &name, &ex, &cur, &sector); err != nil {
			t.Fatal(err)
		}
		if !symbolPattern.MatchString(sym) || name == "" || len(name) > 200 || !exchange.MatchString(ex) ||
			!currency.MatchString(cur) || len(sector) > 64 {
			t.Errorf("asset does not fit the API schema: %q %q %q %q %q", sym, name, ex, cur, sector)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()

	badBars := mustCount(t, d, `SELECT count(*) FROM price_bars
		WHERE NOT (low > 0 AND low <= open AND low <= close AND high >= open AND high >= close)
		   OR time(ts) != '00:00:00' OR ts >= ? OR ts < ?`,
		anchor.Format("2006-01-02 15:04:05"), anchor.AddDate(-1, 0, -1).Format("2006-01-02 15:04:05"))
	if badBars != 0 {
		t.Errorf("%d bars with invalid OHLC, a ts off UTC midnight or outside the year before the anchor", badBars)
	}
	badQuotes := mustCount(t, d, `SELECT count(*) FROM quotes
		WHERE price <= 0 OR as_of >= ? OR as_of < ?`,
		anchor.Format("2006-01-02 15:04:05"), anchor.AddDate(0, 0, -4).Format("2006-01-02 15:04:05"))
	if badQuotes != 0 {
		t.Errorf("%d quotes not priced or not observed in the days before the anchor", badQuotes)
	}
	badNews := mustCount(t, d, `SELECT count(*) FROM news_articles
		WHERE published_at >= ? OR published_at < ? OR url NOT LIKE 'https://%.example/%'`,
		anchor.Format("2006-01-02 15:04:05"), anchor.AddDate(-1, 0, -1).Format("2006-01-02 15:04:05"))
	if badNews != 0 {
		t.Errorf("%d articles published outside the year before the anchor or not under .example", badNews)
	}
}

func TestSeedMarketRejectsBadOptions(t *testing.T) {
	t.Parallel()
	d := mustMigratedDB(t)
	tests := []struct {
		name string
		give demo.MarketOptions
	}{
		{"no anchor", demo.MarketOptions{}},
		{"anchor before the walks begin", demo.MarketOptions{Anchor: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}},
		{"negative count", demo.MarketOptions{Anchor: anchor, Articles: -1}},
		{"negative bar assets", demo.MarketOptions{Anchor: anchor, BarAssets: -1}},
	}
	for _, tt := range tests {
		if _, err := demo.SeedMarket(context.Background(), market.SQLite(d), news.New(news.Deps{Storage: news.SQLite(d)}), tt.give); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if n := mustCount(t, d, `SELECT count(*) FROM assets`); n != 0 {
		t.Errorf("a refused seed wrote %d assets", n)
	}
}
