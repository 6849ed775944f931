-- Market news, the assets each article is about, and full-text search over
-- news_fts (kept in sync by triggers). Lists are keyset pages, newest first,
-- on (published_at, id): pass the last row's published_at and id, or NULL
-- (nil) before_published_at for the first page. Times passed from Go are
-- time.Time values normalised by strftime to the stored UTC text form.

-- name: InsertArticle :one
-- Stores an article unless its URL is already stored: then no row
-- (sql.ErrNoRows) and nothing changes; GetArticleByURL finds the stored one.
INSERT INTO news_articles (url, title, summary, source, author, published_at, sentiment)
VALUES (sqlc.arg(url), sqlc.arg(title), sqlc.arg(summary), sqlc.arg(source), sqlc.arg(author),
        strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(published_at)), sqlc.narg(sentiment))
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
WHERE published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR id < sqlc.arg(before_id))
ORDER BY published_at DESC, id DESC
LIMIT sqlc.arg(max_rows);

-- name: ListNewsBySource :many
SELECT id, url, title, summary, source, author, published_at, sentiment, created_at
FROM news_articles
WHERE source = sqlc.arg(source)
  AND published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR id < sqlc.arg(before_id))
ORDER BY published_at DESC, id DESC
LIMIT sqlc.arg(max_rows);

-- name: ListNewsByAsset :many
-- Sorts all of the asset's articles before the cursor (news_article_assets
-- has no published_at to order by).
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_article_assets na
JOIN news_articles n ON n.id = na.article_id
WHERE na.asset_id = sqlc.arg(asset_id)
  AND n.published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR n.id < sqlc.arg(before_id))
ORDER BY n.published_at DESC, n.id DESC
LIMIT sqlc.arg(max_rows);

-- name: UpdateArticle :one
-- Corrects an article's text or score; the FTS index follows by trigger.
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
WHERE id IN (SELECT id FROM news_articles
             WHERE published_at < strftime('%Y-%m-%d %H:%M:%f', sqlc.arg(before))
             ORDER BY published_at
             LIMIT sqlc.arg(max_rows));

-- name: LinkArticleAsset :exec
-- Idempotent.
INSERT INTO news_article_assets (article_id, asset_id)
VALUES (sqlc.arg(article_id), sqlc.arg(asset_id))
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
LIMIT sqlc.arg(max_rows);

-- name: SearchNews :many
-- Full-text search, best match first: bm25 with the title weighing 10 times
-- the summary (FTS5 sorts by rank itself, so highlight and snippet run only
-- for the rows returned). query must be a valid FTS5 query: build it from
-- user text with store.FTSQuery. Matches are wrapped in char(2) ... char(3),
-- which never occur in stored text: HTML-escape, then replace them.
-- Paged by LIMIT/OFFSET, not keyset: FTS5 ranks every match on each call
-- either way, and bm25 scores shift as articles arrive, so a rank cursor
-- would be no more stable. Callers bound skip (the API allows at most 1000).
SELECT n.id, n.url, n.title, n.source, n.author, n.published_at, n.sentiment,
       highlight(news_fts, 0, char(2), char(3)) AS title_highlight,
       snippet(news_fts, 1, char(2), char(3), char(8230), 24) AS summary_snippet,
       news_fts.rank AS score
FROM news_fts
JOIN news_articles n ON n.id = news_fts.rowid
WHERE news_fts MATCH sqlc.arg(query)
  AND news_fts.rank MATCH 'bm25(10.0, 1.0)'
ORDER BY news_fts.rank
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip);
