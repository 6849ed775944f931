-- Market news, the assets each article is about, and full-text search over
-- news_articles.search_vector (a generated column: see
-- schema/postgres/news_fts.sql). Lists are keyset pages, newest first, on
-- (published_at, id): pass the last row's published_at and id, or NULL
-- before_published_at for the first page. Times passed from Go are cast to
-- timestamptz(3), as the columns are. Id lists (asset_ids, ids,
-- article_ids) are bigint arrays where SQLite takes a JSON array; NULL
-- asset_ids means no filter.

-- name: InsertArticle :one
-- Stores an article unless its URL is already stored: then no row
-- (pgx.ErrNoRows) and nothing changes; GetArticleByURL finds the stored one.
INSERT INTO news_articles (url, title, summary, source, author, published_at, sentiment)
VALUES (sqlc.arg(url), sqlc.arg(title), sqlc.arg(summary), sqlc.arg(source), sqlc.arg(author),
        sqlc.arg(published_at)::timestamptz(3), sqlc.narg(sentiment))
ON CONFLICT (url) DO NOTHING
RETURNING id, url, title, summary, source, author, published_at, sentiment, created_at;

-- name: GetArticle :one
SELECT id, url, title, summary, source, author, published_at, sentiment, created_at
FROM news_articles
WHERE id = sqlc.arg(id);

-- name: GetArticleByURL :one
SELECT id, url, title, summary, source, author, published_at, sentiment, created_at
FROM news_articles
WHERE url = sqlc.arg(url);

-- name: ListNews :many
SELECT id, url, title, summary, source, author, published_at, sentiment, created_at
FROM news_articles
WHERE published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR id < sqlc.arg(before_id))
ORDER BY published_at DESC, id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListNewsBySource :many
SELECT id, url, title, summary, source, author, published_at, sentiment, created_at
FROM news_articles
WHERE source = sqlc.arg(source)
  AND published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR id < sqlc.arg(before_id))
ORDER BY published_at DESC, id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListNewsByAsset :many
-- Walks news_article_assets_asset_published_idx newest first (links carry
-- their article's published_at): reads one page of links, not all of the
-- asset's.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_article_assets na
JOIN news_articles n ON n.id = na.article_id
WHERE na.asset_id = sqlc.arg(asset_id)
  AND na.published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (na.published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR na.article_id < sqlc.arg(before_id))
ORDER BY na.published_at DESC, na.article_id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: UpdateArticle :one
-- Corrects an article's text or score; search_vector follows (generated).
UPDATE news_articles
SET title = sqlc.arg(title),
    summary = sqlc.arg(summary),
    author = sqlc.arg(author),
    sentiment = sqlc.narg(sentiment)
WHERE id = sqlc.arg(id)
RETURNING id, url, title, summary, source, author, published_at, sentiment, created_at;

-- name: DeleteArticle :execrows
DELETE FROM news_articles WHERE id = sqlc.arg(id);

-- name: DeleteNewsBefore :execrows
-- Retention: removes up to max_rows articles published before before; call
-- until it returns 0.
DELETE FROM news_articles
WHERE id IN (SELECT o.id FROM news_articles o
             WHERE o.published_at < sqlc.arg(before)::timestamptz(3)
             ORDER BY o.published_at
             LIMIT sqlc.arg(max_rows)::bigint);

-- name: LinkArticleAsset :exec
-- Idempotent. The link copies the article's published_at (-infinity for no
-- article: the foreign key refuses the link, as on SQLite).
INSERT INTO news_article_assets (article_id, asset_id, published_at)
VALUES (sqlc.arg(article_id), sqlc.arg(asset_id),
        coalesce((SELECT n.published_at FROM news_articles n WHERE n.id = sqlc.arg(article_id)), '-infinity'))
ON CONFLICT (article_id, asset_id) DO NOTHING;

-- name: UnlinkArticleAsset :execrows
DELETE FROM news_article_assets
WHERE article_id = sqlc.arg(article_id) AND asset_id = sqlc.arg(asset_id);

