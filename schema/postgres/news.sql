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
