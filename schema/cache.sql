-- Hit statistics of cache keys, sampled in batches, used to warm the cache.
CREATE TABLE cache_metadata (
  key               TEXT     NOT NULL PRIMARY KEY,
  namespace         TEXT     NOT NULL,
  ttl_seconds       INTEGER  NOT NULL,
  hit_count         INTEGER  NOT NULL DEFAULT 0,
  last_hit_at       DATETIME,
  last_refreshed_at DATETIME,
  warm              INTEGER  NOT NULL DEFAULT 0,
  CONSTRAINT cache_metadata_key_length CHECK (length(key) BETWEEN 1 AND 512),
  CONSTRAINT cache_metadata_namespace_length CHECK (length(namespace) BETWEEN 1 AND 64),
  CONSTRAINT cache_metadata_ttl_positive CHECK (ttl_seconds > 0),
  CONSTRAINT cache_metadata_hit_count_nonnegative CHECK (hit_count >= 0),
  CONSTRAINT cache_metadata_warm_bool CHECK (warm IN (0, 1))
);

CREATE INDEX cache_metadata_hot_idx ON cache_metadata (namespace, hit_count DESC);
