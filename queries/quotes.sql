-- Latest quote per asset. as_of (and the other times passed from Go) is a
-- time.Time normalised by strftime to the stored UTC text form, so quotes
-- compare by time whatever the zone or precision of the value sent.

-- name: UpsertQuote :execrows
-- Stores the latest quote of an asset; a quote not newer than the stored one
-- changes nothing (0 rows). For a batch, see store.Tx.UpsertQuotes (the
-- same statement with one VALUES row per quote, which sqlc cannot express).
INSERT INTO quotes (asset_id, price, change, change_pct, volume, market_cap, as_of, provider)
VALUES (sqlc.arg(asset_id), sqlc.arg(price), sqlc.arg(change), sqlc.arg(change_pct),
        sqlc.arg(volume), sqlc.narg(market_cap),
        strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(as_of)), sqlc.arg(provider))
ON CONFLICT (asset_id) DO UPDATE SET
  price = excluded.price,
  change = excluded.change,
  change_pct = excluded.change_pct,
  volume = excluded.volume,
  market_cap = excluded.market_cap,
  as_of = excluded.as_of,
  provider = excluded.provider,
  updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
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
-- a quote are skipped. Pass at most 500 symbols (literal limit: see
-- ListAssetsBySymbols).
SELECT a.symbol, q.asset_id, q.price, q.change, q.change_pct, q.volume, q.market_cap,
       q.as_of, q.provider, q.updated_at
FROM assets a
JOIN quotes q ON q.asset_id = a.id
WHERE a.symbol IN (sqlc.slice(symbols))
ORDER BY a.symbol
LIMIT 500;

-- name: ListStaleQuotes :many
-- The oldest quotes observed before older_than, to refresh first.
SELECT asset_id, price, change, change_pct, volume, market_cap, as_of, provider, updated_at
FROM quotes
WHERE as_of < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(older_than))
ORDER BY as_of
LIMIT sqlc.arg(max_rows);

-- name: DeleteQuote :execrows
DELETE FROM quotes WHERE asset_id = sqlc.arg(asset_id);
