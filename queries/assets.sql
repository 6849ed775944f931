-- name: GetAssetBySymbol :one
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE symbol = sqlc.arg(symbol);

-- name: ListAssets :many
-- Keyset page ordered by symbol. after_symbol is the empty string for the first page.
-- prefix matches the start of the symbol or the name, case-insensitively
-- (ASCII), with no wildcard characters.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE symbol > sqlc.arg(after_symbol)
  AND (CAST(sqlc.narg(type) AS TEXT) IS NULL OR type = sqlc.narg(type))
  AND (CAST(sqlc.narg(exchange) AS TEXT) IS NULL OR exchange = sqlc.narg(exchange))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY symbol
LIMIT sqlc.arg(max_rows);

-- name: UpsertAsset :exec
-- Used by seed-demo: inserts an asset or refreshes its descriptive fields.
INSERT INTO assets (symbol, name, type, exchange, currency, sector, active)
VALUES (sqlc.arg(symbol), sqlc.arg(name), sqlc.arg(type), sqlc.arg(exchange), sqlc.arg(currency), sqlc.arg(sector), 1)
ON CONFLICT (symbol) DO UPDATE SET
  name = excluded.name,
  type = excluded.type,
  exchange = excluded.exchange,
  currency = excluded.currency,
  sector = excluded.sector,
  updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE assets.name IS NOT excluded.name
   OR assets.type IS NOT excluded.type
   OR assets.exchange IS NOT excluded.exchange
   OR assets.currency IS NOT excluded.currency
   OR assets.sector IS NOT excluded.sector;

-- name: CountAssets :one
SELECT count(*) FROM assets;
