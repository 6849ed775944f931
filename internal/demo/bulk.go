package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/store"
)

// BulkOptions shape a large synthetic data set for measuring how the
// service scales (cmd/scale). Unlike SeedMarket it is not idempotent: it
// fills an empty, migrated database, once.
type BulkOptions struct {
	// Anchor is the day the data leads up to (only its UTC date matters).
	Anchor time.Time
	// Assets is the size of the catalog: the demo catalog, then generated
	// stocks up to this count.
	Assets int
	// Articles is how many news articles to write. Their publication times
	// grow with their id across the year before Anchor (with jitter), as
	// in an archive that grows day by day.
	Articles int
	// DailyBars and IntradayBars are how many 1d and 5m bars to write, over
	// the first assets of the catalog (bulkBarsPerAsset 1d bars each).
	DailyBars, IntradayBars int
}

// BulkStats counts what Bulk wrote.
type BulkStats struct {
	Assets, Articles, Links, Bars int
	// NewsTime and BarsTime are how long the articles and the bars took.
	NewsTime, BarsTime time.Duration
	// NewsBytes is how much the database file grew with the articles
	// (their rows, links, indexes and full-text index).
	NewsBytes int64
}

// bulkRowsPerTx bounds a bulk transaction (a larger one only grows the WAL).
const bulkRowsPerTx = 50000

// bulkBarsPerAsset is the length of each asset's daily history in Bulk.
const bulkBarsPerAsset = 1000

// Bulk writes the data set of o straight through the writer connection:
// plain INSERTs in large transactions with synchronous writes off, no
// upserts, no per-row checks beyond the schema's. The demo generators make
// the content, so the vocabulary is that of seed-demo.
func Bulk(ctx context.Context, d *store.DB, o BulkOptions) (BulkStats, error) {
	anchor := o.Anchor.UTC().Truncate(24 * time.Hour)
	conn, err := d.Writer.Conn(ctx)
	if err != nil {
		return BulkStats{}, fmt.Errorf("bulk: %w", err)
	}
	defer conn.Close()
	for _, q := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return BulkStats{}, fmt.Errorf("bulk: %w", err)
		}
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000") //nolint:errcheck // best effort on a throwaway database
	cat := bulkCatalog(o.Assets)
	ids, err := bulkAssets(ctx, conn, cat, anchor)
	if err != nil {
		return BulkStats{}, err
	}
	st := BulkStats{Assets: len(cat), Articles: o.Articles}
	before, err := fileBytes(ctx, conn)
	if err != nil {
		return BulkStats{}, err
	}
	t0 := time.Now()
	if st.Links, err = bulkNews(ctx, conn, poolsOf(cat), ids, anchor, o.Articles); err != nil {
		return BulkStats{}, err
	}
	t1 := time.Now()
	after, err := fileBytes(ctx, conn)
	if err != nil {
		return BulkStats{}, err
	}
	st.NewsBytes = after - before
	if st.Bars, err = bulkBars(ctx, conn, cat, ids, anchor, o.DailyBars, o.IntradayBars); err != nil {
		return BulkStats{}, err
	}
	st.NewsTime, st.BarsTime = t1.Sub(t0), time.Since(t1)
	return st, nil
}

// bulkCatalog is the demo catalog followed by generated stocks up to n
// assets (symbols Z followed by base-36 digits, which no demo symbol uses).
func bulkCatalog(n int) []asset {
	cat := catalog()
	if n <= len(cat) {
		return cat[:max(n, 0)]
	}
	rng := rand.New(rand.NewPCG(catalogSeed, 2))
	for i := len(cat); i < n; i++ {
		sector := pick(rng, sectors)
		l := pick(rng, listings)
		name := pick(rng, namePrefixes) + " " + pick(rng, sectorWords[sector]) + " " + strconv.Itoa(i) + " " + l.Form
		cat = append(cat, asset{"Z" + strings.ToUpper(strconv.FormatInt(int64(i), 36)), name, "stock", l.MIC, l.Currency, sector})
	}
	return cat
}

// bulkAssets inserts cat and a quote for each, returning the ids by symbol.
func bulkAssets(ctx context.Context, conn *sql.Conn, cat []asset, anchor time.Time) (map[string]int64, error) {
	ids := make(map[string]int64, len(cat))
	asOf := anchor.Add(-time.Hour).Format("2006-01-02 15:04:05.000")
	err := bulkRows(ctx, conn, len(cat), []string{
		`INSERT INTO assets (id, symbol, name, type, exchange, currency, sector) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO quotes (asset_id, price, change, change_pct, volume, as_of, provider) VALUES (?, ?, 0, 0, 1000, ?, 'demo')`,
	}, func(i int, stmts []*sql.Stmt) error {
		a := cat[i]
		id := int64(i + 1)
		ids[a.Symbol] = id
		if _, err := stmts[0].ExecContext(ctx, id, a.Symbol, a.Name, a.Type, a.Exchange, a.Currency, a.Sector); err != nil {
			return fmt.Errorf("asset %s: %w", a.Symbol, err)
		}
		_, err := stmts[1].ExecContext(ctx, id, profileOf(a).Base, asOf)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bulk assets: %w", err)
	}
	return ids, nil
}

// bulkRows runs row(i) for i in [0, n) in transactions of bulkRowsPerTx
// rows, with stmts prepared in each.
func bulkRows(ctx context.Context, conn *sql.Conn, n int, stmts []string, row func(i int, stmts []*sql.Stmt) error) error {
	for start := 0; start < n; start += bulkRowsPerTx {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		prepared := make([]*sql.Stmt, len(stmts))
		for i, s := range stmts {
			if prepared[i], err = tx.PrepareContext(ctx, s); err != nil {
				_ = tx.Rollback()
				return err
			}
		}
		for i := start; i < min(start+bulkRowsPerTx, n); i++ {
			if err := row(i, prepared); err != nil {
				_ = tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// BulkSymbols are the symbols of the catalog of o, in id order; rare are
// those of the generated stocks (a few articles each at most) and
// barSymbols those with daily bars.
func BulkSymbols(o BulkOptions) (all, rare, barSymbols []string) {
	cat := bulkCatalog(o.Assets)
	demoLen := len(catalog())
	for i, a := range cat {
		all = append(all, a.Symbol)
		if i >= demoLen {
			rare = append(rare, a.Symbol)
		}
	}
	n := min(len(cat), (o.DailyBars+bulkBarsPerAsset-1)/bulkBarsPerAsset)
	return all, rare, all[:n]
}

// BulkNameWord is the word of the generated name of a rare symbol (its
// number), which only its articles hold.
func BulkNameWord(symbol string) string {
	n, err := strconv.ParseInt(symbol[1:], 36, 64)
	if err != nil {
		return symbol
	}
	return strconv.FormatInt(n, 10)
}

// fileBytes is the size of the database in pages times the page size.
func fileBytes(ctx context.Context, conn *sql.Conn) (int64, error) {
	var n int64
	err := conn.QueryRowContext(ctx, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("bulk: database size: %w", err)
	}
	return n, nil
}
