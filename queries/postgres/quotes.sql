-- Latest quote per asset. as_of (and the other times passed from Go) is
-- cast to timestamptz(3), as the columns are, so quotes compare by time at
-- the stored precision whatever the precision of the value sent.

-- name: UpsertQuote :execrows
-- Stores the latest quote of an asset; a quote not newer than the stored one
-- changes nothing (0 rows).
INSERT INTO quotes (asset_id, price, change, change_pct, volume, market_cap, as_of, provider)
VALUES (sqlc.arg(asset_id), sqlc.arg(price), sqlc.arg(change), sqlc.arg(change_pct),
        sqlc.arg(volume), sqlc.narg(market_cap),
        sqlc.arg(as_of)::timestamptz(3), sqlc.arg(provider))
ON CONFLICT (asset_id) DO UPDATE SET
  price = excluded.price,
  change = excluded.change,
  change_pct = excluded.change_pct,
  volume = excluded.volume,
  market_cap = excluded.market_cap,
  as_of = excluded.as_of,
  provider = excluded.provider,
  updated_at = statement_timestamp()
WHERE excluded.as_of > quotes.as_of;

-- name: GetQuote :one
SELECT asset_id, price, change, change_pct, volume, market_cap, as_of, provider, updated_at
FROM quotes
WHERE asset_id = sqlc.arg(asset_id);

-- name: GetQuoteBySymbol :one
SELECT a.symbol, a.type, q.asset_id, q.price, q.change, q.change_pct, q.volume, q.market_cap,
       q.as_of, q.provider, q.updated_at
FROM assets a
JOIN quotes q ON q.asset_id = a.id
WHERE a.symbol = sqlc.arg(symbol);

-- name: ListQuotesBySymbols :many
-- Quotes of the given symbols (e.g. a watchlist), by symbol; symbols without
-- a quote are skipped. Pass at most 500 symbols.
SELECT a.symbol, q.asset_id, q.price, q.change, q.change_pct, q.volume, q.market_cap,
       q.as_of, q.provider, q.updated_at
FROM assets a
JOIN quotes q ON q.asset_id = a.id
WHERE a.symbol = ANY(sqlc.arg(symbols)::text[])
ORDER BY a.symbol
LIMIT 500;

-- name: ListStaleQuotes :many
-- The oldest quotes observed before older_than, to refresh first.
SELECT asset_id, price, change, change_pct, volume, market_cap, as_of, provider, updated_at
FROM quotes
WHERE as_of < sqlc.arg(older_than)::timestamptz(3)
ORDER BY as_of
LIMIT sqlc.arg(max_rows)::bigint;

-- name: DeleteQuote :execrows
DELETE FROM quotes WHERE asset_id = sqlc.arg(asset_id);
