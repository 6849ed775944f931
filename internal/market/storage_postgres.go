package market

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is the market's storage on the PostgreSQL engine.
func Postgres(d *pgstore.DB) Storage { return pgStorage{d: d, q: pgdb.New(d.Pool)} }

type pgStorage struct {
	d *pgstore.DB
	q *pgdb.Queries // on the pool: reads, and writes of one statement
}

func (s pgStorage) Asset(ctx context.Context, symbol string) (Asset, error) {
	row, err := s.q.GetAssetBySymbol(ctx, symbol)
	if err != nil {
		return Asset{}, pgstore.Translate(err, "asset "+symbol)
	}
	return pgAsset(row), nil
}

// ListAssets chooses the query by its leading index as the SQLite
// storage does; the indexes are the same.
func (s pgStorage) ListAssets(ctx context.Context, r AssetRows) ([]Asset, error) {
	rows, err := s.listAssets(ctx, r)
	if err != nil {
		return nil, pgstore.Translate(err, "assets")
	}
	out := make([]Asset, len(rows))
	for i := range rows {
		out[i] = pgAsset(rows[i])
	}
	return out, nil
}

func (s pgStorage) listAssets(ctx context.Context, r AssetRows) ([]pgdb.Asset, error) {
	typ, exchange, prefix := sqlText(r.Type), sqlText(r.Exchange), sqlText(r.Prefix)
	var active sql.NullBool
	if r.Active != nil {
		active = sql.NullBool{Bool: *r.Active, Valid: true}
	}
	q, after, n := s.q, r.After, int64(r.Rows)
	byName := r.Sort == SortByName
	switch {
	case typ.Valid && byName:
		return q.ListAssetsOfTypeByName(ctx, pgdb.ListAssetsOfTypeByNameParams{
			Type: r.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case typ.Valid:
		return q.ListAssetsOfType(ctx, pgdb.ListAssetsOfTypeParams{
			Type: r.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid && byName:
		return q.ListAssetsOfExchangeByName(ctx, pgdb.ListAssetsOfExchangeByNameParams{
			Exchange: r.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid:
		return q.ListAssetsOfExchange(ctx, pgdb.ListAssetsOfExchangeParams{
			Exchange: r.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case byName:
		return q.ListAssetsByName(ctx, pgdb.ListAssetsByNameParams{
			AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	}
	return q.ListAssets(ctx, pgdb.ListAssetsParams{AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n})
}

func (s pgStorage) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	return pgAssetIDs(ctx, s.q, symbols)
}

func (s pgStorage) Quote(ctx context.Context, symbol string) (Quote, string, error) {
	row, err := s.q.GetQuoteBySymbol(ctx, symbol)
	if err != nil {
		return Quote{}, "", pgstore.Translate(err, "quote of "+symbol)
	}
	q := Quote{
		Symbol: row.Symbol, Price: row.Price, Change: row.Change, ChangePct: row.ChangePct, Volume: row.Volume,
		MarketCap: floatOrNil(row.MarketCap), AsOf: row.AsOf.UTC(), Provider: row.Provider, UpdatedAt: row.UpdatedAt.UTC(),
	}
	return q, row.Type, nil
}

func (s pgStorage) Bars(ctx context.Context, symbol string, interval Interval, from, to time.Time, max int) ([]Bar, error) {
	rows, err := s.q.ListBarsBySymbol(ctx, pgdb.ListBarsBySymbolParams{
		Symbol: symbol, Interval: string(interval), Since: toMillis(from), Until: toMillis(to), MaxRows: int64(max),
	})
	if err != nil {
		return nil, pgstore.Translate(err, "history of "+symbol)
	}
	bars := make([]Bar, len(rows))
	for i, r := range rows {
		bars[i] = Bar{Ts: r.Ts.UTC(), Open: r.Open, High: r.High, Low: r.Low, Close: r.Close, Volume: r.Volume}
	}
	return bars, nil
}

func (s pgStorage) LastBar(ctx context.Context, assetID int64, interval Interval) (time.Time, error) {
	rows, err := s.q.ListRecentBars(ctx, pgdb.ListRecentBarsParams{
		AssetID: assetID, Interval: string(interval), Until: farFuture, MaxRows: 1,
	})
	if err != nil || len(rows) == 0 {
		return time.Time{}, pgstore.Translate(err, "bars of asset "+strconv.FormatInt(assetID, 10))
	}
	return rows[0].Ts.UTC(), nil
}

func (s pgStorage) CreateAsset(ctx context.Context, a NewAsset) (Asset, error) {
	row, err := s.q.CreateAsset(ctx, pgdb.CreateAssetParams{
		Symbol: a.Symbol, Name: a.Name, Type: a.Type,
		Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector, Active: true,
	})
	if err != nil {
		return Asset{}, pgstore.Translate(err, "asset "+a.Symbol)
	}
	return pgAsset(row), nil
}

// UpdateAsset reads and writes in a SERIALIZABLE transaction (pgstore's
// InTx), so of two concurrent changes of an asset neither is lost: one
// fails to serialize and runs again on the other's result.
func (s pgStorage) UpdateAsset(ctx context.Context, symbol string, change func(Asset) Asset) (Asset, error) {
	var row pgdb.Asset
	err := s.d.InTx(ctx, func(tx pgx.Tx) error {
		q := pgdb.New(tx)
		cur, err := q.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return pgstore.Translate(err, "asset "+symbol)
		}
		a := change(pgAsset(cur))
		row, err = q.UpdateAsset(ctx, pgdb.UpdateAssetParams{
			ID: cur.ID, Name: a.Name, Type: a.Type, Exchange: a.Exchange,
			Currency: a.Currency, Sector: a.Sector, Active: a.Active,
		})
		return pgstore.Translate(err, "asset "+symbol)
	})
	if err != nil {
		return Asset{}, err
	}
	return pgAsset(row), nil
}

func (s pgStorage) SetActive(ctx context.Context, symbol string, active bool) (Asset, error) {
	row, err := s.q.SetAssetActive(ctx, pgdb.SetAssetActiveParams{Symbol: symbol, Active: active})
	if err != nil {
		return Asset{}, pgstore.Translate(err, "asset "+symbol)
	}
	return pgAsset(row), nil
}

// InTx runs READ COMMITTED rather than pgstore's default SERIALIZABLE:
// each statement of Tx is an upsert that decides against the stored row
// (newest quote wins, an identical bar changes nothing), and in READ
// COMMITTED INSERT ... ON CONFLICT DO UPDATE locks that row and evaluates
// its WHERE on the latest committed version. So concurrent ingestions of
// a symbol queue on the row, as SQLite's single writer queues them, and
// the result is the one of some serial order; SERIALIZABLE would fail all
// but one of them (40001) and make them retry. Deadlocks are still
// retried by pgstore.
func (s pgStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTxOptions(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		return fn(pgTx{tx: tx, q: pgdb.New(tx)})
	})
}

type pgTx struct {
	tx pgx.Tx
	q  *pgdb.Queries
}

func (t pgTx) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	return pgAssetIDs(ctx, t.q, symbols)
}

func (t pgTx) UpsertAsset(ctx context.Context, a NewAsset) error {
	err := t.q.UpsertAsset(ctx, pgdb.UpsertAssetParams{
		Symbol: a.Symbol, Name: a.Name, Type: a.Type,
		Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector,
	})
	return pgstore.Translate(err, "asset "+a.Symbol)
}

// UpsertQuotes sends the generated UpsertQuote once per quote in one
// pgx.Batch: one round trip, and each quote decided by the very statement
// (and count of changed rows) the SQLite batch repeats per VALUES row. The
// quotes go in order of asset id, so two batches lock their rows in the
// same order and never deadlock each other; the order of quotes of one
// asset, which decides among them, is kept.
func (t pgTx) UpsertQuotes(ctx context.Context, quotes []QuoteRow) (int, error) {
	sorted := slices.Clone(quotes)
	slices.SortStableFunc(sorted, func(a, b QuoteRow) int { return cmp.Compare(a.AssetID, b.AssetID) })
	b := &queued{}
	q := pgdb.New(b)
	for i := range sorted {
		r := &sorted[i]
		_, _ = q.UpsertQuote(ctx, pgdb.UpsertQuoteParams{ // queued: runs in b.send
			AssetID: r.AssetID, Price: unsigned(r.Price), Change: unsigned(r.Change), ChangePct: unsigned(r.ChangePct),
			Volume: r.Volume, MarketCap: sqlFloat(unsignedPtr(r.MarketCap)), AsOf: toMillis(r.AsOf), Provider: r.Provider,
		})
	}
	return b.send(ctx, t.tx, func(int) string { return "quotes" })
}

// UpsertBars sends the generated UpsertBar once per bar in one pgx.Batch
// (see UpsertQuotes).
func (t pgTx) UpsertBars(ctx context.Context, assetID int64, interval Interval, bars []Bar) (int, error) {
	b := &queued{}
	q := pgdb.New(b)
	for i := range bars {
		r := &bars[i]
		_, _ = q.UpsertBar(ctx, pgdb.UpsertBarParams{ // queued: runs in b.send
			AssetID: assetID, Interval: string(interval), Ts: toMillis(r.Ts).UTC(),
			Open: unsigned(r.Open), High: unsigned(r.High), Low: unsigned(r.Low), Close: unsigned(r.Close), Volume: r.Volume,
		})
	}
	return b.send(ctx, t.tx, func(i int) string { return "bar " + strconv.Itoa(i) })
}

// unsigned is f with the sign of a zero dropped: SQLite stores a zero
// REAL as the integer 0, so it reads back 0 where PostgreSQL's double
// precision would keep -0, and the API would answer "-0".
func unsigned(f float64) float64 {
	if f == 0 {
		return 0
	}
	return f
}

func unsignedPtr(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := unsigned(*f)
	return &v
}

// queued is a pgdb.DBTX that queues the statements of the generated
// :exec and :execrows queries in a pgx.Batch instead of running them, so a
// batch of them is one round trip of statements that sqlc checked. The
// queries' own results are meaningless (zero rows); send has the real
// ones. A query that reads rows cannot be queued.
type queued struct{ b pgx.Batch }

var errQueuedRead = errors.New("market: a query that reads rows cannot be queued in a batch")

func (q *queued) Exec(_ context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	q.b.Queue(sql, args...)
	return pgconn.CommandTag{}, nil
}

func (q *queued) Query(context.Context, string, ...any) (pgx.Rows, error) {
	return nil, errQueuedRead
}

func (q *queued) QueryRow(context.Context, string, ...any) pgx.Row { return failedRow{} }

type failedRow struct{}

func (failedRow) Scan(...any) error { return errQueuedRead }

// send runs the queued statements in tx and returns how many rows they
// changed in all; the error of statement i is translated as what(i) names
// it.
func (q *queued) send(ctx context.Context, tx pgx.Tx, what func(i int) string) (int, error) {
	if q.b.Len() == 0 {
		return 0, nil
	}
	res := tx.SendBatch(ctx, &q.b)
	stored := 0
	for i := range q.b.Len() {
		tag, err := res.Exec()
		if err != nil {
			_ = res.Close() // the transaction is aborted: its rollback reports the rest
			return 0, pgstore.Translate(err, what(i))
		}
		stored += int(tag.RowsAffected())
	}
	if err := res.Close(); err != nil {
		return 0, pgstore.Translate(err, what(q.b.Len()-1))
	}
	return stored, nil
}

func pgAssetIDs(ctx context.Context, q *pgdb.Queries, symbols []string) (map[string]int64, error) {
	rows, err := q.GetAssetIDsBySymbols(ctx, symbols)
	if err != nil {
		return nil, pgstore.Translate(err, "assets")
	}
	ids := make(map[string]int64, len(rows))
	for _, r := range rows {
		ids[r.Symbol] = r.ID
	}
	return ids, nil
}

func pgAsset(r pgdb.Asset) Asset {
	return Asset{
		Symbol: r.Symbol, Name: r.Name, Type: r.Type, Exchange: r.Exchange,
		Currency: r.Currency, Sector: r.Sector, Active: r.Active,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}
