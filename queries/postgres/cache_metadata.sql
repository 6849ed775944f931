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
-- Adds hits to keys, creating them: a whole flush in one statement, the
-- arrays parallel (one element per key, each key once), where SQLite's
-- version takes one key per call. Inserted in key order, so two instances
-- flushing the same keys lock them in the same order and never deadlock.
-- last_hit_at only moves forward, so flushes may arrive out of order.
INSERT INTO cache_metadata (key, namespace, ttl_seconds, hit_count, last_hit_at)
SELECT h.key, h.namespace, h.ttl_seconds, h.hits, sqlc.arg(hit_at)::timestamptz(3)
FROM (
  SELECT unnest(sqlc.arg(keys)::text[]) AS key, unnest(sqlc.arg(namespaces)::text[]) AS namespace,
         unnest(sqlc.arg(ttl_seconds)::bigint[]) AS ttl_seconds, unnest(sqlc.arg(hits)::bigint[]) AS hits
) AS h
ORDER BY h.key
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
