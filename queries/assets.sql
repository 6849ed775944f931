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
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
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

-- name: GetAsset :one
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE id = sqlc.arg(id);

-- name: ListAssetsByName :many
-- Keyset page ordered by name (case-insensitively, like assets_name_idx)
-- then id, after the row of after_symbol (empty for the first page: every name
-- sorts after it). Filters as in ListAssets.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE name COLLATE NOCASE >= coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (name COLLATE NOCASE > coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (CAST(sqlc.narg(type) AS TEXT) IS NULL OR type = sqlc.narg(type))
  AND (CAST(sqlc.narg(exchange) AS TEXT) IS NULL OR exchange = sqlc.narg(exchange))
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY name COLLATE NOCASE, id
LIMIT sqlc.arg(max_rows);

-- name: ListAssetsBySymbols :many
-- The assets among symbols (e.g. a watchlist), by symbol; unknown ones are
-- skipped. Pass at most 500 symbols. The limit is a literal because sqlc
-- expands a slice into plain ? placeholders, which shift any numbered
-- parameter after it (a LIMIT ?2 would bind the second symbol).
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE symbol IN (sqlc.slice(symbols))
ORDER BY symbol
LIMIT 500;

-- name: CreateAsset :one
INSERT INTO assets (symbol, name, type, exchange, currency, sector, active)
VALUES (sqlc.arg(symbol), sqlc.arg(name), sqlc.arg(type), sqlc.arg(exchange),
        sqlc.arg(currency), sqlc.arg(sector), sqlc.arg(active))
RETURNING id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at;

-- name: UpdateAsset :one
-- Replaces the descriptive fields; the symbol never changes.
UPDATE assets
SET name = sqlc.arg(name),
    type = sqlc.arg(type),
    exchange = sqlc.arg(exchange),
    currency = sqlc.arg(currency),
    sector = sqlc.arg(sector),
    active = sqlc.arg(active),
    updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE id = sqlc.arg(id)
RETURNING id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at;

-- name: DeleteAsset :execrows
-- Cascades to the asset's quote, bars and news links.
DELETE FROM assets WHERE id = sqlc.arg(id);

-- name: GetAssetIDsBySymbols :many
-- Ids of the assets among symbols, for ingestion; unknown ones are skipped.
-- Pass at most 1000 symbols (literal limit: see ListAssetsBySymbols).
SELECT id, symbol
FROM assets
WHERE symbol IN (sqlc.slice(symbols))
LIMIT 1000;

-- name: SetAssetActive :one
-- Deactivates (soft delete) or reactivates an asset.
UPDATE assets
SET active = sqlc.arg(active),
    updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE symbol = sqlc.arg(symbol)
RETURNING id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at;

-- name: ListAssetsOfType :many
-- ListAssets with a type filter, on assets_type_symbol_idx: a rare type's
-- page reads its rows only, where the symbol index would be walked past
-- every other asset.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE type = sqlc.arg(type)
  AND symbol > sqlc.arg(after_symbol)
  AND (CAST(sqlc.narg(exchange) AS TEXT) IS NULL OR exchange = sqlc.narg(exchange))
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY type, symbol
LIMIT sqlc.arg(max_rows);

-- name: ListAssetsOfExchange :many
-- ListAssets with an exchange filter (and none on type), on
-- assets_exchange_symbol_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE exchange = sqlc.arg(exchange)
  AND symbol > sqlc.arg(after_symbol)
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY exchange, symbol
LIMIT sqlc.arg(max_rows);

-- name: ListAssetsOfTypeByName :many
-- ListAssetsByName with a type filter, on assets_type_name_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE assets.type = sqlc.arg(type)
  AND name COLLATE NOCASE >= coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (name COLLATE NOCASE > coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (CAST(sqlc.narg(exchange) AS TEXT) IS NULL OR exchange = sqlc.narg(exchange))
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY type, name COLLATE NOCASE, id
LIMIT sqlc.arg(max_rows);

-- name: ListAssetsOfExchangeByName :many
-- ListAssetsByName with an exchange filter (and none on type), on
-- assets_exchange_name_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE assets.exchange = sqlc.arg(exchange)
  AND name COLLATE NOCASE >= coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (name COLLATE NOCASE > coalesce((SELECT c.name FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (CAST(sqlc.narg(active) AS INTEGER) IS NULL OR active = sqlc.narg(active))
  AND (CAST(sqlc.narg(prefix) AS TEXT) IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix))
       OR upper(substr(name, 1, length(sqlc.narg(prefix)))) = upper(sqlc.narg(prefix)))
ORDER BY exchange, name COLLATE NOCASE, id
LIMIT sqlc.arg(max_rows);
