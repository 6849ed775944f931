package market

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is the market's storage on the SQLite engine: reads on the read
// pool, writes on the single writer.
func SQLite(d *store.DB) Storage { return sqliteStorage{d} }

type sqliteStorage struct{ d *store.DB }

func (s sqliteStorage) Asset(ctx context.Context, symbol string) (Asset, error) {
	row, err := s.d.Read.GetAssetBySymbol(ctx, symbol)
	if err != nil {
		return Asset{}, store.Translate(err, "asset "+symbol)
	}
	return sqliteAsset(row), nil
}

// ListAssets chooses the query whose index leads with the filter: a type
// filter walks (type, sort key), else an exchange filter (exchange, sort
// key), else the sort key's index alone. A rare type's or exchange's page
// then reads its own rows only, whatever the size of the catalog.
func (s sqliteStorage) ListAssets(ctx context.Context, r AssetRows) ([]Asset, error) {
	rows, err := s.listAssets(ctx, r)
	if err != nil {
		return nil, store.Translate(err, "assets")
	}
	out := make([]Asset, len(rows))
	for i := range rows {
		out[i] = sqliteAsset(rows[i])
	}
	return out, nil
}

func (s sqliteStorage) listAssets(ctx context.Context, r AssetRows) ([]db.Asset, error) {
	typ, exchange, prefix := sqlText(r.Type), sqlText(r.Exchange), sqlText(r.Prefix)
	var active sql.NullInt64
	if r.Active != nil {
		active = sql.NullInt64{Int64: sqlBool(*r.Active), Valid: true}
	}
	q, after, n := s.d.Read, r.After, int64(r.Rows)
	byName := r.Sort == SortByName
	switch {
	case typ.Valid && byName:
		return q.ListAssetsOfTypeByName(ctx, db.ListAssetsOfTypeByNameParams{
			Type: r.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case typ.Valid:
		return q.ListAssetsOfType(ctx, db.ListAssetsOfTypeParams{
			Type: r.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid && byName:
		return q.ListAssetsOfExchangeByName(ctx, db.ListAssetsOfExchangeByNameParams{
			Exchange: r.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid:
		return q.ListAssetsOfExchange(ctx, db.ListAssetsOfExchangeParams{
			Exchange: r.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case byName:
		return q.ListAssetsByName(ctx, db.ListAssetsByNameParams{
			AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	}
	return q.ListAssets(ctx, db.ListAssetsParams{AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n})
}

func (s sqliteStorage) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	return sqliteAssetIDs(ctx, s.d.Read, symbols)
}

func (s sqliteStorage) Quote(ctx context.Context, symbol string) (Quote, string, error) {
	row, err := s.d.Read.GetQuoteBySymbol(ctx, symbol)
	if err != nil {
		return Quote{}, "", store.Translate(err, "quote of "+symbol)
	}
	q := Quote{
		Symbol: row.Symbol, Price: row.Price, Change: row.Change, ChangePct: row.ChangePct, Volume: row.Volume,
		MarketCap: floatOrNil(row.MarketCap), AsOf: row.AsOf.UTC(), Provider: row.Provider, UpdatedAt: row.UpdatedAt.UTC(),
	}
	return q, row.Type, nil
}

func (s sqliteStorage) Bars(ctx context.Context, symbol string, interval Interval, from, to time.Time, max int) ([]Bar, error) {
	rows, err := s.d.Read.ListBarsBySymbol(ctx, db.ListBarsBySymbolParams{
		Symbol: symbol, Interval: string(interval), Since: toMillis(from), Until: toMillis(to), MaxRows: int64(max),
	})
	if err != nil {
		return nil, store.Translate(err, "history of "+symbol)
	}
	bars := make([]Bar, len(rows))
	for i, r := range rows {
		bars[i] = Bar{Ts: r.Ts.UTC(), Open: r.Open, High: r.High, Low: r.Low, Close: r.Close, Volume: r.Volume}
	}
	return bars, nil
}

func (s sqliteStorage) LastBar(ctx context.Context, assetID int64, interval Interval) (time.Time, error) {
	rows, err := s.d.Read.ListRecentBars(ctx, db.ListRecentBarsParams{
		AssetID: assetID, Interval: string(interval), Until: farFuture, MaxRows: 1,
	})
	if err != nil || len(rows) == 0 {
		return time.Time{}, store.Translate(err, "bars of asset "+strconv.FormatInt(assetID, 10))
	}
	return rows[0].Ts.UTC(), nil
}

func (s sqliteStorage) CreateAsset(ctx context.Context, a NewAsset) (Asset, error) {
	row, err := s.d.Write.CreateAsset(ctx, db.CreateAssetParams{
		Symbol: a.Symbol, Name: a.Name, Type: a.Type,
		Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector, Active: 1,
	})
	if err != nil {
		return Asset{}, store.Translate(err, "asset "+a.Symbol)
	}
	return sqliteAsset(row), nil
}

func (s sqliteStorage) UpdateAsset(ctx context.Context, symbol string, change func(Asset) Asset) (Asset, error) {
	var row db.Asset
	err := s.d.InTx(ctx, func(q *db.Queries) error {
		cur, err := q.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return store.Translate(err, "asset "+symbol)
		}
		a := change(sqliteAsset(cur))
		row, err = q.UpdateAsset(ctx, db.UpdateAssetParams{
			ID: cur.ID, Name: a.Name, Type: a.Type, Exchange: a.Exchange,
			Currency: a.Currency, Sector: a.Sector, Active: sqlBool(a.Active),
		})
		return store.Translate(err, "asset "+symbol)
	})
	if err != nil {
		return Asset{}, err
	}
	return sqliteAsset(row), nil
}

func (s sqliteStorage) SetActive(ctx context.Context, symbol string, active bool) (Asset, error) {
	row, err := s.d.Write.SetAssetActive(ctx, db.SetAssetActiveParams{Symbol: symbol, Active: sqlBool(active)})
	if err != nil {
		return Asset{}, store.Translate(err, "asset "+symbol)
	}
	return sqliteAsset(row), nil
}

func (s sqliteStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InWriteTx(ctx, func(tx *store.Tx) error { return fn(sqliteTx{tx}) })
}

type sqliteTx struct{ tx *store.Tx }

func (t sqliteTx) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	return sqliteAssetIDs(ctx, t.tx.Queries, symbols)
}

func (t sqliteTx) UpsertAsset(ctx context.Context, a NewAsset) error {
	err := t.tx.UpsertAsset(ctx, db.UpsertAssetParams{
		Symbol: a.Symbol, Name: a.Name, Type: a.Type,
		Exchange: a.Exchange, Currency: a.Currency, Sector: a.Sector,
	})
	return store.Translate(err, "asset "+a.Symbol)
}

// UpsertQuotes goes through store.Tx.UpsertQuotes: a few statements of
// many VALUES rows each, which sqlc cannot generate.
func (t sqliteTx) UpsertQuotes(ctx context.Context, quotes []QuoteRow) (int, error) {
	params := make([]db.UpsertQuoteParams, len(quotes))
	for i := range quotes {
		q := &quotes[i]
		params[i] = db.UpsertQuoteParams{
			AssetID: q.AssetID, Price: q.Price, Change: q.Change, ChangePct: q.ChangePct,
			Volume: q.Volume, MarketCap: sqlFloat(q.MarketCap), AsOf: toMillis(q.AsOf), Provider: q.Provider,
		}
	}
	stored, err := t.tx.UpsertQuotes(ctx, params)
	if err != nil {
		return 0, store.Translate(err, "quotes")
	}
	return int(stored), nil
}

func (t sqliteTx) UpsertBars(ctx context.Context, assetID int64, interval Interval, bars []Bar) (int, error) {
	var stored int64
	for i := range bars {
		b := &bars[i]
		n, err := t.tx.UpsertBar(ctx, db.UpsertBarParams{
			AssetID: assetID, Interval: string(interval), Ts: toMillis(b.Ts).UTC(),
			Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume,
		})
		if err != nil {
			return 0, store.Translate(err, "bar "+strconv.Itoa(i))
		}
		stored += n
	}
	return int(stored), nil
}

func sqliteAssetIDs(ctx context.Context, q *db.Queries, symbols []string) (map[string]int64, error) {
	rows, err := q.GetAssetIDsBySymbols(ctx, symbols)
	if err != nil {
		return nil, store.Translate(err, "assets")
	}
	ids := make(map[string]int64, len(rows))
	for _, r := range rows {
		ids[r.Symbol] = r.ID
	}
	return ids, nil
}

func sqliteAsset(r db.Asset) Asset {
	return Asset{
		Symbol: r.Symbol, Name: r.Name, Type: r.Type, Exchange: r.Exchange,
		Currency: r.Currency, Sector: r.Sector, Active: r.Active != 0,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// sqlBool is SQLite's form of a boolean.
func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// sqlText is NULL (no filter) for "".
func sqlText(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func sqlFloat(f *float64) sql.NullFloat64 {
	if f == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *f, Valid: true}
}

func floatOrNil(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}