-- name: ListArticleAssets :many
SELECT a.id, a.symbol, a.name, a.type, a.exchange, a.currency, a.sector, a.active, a.created_at, a.updated_at
FROM news_article_assets na
JOIN assets a ON a.id = na.asset_id
WHERE na.article_id = sqlc.arg(article_id)
ORDER BY a.symbol
LIMIT sqlc.arg(max_rows)::bigint;

-- name: SearchNews :many
-- Full-text search, best match first, ties by id: ts_rank_cd with the
-- title weighing 10 times the summary, negated so that lower is better as
-- bm25 is; headline and snippet run only for the rows returned. query is
-- the FTS5 expression that news.FTSQuery builds (see news_tsquery). Matches
-- are wrapped in chr(2) ... chr(3), which never occur in stored text:
-- HTML-escape, then replace them. Paged by LIMIT/OFFSET (callers bound
-- skip; the API allows at most 1000).
WITH q AS MATERIALIZED (SELECT news_tsquery(sqlc.arg(query)) AS tsq)
SELECT n.id, n.url, n.title, n.source, n.author, n.published_at, n.sentiment,
       news_headline(n.title, q.tsq)::text AS title_highlight,
       news_snippet(n.summary, q.tsq)::text AS summary_snippet,
       r.score
FROM q
CROSS JOIN (SELECT m.id, (-ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', m.search_vector, mq.tsq, 1))::double precision AS score
            FROM q AS mq
            JOIN news_articles m ON m.search_vector @@ mq.tsq
            ORDER BY score, m.id
            LIMIT sqlc.arg(max_rows)::bigint OFFSET sqlc.arg(skip)::bigint) AS r
JOIN news_articles n ON n.id = r.id
ORDER BY r.score, r.id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListNewsPage :many
-- One keyset page of the news, newest first, under the listNews filters
-- without a symbol or source: since (inclusive) and until (exclusive), NULL
-- for no bound. Walks news_articles_published_idx: nothing is sorted.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_articles n
WHERE n.published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (n.published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR n.id < sqlc.arg(before_id))
  AND n.published_at >= coalesce(sqlc.narg(since)::timestamptz(3), '-infinity')
  AND n.published_at < coalesce(sqlc.narg(until)::timestamptz(3), 'infinity')
ORDER BY n.published_at DESC, n.id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListNewsPageByAsset :many
-- ListNewsPage for one asset of a symbol filter without a source: walks
-- news_article_assets_asset_published_idx newest first, so it reads one
-- page of the asset's links whatever their number (the service merges the
-- pages of several assets).
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_article_assets na
JOIN news_articles n ON n.id = na.article_id
WHERE na.asset_id = sqlc.arg(asset_id)
  AND na.published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (na.published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR na.article_id < sqlc.arg(before_id))
  AND na.published_at >= coalesce(sqlc.narg(since)::timestamptz(3), '-infinity')
  AND na.published_at < coalesce(sqlc.narg(until)::timestamptz(3), 'infinity')
ORDER BY na.published_at DESC, na.article_id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: ListNewsPageBySource :many
-- ListNewsPage for one source, on news_articles_source_published_idx.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_articles n
WHERE n.source = sqlc.arg(source)
  AND n.published_at <= coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
  AND (n.published_at < coalesce(sqlc.narg(before_published_at)::timestamptz(3), 'infinity')
       OR n.id < sqlc.arg(before_id))
  AND n.published_at >= coalesce(sqlc.narg(since)::timestamptz(3), '-infinity')
  AND n.published_at < coalesce(sqlc.narg(until)::timestamptz(3), 'infinity')
  AND (sqlc.narg(asset_ids)::bigint[] IS NULL
       OR EXISTS (SELECT 1 FROM news_article_assets na
                  WHERE na.article_id = n.id
                    AND na.asset_id = ANY(sqlc.narg(asset_ids)::bigint[])))
ORDER BY n.published_at DESC, n.id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: MaxArticleID :one
-- The newest article id: the snapshot a search's pages are bound to.
SELECT coalesce(max(id), 0)::bigint AS max_id
FROM news_articles;

