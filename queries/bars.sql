-- OHLCV price bars per asset and interval. ts and the range bounds are
-- time.Time values normalised by strftime to the stored UTC text form.

-- name: UpsertBar :execrows
-- Idempotent: resending an identical bar changes nothing (0 rows); a
-- corrected bar for the same (asset, interval, ts) replaces it (1 row).
INSERT INTO price_bars (asset_id, interval, ts, open, high, low, close, volume)
VALUES (sqlc.arg(asset_id), sqlc.arg(interval), strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(ts)),
        sqlc.arg(open), sqlc.arg(high), sqlc.arg(low), sqlc.arg(close), sqlc.arg(volume))
ON CONFLICT (asset_id, interval, ts) DO UPDATE SET
  open = excluded.open,
  high = excluded.high,
  low = excluded.low,
  close = excluded.close,
  volume = excluded.volume
WHERE price_bars.open IS NOT excluded.open
   OR price_bars.high IS NOT excluded.high
   OR price_bars.low IS NOT excluded.low
   OR price_bars.close IS NOT excluded.close
   OR price_bars.volume IS NOT excluded.volume;

-- name: ListBars :many
-- Bars in [since, until), oldest first.
SELECT asset_id, interval, ts, open, high, low, close, volume
FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts >= strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(since))
  AND ts < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(until))
ORDER BY ts
LIMIT sqlc.arg(max_rows);

-- name: ListRecentBars :many
-- The latest bars before until, newest first (a chart's right edge).
SELECT asset_id, interval, ts, open, high, low, close, volume
FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(until))
ORDER BY ts DESC
LIMIT sqlc.arg(max_rows);

-- name: DeleteBarsBefore :execrows
-- Retention: drops the asset's bars of one interval older than before.
DELETE FROM price_bars
WHERE asset_id = sqlc.arg(asset_id) AND interval = sqlc.arg(interval)
  AND ts < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(before));

-- name: ListBarsBySymbol :many
-- ListBars by the asset's symbol, for the history endpoint (which knows the
-- symbol, not the id): bars in [since, until), oldest first.
SELECT b.ts, b.open, b.high, b.low, b.close, b.volume
FROM assets a
JOIN price_bars b ON b.asset_id = a.id
WHERE a.symbol = sqlc.arg(symbol) AND b.interval = sqlc.arg(interval)
  AND b.ts >= strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(since))
  AND b.ts < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(until))
ORDER BY b.ts
LIMIT sqlc.arg(max_rows);
