-- Hit statistics of cache keys, flushed in batches, read to warm the cache.
-- Times passed from Go are cast to timestamptz(3), as the columns are.

-- name: GetCacheMetadata :one
SELECT key, namespace, ttl_seconds, hit_count, last_hit_at, last_refreshed_at, warm
FROM cache_metadata
WHERE key = sqlc.arg(key);

-- name: ListHotCacheKeys :many
-- The namespace's most-hit keys, most first (cache_metadata_hot_idx).
SELECT key, namespace, ttl_seconds, hit_count, last_hit_at, last_refreshed_at, warm
FROM cache_metadata
WHERE namespace = sqlc.arg(namespace)
ORDER BY hit_count DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListWarmCacheKeys :many
-- The namespace's keys flagged for warming, most-hit first.
SELECT key, namespace, ttl_seconds, hit_count, last_hit_at, last_refreshed_at, warm
FROM cache_metadata
WHERE namespace = sqlc.arg(namespace) AND warm
ORDER BY hit_count DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: RecordCacheHits :exec
-- Adds hits to a key, creating it. A flush is one call per key in one InTx.
-- last_hit_at only moves forward, so flushes may arrive out of order.
INSERT INTO cache_metadata (key, namespace, ttl_seconds, hit_count, last_hit_at)
VALUES (sqlc.arg(key), sqlc.arg(namespace), sqlc.arg(ttl_seconds), sqlc.arg(hits),
        sqlc.arg(hit_at)::timestamptz(3))
ON CONFLICT (key) DO UPDATE SET
  namespace = excluded.namespace,
  ttl_seconds = excluded.ttl_seconds,
  hit_count = cache_metadata.hit_count + excluded.hit_count,
  last_hit_at = CASE
    WHEN cache_metadata.last_hit_at IS NULL OR excluded.last_hit_at > cache_metadata.last_hit_at
    THEN excluded.last_hit_at
    ELSE cache_metadata.last_hit_at
  END;

-- name: UpsertCacheMetadata :one
-- Registers a key or changes its namespace, TTL and warm flag; hits are kept.
INSERT INTO cache_metadata (key, namespace, ttl_seconds, warm)
VALUES (sqlc.arg(key), sqlc.arg(namespace), sqlc.arg(ttl_seconds), sqlc.arg(warm))
ON CONFLICT (key) DO UPDATE SET
  namespace = excluded.namespace,
  ttl_seconds = excluded.ttl_seconds,
  warm = excluded.warm
RETURNING key, namespace, ttl_seconds, hit_count, last_hit_at, last_refreshed_at, warm;

-- name: MarkCacheRefreshed :execrows
UPDATE cache_metadata
SET last_refreshed_at = sqlc.arg(refreshed_at)::timestamptz(3)
WHERE key = sqlc.arg(key);

-- name: DeleteCacheMetadata :execrows
DELETE FROM cache_metadata WHERE key = sqlc.arg(key);