-- name: RankNews :many
-- One page of a search, as ids and scores (lower is better: the negated
-- ts_rank_cd), best first, ties by id, among the rank_window newest
-- matches (by id: the order articles were stored in) up to max_id (the
-- snapshot taken at the first page) and, unless asset_ids is NULL, about
-- one of the assets. The window is taken before any rank is computed, so
-- ts_rank_cd runs for rank_window matches at most however many the
-- archive holds; NewsMatches then highlights the page's rows. query is the
-- FTS5 expression of news.FTSQuery. RankNewsFiltered adds the filters on
-- news_articles.
WITH q AS MATERIALIZED (SELECT news_tsquery(sqlc.arg(query)) AS tsq)
SELECT c.id, (-ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search_vector, q.tsq, 1))::double precision AS score
FROM q
CROSS JOIN (SELECT n.id, n.search_vector
            FROM q AS wq
            JOIN news_articles n ON n.search_vector @@ wq.tsq
            WHERE n.id <= sqlc.arg(max_id)
              AND (sqlc.narg(asset_ids)::bigint[] IS NULL
                   OR n.id IN (SELECT na.article_id FROM news_article_assets na
                               WHERE na.asset_id = ANY(sqlc.narg(asset_ids)::bigint[])))
            ORDER BY n.id DESC
            LIMIT sqlc.arg(rank_window)::bigint) AS c
ORDER BY score, c.id
LIMIT sqlc.arg(max_rows)::bigint OFFSET sqlc.arg(skip)::bigint;

-- name: RankNewsFiltered :many
-- RankNews under the filters of ListNewsPage too (source NULL for any):
-- the window holds the rank_window newest matches of the filters.
WITH q AS MATERIALIZED (SELECT news_tsquery(sqlc.arg(query)) AS tsq)
SELECT c.id, (-ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search_vector, q.tsq, 1))::double precision AS score
FROM q
CROSS JOIN (SELECT n.id, n.search_vector
            FROM q AS wq
            JOIN news_articles n ON n.search_vector @@ wq.tsq
            WHERE n.id <= sqlc.arg(max_id)
              AND (sqlc.narg(source)::text IS NULL OR n.source = sqlc.narg(source)::text)
              AND n.published_at >= coalesce(sqlc.narg(since)::timestamptz(3), '-infinity')
              AND n.published_at < coalesce(sqlc.narg(until)::timestamptz(3), 'infinity')
              AND (sqlc.narg(asset_ids)::bigint[] IS NULL
                   OR n.id IN (SELECT na.article_id FROM news_article_assets na
                               WHERE na.asset_id = ANY(sqlc.narg(asset_ids)::bigint[])))
            ORDER BY n.id DESC
            LIMIT sqlc.arg(rank_window)::bigint) AS c
ORDER BY score, c.id
LIMIT sqlc.arg(max_rows)::bigint OFFSET sqlc.arg(skip)::bigint;

-- name: NewsMatches :many
-- The articles among ids (at most 200, all between min_id and max_id) that
-- match query, with the title highlighted and a summary snippet (matches
-- in chr(2) ... chr(3), cuts marked with chr(8230)), in no particular
-- order. Reads the rows by primary key; headline and snippet run only for
-- them.
WITH q AS MATERIALIZED (SELECT news_tsquery(sqlc.arg(query)) AS tsq)
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at,
       news_headline(n.title, q.tsq)::text AS title_highlight,
       news_snippet(n.summary, q.tsq)::text AS summary_snippet
FROM q
JOIN news_articles n ON n.search_vector @@ q.tsq
WHERE n.id = ANY(sqlc.arg(ids)::bigint[])
  AND n.id >= sqlc.arg(min_id)
  AND n.id <= sqlc.arg(max_id)
LIMIT 200;

-- name: ListSymbolsOfArticles :many
-- The symbols of the articles among article_ids (at most 200 ids), by
-- article then symbol.
SELECT na.article_id, a.symbol
FROM news_article_assets na
JOIN assets a ON a.id = na.asset_id
WHERE na.article_id = ANY(sqlc.arg(article_ids)::bigint[])
ORDER BY na.article_id, a.symbol
LIMIT 10000;
