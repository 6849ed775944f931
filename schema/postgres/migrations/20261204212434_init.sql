-- The whole PostgreSQL schema at its start: schema/postgres/*.sql in name
-- order (see docs/postgres.md).

-- assets.sql
-- Desired state of the assets table on PostgreSQL (schema/assets.sql is the
-- SQLite side; keep the two alike). Keys that are compared or sorted are
-- COLLATE "C": byte order, as SQLite's BINARY, whatever the server's locale,
-- and lower()/upper() fold ASCII letters only, as SQLite's NOCASE and
-- upper() do. lower(name) stands for name COLLATE NOCASE.
CREATE TABLE assets (
  id         bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol     text           COLLATE "C" NOT NULL,
  name       text           COLLATE "C" NOT NULL,
  type       text           COLLATE "C" NOT NULL,
  exchange   text           COLLATE "C" NOT NULL DEFAULT '',
  currency   text           NOT NULL DEFAULT 'USD',
  sector     text           NOT NULL DEFAULT '',
  active     boolean        NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT assets_symbol_format CHECK (length(symbol) BETWEEN 1 AND 20 AND symbol = upper(symbol)),
  CONSTRAINT assets_name_length CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT assets_type_enum CHECK (type IN ('stock', 'etf', 'crypto', 'index', 'forex', 'commodity')),
  CONSTRAINT assets_currency_format CHECK (length(currency) = 3)
);

CREATE UNIQUE INDEX assets_symbol_key ON assets (symbol);
CREATE INDEX assets_name_idx ON assets (lower(name), id);
CREATE INDEX assets_type_symbol_idx ON assets (type, symbol);
CREATE INDEX assets_exchange_symbol_idx ON assets (exchange, symbol);
-- Lists filtered by type or exchange and sorted by name walk these.
CREATE INDEX assets_type_name_idx ON assets (type, lower(name), id);
CREATE INDEX assets_exchange_name_idx ON assets (exchange, lower(name), id);

-- cache.sql
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

-- dashboards.sql
-- Users' dashboards and the widgets laid out on a 12-column grid. The
-- owner's foreign key is declared in users.sql, after users, so that the
-- files apply in name order.
CREATE TABLE dashboards (
  id          bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id    bigint         NOT NULL,
  name        text           NOT NULL,
  description text           NOT NULL DEFAULT '',
  is_default  boolean        NOT NULL DEFAULT false,
  -- Optimistic locking: every update increments it.
  version     bigint         NOT NULL DEFAULT 1,
  created_at  timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at  timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT dashboards_name_length CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT dashboards_description_length CHECK (length(description) <= 1000),
  CONSTRAINT dashboards_version_positive CHECK (version >= 1)
);

CREATE INDEX dashboards_owner_idx ON dashboards (owner_id, id);
-- At most one default dashboard per user.
CREATE UNIQUE INDEX dashboards_one_default_key ON dashboards (owner_id) WHERE is_default;

CREATE TABLE widgets (
  id              bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dashboard_id    bigint         NOT NULL,
  kind            text           NOT NULL,
  title           text           NOT NULL,
  pos_x           bigint         NOT NULL,
  pos_y           bigint         NOT NULL,
  width           bigint         NOT NULL,
  height          bigint         NOT NULL,
  -- Kind-specific settings, validated by the API against the kind's schema.
  config          jsonb          NOT NULL DEFAULT '{}',
  refresh_seconds bigint         NOT NULL DEFAULT 60,
  version         bigint         NOT NULL DEFAULT 1,
  created_at      timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at      timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT widgets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  CONSTRAINT widgets_kind_enum CHECK (kind IN ('watchlist', 'price_chart', 'news_feed', 'market_overview', 'heatmap')),
  CONSTRAINT widgets_title_length CHECK (length(title) BETWEEN 1 AND 100),
  CONSTRAINT widgets_grid CHECK (pos_x >= 0 AND pos_y >= 0 AND pos_y < 1000
                                 AND width BETWEEN 1 AND 12 AND height BETWEEN 1 AND 12
                                 AND pos_x + width <= 12),
  CONSTRAINT widgets_config_object CHECK (jsonb_typeof(config) = 'object' AND length(config::text) <= 16384),
  CONSTRAINT widgets_refresh_range CHECK (refresh_seconds BETWEEN 5 AND 86400),
  CONSTRAINT widgets_version_positive CHECK (version >= 1)
);

CREATE INDEX widgets_dashboard_idx ON widgets (dashboard_id, id);

-- market.sql
-- Latest quote per asset and historical price bars.
CREATE TABLE quotes (
  asset_id   bigint           NOT NULL PRIMARY KEY,
  price      double precision NOT NULL,
  change     double precision NOT NULL DEFAULT 0,
  change_pct double precision NOT NULL DEFAULT 0,
  volume     bigint           NOT NULL DEFAULT 0,
  market_cap double precision,
  -- When the provider observed the price; an older as_of never overwrites a newer one.
  as_of      timestamptz(3)   NOT NULL,
  provider   text             NOT NULL,
  updated_at timestamptz(3)   NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT quotes_asset_fk FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
  CONSTRAINT quotes_price_nonnegative CHECK (price >= 0),
  CONSTRAINT quotes_volume_nonnegative CHECK (volume >= 0),
  CONSTRAINT quotes_market_cap_nonnegative CHECK (market_cap IS NULL OR market_cap >= 0),
  CONSTRAINT quotes_provider_length CHECK (length(provider) BETWEEN 1 AND 64)
);

CREATE INDEX quotes_as_of_idx ON quotes (as_of);

CREATE TABLE price_bars (
  asset_id bigint           NOT NULL,
  interval text             COLLATE "C" NOT NULL,
  ts       timestamptz(3)   NOT NULL,
  open     double precision NOT NULL,
  high     double precision NOT NULL,
  low      double precision NOT NULL,
  close    double precision NOT NULL,
  volume   bigint           NOT NULL DEFAULT 0,
  CONSTRAINT price_bars_pkey PRIMARY KEY (asset_id, interval, ts),
  CONSTRAINT price_bars_asset_fk FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
  CONSTRAINT price_bars_interval_enum CHECK (interval IN ('1m', '5m', '1h', '1d')),
  CONSTRAINT price_bars_ohlc CHECK (low >= 0 AND low <= open AND low <= close AND high >= open AND high >= close),
  CONSTRAINT price_bars_volume_nonnegative CHECK (volume >= 0)
);

-- news.sql
-- Market news and the assets each article is about. The full-text column
-- and its index are in news_fts.sql.
CREATE TABLE news_articles (
  id           bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url          text             COLLATE "C" NOT NULL,
  title        text             NOT NULL,
  summary      text             NOT NULL DEFAULT '',
  source       text             COLLATE "C" NOT NULL,
  author       text             NOT NULL DEFAULT '',
  published_at timestamptz(3)   NOT NULL,
  -- -1 (negative) .. 1 (positive); NULL when unscored.
  sentiment    double precision,
  created_at   timestamptz(3)   NOT NULL DEFAULT statement_timestamp(),
  -- ILIKE: SQLite's LIKE ignores the case of ASCII letters.
  CONSTRAINT news_articles_url_format CHECK ((url ILIKE 'http://%' OR url ILIKE 'https://%') AND length(url) <= 2048),
  CONSTRAINT news_articles_title_length CHECK (length(title) BETWEEN 1 AND 500),
  CONSTRAINT news_articles_summary_length CHECK (length(summary) <= 5000),
  CONSTRAINT news_articles_source_length CHECK (length(source) BETWEEN 1 AND 100),
  CONSTRAINT news_articles_author_length CHECK (length(author) <= 200),
  CONSTRAINT news_articles_sentiment_range CHECK (sentiment IS NULL OR sentiment BETWEEN -1 AND 1)
);

CREATE UNIQUE INDEX news_articles_url_key ON news_articles (url);
CREATE INDEX news_articles_published_idx ON news_articles (published_at, id);
CREATE INDEX news_articles_source_published_idx ON news_articles (source, published_at, id);

CREATE TABLE news_article_assets (
  article_id   bigint         NOT NULL,
  asset_id     bigint         NOT NULL,
  -- The article's published_at (never changed once stored), so an asset's
  -- news is read newest first from news_article_assets_asset_published_idx
  -- alone; -infinity only for a link without its article, which the
  -- foreign key refuses (SQLite's '').
  published_at timestamptz(3) NOT NULL DEFAULT '-infinity',
  CONSTRAINT news_article_assets_pkey PRIMARY KEY (article_id, asset_id),
  CONSTRAINT news_article_assets_article_fk FOREIGN KEY (article_id) REFERENCES news_articles (id) ON DELETE CASCADE,
  CONSTRAINT news_article_assets_asset_fk FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE
);

CREATE INDEX news_article_assets_asset_published_idx ON news_article_assets (asset_id, published_at, article_id);

-- news_fts.sql
-- Full-text search over news titles and summaries (schema/news_fts.sql's
-- FTS5 table on SQLite). A stored generated tsvector column, so the index
-- follows every insert, update and delete with no trigger, and a GIN index.
--
-- The "news" configuration tokenizes as FTS5's
-- 'porter unicode61 remove_diacritics 2' does, as far as PostgreSQL can:
-- diacritics removed (unaccent), English (Snowball) stemming and, as FTS5,
-- no stop words. Titles weigh A, summaries D: with ts_rank_cd's weights
-- {0.1, 0.2, 0.4, 1.0} a title match counts ten times a summary match, as
-- bm25(10.0, 1.0) does.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY news_stem (TEMPLATE = snowball, LANGUAGE = english);

CREATE TEXT SEARCH CONFIGURATION news (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION news
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, news_stem;

ALTER TABLE news_articles ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS (
  setweight(to_tsvector('news', title), 'A') || setweight(to_tsvector('news', summary), 'D')
) STORED;

CREATE INDEX news_articles_search_idx ON news_articles USING gin (search_vector);

-- news_tsquery turns the FTS5 MATCH expression that news.FTSQuery builds
-- from user text into a tsquery, so both engines take the same query
-- string: "word", "a phrase" (words in order, adjacent), a trailing * for a
-- prefix ("pric"*, or "fed rate"* on the last word), terms side by side
-- all required, an OR between two terms either of them; as in FTS5, AND
-- binds tighter than OR. Words are stemmed and unaccented as the column is.
-- NULL when no term holds an indexable word (matches nothing). Anything
-- else is refused with SQLSTATE 42601 (syntax_error), as FTS5 refuses a
-- malformed MATCH.
CREATE FUNCTION news_tsquery(fts text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  m    text[];
  part tsquery;
  conj tsquery;
  res  tsquery;
BEGIN
  IF fts !~ '^"([^"]|"")*"\*?(( | OR )"([^"]|"")*"\*?)*$' THEN
    RAISE EXCEPTION 'malformed search query' USING ERRCODE = 'syntax_error';
  END IF;
  FOR m IN SELECT regexp_matches(fts, '( OR )?"((?:[^"]|"")*)"(\*?)', 'g') LOOP
    m[2] := replace(m[2], '""', '"');
    IF length(to_tsvector('news', m[2])) = 0 THEN
      CONTINUE; -- nothing indexable (phraseto_tsquery would send a NOTICE)
    END IF;
    part := phraseto_tsquery('news', m[2]);
    IF m[3] <> '' THEN
      part := (part::text || ':*')::tsquery;
    END IF;
    IF m[1] IS NOT NULL AND conj IS NOT NULL THEN
      res := CASE WHEN res IS NULL THEN conj ELSE res || conj END;
      conj := part;
    ELSE
      conj := CASE WHEN conj IS NULL THEN part ELSE conj && part END;
    END IF;
  END LOOP;
  IF conj IS NOT NULL THEN
    res := CASE WHEN res IS NULL THEN conj ELSE res || conj END;
  END IF;
  RETURN res;
END
$$;

-- news_headline is text with every match of query between chr(2) and
-- chr(3), which stored text never holds (FTS5's highlight()).
CREATE FUNCTION news_headline(body text, query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ts_headline('news', body, query, E'HighlightAll=true, StartSel=\x02, StopSel=\x03')
$$;

-- news_snippet is about 24 words of text around its best match of query,
-- matches marked as in news_headline, and chr(8230) where the text was cut
-- (FTS5's snippet(..., 24)).
CREATE FUNCTION news_snippet(body text, query tsquery) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  h     text := ts_headline('news', body, query, E'MaxWords=24, MinWords=23, ShortWord=0, StartSel=\x02, StopSel=\x03');
  plain text := replace(replace(h, E'\x02', ''), E'\x03', '');
BEGIN
  IF plain = '' THEN
    RETURN h;
  END IF;
  IF NOT starts_with(body, plain) THEN
    h := E'\u2026' || h;
  END IF;
  IF right(body, length(plain)) <> plain THEN
    h := h || E'\u2026';
  END IF;
  RETURN h;
END
$$;

-- quota.sql
-- Request budgets of the market data providers: how many requests went out
-- in the current window of each span, so a restart keeps a day's spend.
CREATE TABLE provider_quota (
  provider     text   COLLATE "C" NOT NULL,
  span         text   COLLATE "C" NOT NULL,
  window_start bigint NOT NULL,
  used         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (provider, span),
  CONSTRAINT provider_quota_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_quota_span CHECK (span IN ('minute', 'day')),
  CONSTRAINT provider_quota_used_nonnegative CHECK (used >= 0)
);

-- A provider paused by a 429 or an in-body limit note, until a time.
CREATE TABLE provider_pause (
  provider text   COLLATE "C" NOT NULL PRIMARY KEY,
  until_ms bigint NOT NULL,
  reason   text   NOT NULL,
  CONSTRAINT provider_pause_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_pause_reason_length CHECK (length(reason) BETWEEN 1 AND 64)
);

-- users.sql
-- Accounts and their login sessions.
CREATE TABLE users (
  id            bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text           COLLATE "C" NOT NULL,
  password_hash text           NOT NULL,
  display_name  text           NOT NULL,
  role          text           COLLATE "C" NOT NULL DEFAULT 'user',
  active        boolean        NOT NULL DEFAULT true,
  created_at    timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at    timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT users_email_format CHECK (length(email) BETWEEN 3 AND 254 AND strpos(email, '@') > 1),
  -- ILIKE: SQLite's LIKE ignores the case of ASCII letters.
  CONSTRAINT users_password_hash_format CHECK (password_hash ILIKE '$argon2id$%'),
  CONSTRAINT users_display_name_length CHECK (length(display_name) BETWEEN 1 AND 100),
  CONSTRAINT users_role_enum CHECK (role IN ('user', 'admin'))
);

-- Emails are unique whatever their case: lower() of a COLLATE "C" column
-- folds ASCII letters only, as SQLite's NOCASE does.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_idx ON users (created_at, id);

-- Declared here rather than in dashboards.sql so that the files apply in
-- name order (dashboards.sql comes before users).
ALTER TABLE dashboards ADD CONSTRAINT dashboards_owner_fk
  FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

CREATE TABLE sessions (
  id           bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   bytea          NOT NULL,
  user_id      bigint         NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  expires_at   timestamptz(3) NOT NULL,
  last_used_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  user_agent   text           NOT NULL DEFAULT '',
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the bearer token; the token itself is never stored.
  CONSTRAINT sessions_token_hash_length CHECK (octet_length(token_hash) = 32),
  CONSTRAINT sessions_user_agent_length CHECK (length(user_agent) <= 512),
  CONSTRAINT sessions_expiry_order CHECK (expires_at > created_at)
);

CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Single-use tickets that open an owner's event stream (a browser's
-- EventSource cannot send Authorization). Each is bound to the session that
-- asked for it and to one dashboard, lives seconds, and is deleted when it
-- is used, when its session ends, or by the session sweep once expired.
CREATE TABLE stream_tickets (
  token_hash   bytea          NOT NULL PRIMARY KEY,
  session_id   bigint         NOT NULL,
  dashboard_id bigint         NOT NULL,
  expires_at   timestamptz(3) NOT NULL,
  CONSTRAINT stream_tickets_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
  CONSTRAINT stream_tickets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  -- SHA-256 of the ticket; the ticket itself is never stored.
  CONSTRAINT stream_tickets_token_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX stream_tickets_session_idx ON stream_tickets (session_id);
CREATE INDEX stream_tickets_dashboard_idx ON stream_tickets (dashboard_id);
CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);
