-- Assets (queries/assets.sql on SQLite). Names sort as lower(name) on the
-- COLLATE "C" column: ASCII letters folded, then byte order, as SQLite's
-- NOCASE. The prefix filter compares with upper() under COLLATE "C", which
-- folds ASCII letters only, as SQLite's upper() does.

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
  AND (sqlc.narg(type)::text IS NULL OR type = sqlc.narg(type)::text)
  AND (sqlc.narg(exchange)::text IS NULL OR exchange = sqlc.narg(exchange)::text)
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY symbol
LIMIT sqlc.arg(max_rows)::bigint;

-- name: UpsertAsset :exec
-- Used by seed-demo: inserts an asset or refreshes its descriptive fields.
INSERT INTO assets (symbol, name, type, exchange, currency, sector, active)
VALUES (sqlc.arg(symbol), sqlc.arg(name), sqlc.arg(type), sqlc.arg(exchange), sqlc.arg(currency), sqlc.arg(sector), true)
ON CONFLICT (symbol) DO UPDATE SET
  name = excluded.name,
  type = excluded.type,
  exchange = excluded.exchange,
  currency = excluded.currency,
  sector = excluded.sector,
  updated_at = statement_timestamp()
WHERE assets.name IS DISTINCT FROM excluded.name
   OR assets.type IS DISTINCT FROM excluded.type
   OR assets.exchange IS DISTINCT FROM excluded.exchange
   OR assets.currency IS DISTINCT FROM excluded.currency
   OR assets.sector IS DISTINCT FROM excluded.sector;

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
WHERE lower(name) >= coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (lower(name) > coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (sqlc.narg(type)::text IS NULL OR type = sqlc.narg(type)::text)
  AND (sqlc.narg(exchange)::text IS NULL OR exchange = sqlc.narg(exchange)::text)
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY lower(name), id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListAssetsBySymbols :many
-- The assets among symbols (e.g. a watchlist), by symbol; unknown ones are
-- skipped. Pass at most 500 symbols.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE symbol = ANY(sqlc.arg(symbols)::text[])
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
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id)
RETURNING id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at;

-- name: DeleteAsset :execrows
-- Cascades to the asset's quote, bars and news links.
DELETE FROM assets WHERE id = sqlc.arg(id);

-- name: GetAssetIDsBySymbols :many
-- Ids of the assets among symbols, for ingestion; unknown ones are skipped.
-- Pass at most 1000 symbols.
SELECT id, symbol
FROM assets
WHERE symbol = ANY(sqlc.arg(symbols)::text[])
LIMIT 1000;

-- name: SetAssetActive :one
-- Deactivates (soft delete) or reactivates an asset.
UPDATE assets
SET active = sqlc.arg(active),
    updated_at = statement_timestamp()
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
  AND (sqlc.narg(exchange)::text IS NULL OR exchange = sqlc.narg(exchange)::text)
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY type, symbol
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListAssetsOfExchange :many
-- ListAssets with an exchange filter (and none on type), on
-- assets_exchange_symbol_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE exchange = sqlc.arg(exchange)
  AND symbol > sqlc.arg(after_symbol)
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY exchange, symbol
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListAssetsOfTypeByName :many
-- ListAssetsByName with a type filter, on assets_type_name_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE assets.type = sqlc.arg(type)
  AND lower(name) >= coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (lower(name) > coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (sqlc.narg(exchange)::text IS NULL OR exchange = sqlc.narg(exchange)::text)
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY type, lower(name), id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListAssetsOfExchangeByName :many
-- ListAssetsByName with an exchange filter (and none on type), on
-- assets_exchange_name_idx.
SELECT id, symbol, name, type, exchange, currency, sector, active, created_at, updated_at
FROM assets
WHERE assets.exchange = sqlc.arg(exchange)
  AND lower(name) >= coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
  AND (lower(name) > coalesce((SELECT lower(c.name) FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), '')
       OR id > coalesce((SELECT c.id FROM assets c WHERE c.symbol = sqlc.arg(after_symbol)), 0))
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(prefix)::text IS NULL
       OR upper(substr(symbol, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C")
       OR upper(substr(name, 1, length(sqlc.narg(prefix)::text))) = upper(sqlc.narg(prefix)::text COLLATE "C"))
ORDER BY exchange, lower(name), id
LIMIT sqlc.arg(max_rows)::bigint;
