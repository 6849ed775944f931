-- Hit statistics of cache keys, sampled in batches, used to warm the cache.
CREATE TABLE cache_metadata (
  key               text           COLLATE "C" NOT NULL PRIMARY KEY,
  namespace         text           COLLATE "C" NOT NULL,
  ttl_seconds       bigint         NOT NULL,
  hit_count         bigint         NOT NULL DEFAULT 0,
  last_hit_at       timestamptz(3),
  last_refreshed_at timestamptz(3),
  warm              boolean        NOT NULL DEFAULT false,
  CONSTRAINT cache_metadata_key_length CHECK (length(key) BETWEEN 1 AND 512),
  CONSTRAINT cache_metadata_namespace_length CHECK (length(namespace) BETWEEN 1 AND 64),
  CONSTRAINT cache_metadata_ttl_positive CHECK (ttl_seconds > 0),
  CONSTRAINT cache_metadata_hit_count_nonnegative CHECK (hit_count >= 0)
);

CREATE INDEX cache_metadata_hot_idx ON cache_metadata (namespace, hit_count DESC);
