-- OHLCV price bars per asset and interval. ts and the range bounds are
-- cast to timestamptz(3): rounded to the millisecond, as the columns are
-- (and as strftime does on SQLite).

-- name: UpsertBar :execrows
-- Idempotent: resending an identical bar changes nothing (0 rows); a
-- corrected bar for the same (asset, interval, ts) replaces it (1 row).
INSERT INTO price_bars (asset_id, interval, ts, open, high, low, close, volume)
VALUES (sqlc.arg(asset_id), sqlc.arg(interval), sqlc.arg(ts)::timestamptz(3),
        sqlc.arg(open), sqlc.arg(high), sqlc.arg(low), sqlc.arg(close), sqlc.arg(volume))
ON CONFLICT (asset_id, interval, ts) DO UPDATE SET
  open = excluded.open,
  high = excluded.high,
  low = excluded.low,
  close = excluded.close,
  volume = excluded.volume
WHERE price_bars.open IS DISTINCT FROM excluded.open
   OR price_bars.high IS DISTINCT FROM excluded.high
   OR price_bars.low IS DISTINCT FROM excluded.low
   OR price_bars.close IS DISTINCT FROM excluded.close
   OR price_bars.volume IS DISTINCT FROM excluded.volume;

-- name: ListBars :many
-- Bars in [since, until), oldest first.
SELECT asset_id, interval, ts, open, high, low, close, volume
FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts >= sqlc.arg(since)::timestamptz(3)
  AND ts < sqlc.arg(until)::timestamptz(3)
ORDER BY ts
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListRecentBars :many
-- The latest bars before until, newest first (a chart's right edge).
SELECT asset_id, interval, ts, open, high, low, close, volume
FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts < sqlc.arg(until)::timestamptz(3)
ORDER BY ts DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: DeleteBarsBefore :execrows
-- Retention: drops the asset's bars of one interval older than before.
DELETE FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts < sqlc.arg(before)::timestamptz(3);

-- name: ListBarsBySymbol :many
-- ListBars by the asset's symbol, for the history endpoint (which knows the
-- symbol, not the id): bars in [since, until), oldest first.
SELECT b.ts, b.open, b.high, b.low, b.close, b.volume
FROM assets a
JOIN price_bars b ON b.asset_id = a.id
WHERE a.symbol = sqlc.arg(symbol) AND b.interval = sqlc.arg(interval)
  AND b.ts >= sqlc.arg(since)::timestamptz(3)
  AND b.ts < sqlc.arg(until)::timestamptz(3)
ORDER BY b.ts
LIMIT sqlc.arg(max_rows)::bigint;
