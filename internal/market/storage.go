package market

import (
	"context"
	"time"
)

// Storage is what the market needs of a database engine; SQLite and
// Postgres implement it. Errors come back translated into apperr kinds,
// with the codes and messages the API has always answered (an unknown
// asset "asset AAPL not found", a symbol in use a Conflict, a busy
// database 503 database_busy, ...).
type Storage interface {
	// Asset reads the asset of symbol: NotFound when there is none.
	Asset(ctx context.Context, symbol string) (Asset, error)
	// ListAssets reads the rows of a page of an asset list (see AssetRows).
	ListAssets(ctx context.Context, r AssetRows) ([]Asset, error)
	// AssetIDs maps each of symbols (at most 1000) that names an asset to
	// the asset's id; the others are left out.
	AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error)
	// Quote reads the latest quote of symbol and its asset's type:
	// NotFound when the asset has no quote or no asset has symbol.
	Quote(ctx context.Context, symbol string) (q Quote, assetType string, _ error)
	// Bars reads at most max bars of interval of the asset of symbol
	// starting in [from, to), oldest first.
	Bars(ctx context.Context, symbol string, interval Interval, from, to time.Time, max int) ([]Bar, error)
	// LastBar is the start of the newest bar of interval of the asset of
	// id, zero when it has none.
	LastBar(ctx context.Context, assetID int64, interval Interval) (time.Time, error)

	// CreateAsset creates an active asset: Conflict when its symbol is in
	// use.
	CreateAsset(ctx context.Context, a NewAsset) (Asset, error)
	// UpdateAsset stores change(current) as the asset of symbol in one
	// transaction (its name, type, exchange, currency, sector and active
	// flag; the symbol and times are the storage's) and returns what was
	// stored: NotFound when no asset has symbol. change may run more than
	// once (PostgreSQL retries serialization failures): it must have no
	// other effect.
	UpdateAsset(ctx context.Context, symbol string, change func(current Asset) Asset) (Asset, error)
	// SetActive activates or deactivates the asset of symbol: NotFound
	// when there is none.
	SetActive(ctx context.Context, symbol string, active bool) (Asset, error)

	// InTx runs fn in one write transaction and commits when fn returns
	// nil. fn may run more than once (PostgreSQL retries deadlocks): it
	// must not have effects outside the transaction (notify, cache
	// invalidation, channel sends happen after InTx returns). Every
	// operation of Tx holds its rule in its own statement (an upsert whose
	// condition compares with the stored row), so two transactions
	// ingesting the same symbol wait for each other's row instead of
	// failing, whatever the engine.
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is what the market does inside one write transaction: ingestion.
type Tx interface {
	// AssetIDs is Storage.AssetIDs inside the transaction.
	AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error)
	// UpsertAsset inserts an active asset or refreshes the descriptive
	// fields of the asset of its symbol, leaving an unchanged one
	// untouched (its updated_at too). For the demo seeder.
	UpsertAsset(ctx context.Context, a NewAsset) error
	// UpsertQuotes stores each quote as the latest of its asset unless the
	// stored one is at least as new, in order (a later, newer quote of an
	// asset wins over an earlier one), and returns how many were stored:
	// the others changed nothing.
	UpsertQuotes(ctx context.Context, quotes []QuoteRow) (stored int, _ error)
	// UpsertBars stores bars of interval of the asset of id, and returns
	// how many changed something: a resent bar changes nothing, a
	// corrected one replaces the stored one. The error of a rejected bar
	// names it ("bar 3").
	UpsertBars(ctx context.Context, assetID int64, interval Interval, bars []Bar) (stored int, _ error)
}

// AssetRows selects the rows of a page of an asset list: at most Rows
// assets matching the filters ("" and nil match any), in Sort's order
// (SortByName: the name compared case-insensitively in ASCII, then the id;
// else the symbol), after the asset of the symbol After ("": from the
// first).
type AssetRows struct {
	Type, Exchange string
	Prefix         string // the start of the symbol or the name, case-insensitively (ASCII)
	Active         *bool
	Sort           AssetSort
	After          string
	Rows           int
}

// farFuture bounds "the newest bar" of LastBar from above.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// toMillis is t as both engines keep times: rounded to the millisecond
// (half up). PostgreSQL's timestamptz(3) does that to the microseconds pgx
// sends, SQLite's strftime('%f') through a float that may round a
// half-millisecond down; rounded first, a quote's asOf and a range's
// bounds compare the same on both.
func toMillis(t time.Time) time.Time { return t.Round(time.Millisecond) }

// QuoteRow is a quote to store as the latest of the asset of AssetID.
type QuoteRow struct {
	AssetID int64
	QuoteInput
}
