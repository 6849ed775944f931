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
-- Walks news_article_assets_asset_published_idx newest first (links carry
-- their article's published_at): reads one page of links, not all of the
-- asset's.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_article_assets na
CROSS JOIN news_articles n
WHERE na.asset_id = sqlc.arg(asset_id)
  AND n.id = na.article_id
  AND na.published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (na.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR na.article_id < sqlc.arg(before_id))
ORDER BY na.published_at DESC, na.article_id DESC
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
-- Idempotent. The link copies the article's published_at ('' for no
-- article: the foreign key refuses the link).
INSERT INTO news_article_assets (article_id, asset_id, published_at)
VALUES (sqlc.arg(article_id), sqlc.arg(asset_id),
        coalesce((SELECT n.published_at FROM news_articles n WHERE n.id = sqlc.arg(article_id)), ''))
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

-- name: ListNewsPage :many
-- One keyset page of the news, newest first, under the listNews filters
-- without a symbol or source: since (inclusive) and until (exclusive), NULL
-- for no bound. Walks news_articles_published_idx: nothing is sorted.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_articles n
WHERE n.published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR n.id < sqlc.arg(before_id))
  AND n.published_at >= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(since)), '')
  AND n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(until)), '9999-12-32')
ORDER BY n.published_at DESC, n.id DESC
LIMIT sqlc.arg(max_rows);

-- name: ListNewsPageByAsset :many
-- ListNewsPage for one asset of a symbol filter without a source: walks
-- news_article_assets_asset_published_idx newest first, so it reads one
-- page of the asset's links whatever their number (the service merges the
-- pages of several assets).
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_article_assets na
CROSS JOIN news_articles n
WHERE na.asset_id = sqlc.arg(asset_id)
  AND n.id = na.article_id
  AND na.published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (na.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR na.article_id < sqlc.arg(before_id))
  AND na.published_at >= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(since)), '')
  AND na.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(until)), '9999-12-32')
ORDER BY na.published_at DESC, na.article_id DESC
LIMIT sqlc.arg(max_rows);

-- name: ListNewsPageBySource :many
-- ListNewsPage for one source, on news_articles_source_published_idx.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at
FROM news_articles n
WHERE n.source = sqlc.arg(source)
  AND n.published_at <= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
  AND (n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(before_published_at)), '9999-12-31 23:59:59.999')
       OR n.id < sqlc.arg(before_id))
  AND n.published_at >= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(since)), '')
  AND n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(until)), '9999-12-32')
  AND (CAST(sqlc.narg(asset_ids) AS TEXT) IS NULL
       OR EXISTS (SELECT 1 FROM news_article_assets na
                  WHERE na.article_id = n.id
                    AND na.asset_id IN (SELECT j.value FROM json_each(CAST(sqlc.narg(asset_ids) AS TEXT)) AS j)))
ORDER BY n.published_at DESC, n.id DESC
LIMIT sqlc.arg(max_rows);

-- name: MaxArticleID :one
-- The newest article id: the snapshot a search's pages are bound to.
SELECT CAST(coalesce(max(id), 0) AS INTEGER) AS max_id
FROM news_articles;

-- name: RankNews :many
-- One page of a search, as ids and bm25 scores (lower is better), best
-- first, ties by id, among the rank_window newest matches (by id: the
-- order articles were stored in) up to max_id (the snapshot taken at the
-- first page) and, unless asset_ids (a JSON array) is NULL, about one of
-- the assets. FTS5 walks the doclists newest first and stops at the
-- window, so bm25 runs for rank_window matches at most however many the
-- archive holds. Reads the full-text index alone; NewsMatches then
-- highlights the page's rows. query must come from store.FTSQuery.
-- RankNewsFiltered adds the filters on news_articles.
SELECT CAST(c.id AS INTEGER) AS id, CAST(c.score AS REAL) AS score
FROM (SELECT news_fts.rowid AS id, news_fts.rank AS score
      FROM news_fts
      WHERE news_fts MATCH sqlc.arg(query)
        AND news_fts.rank MATCH 'bm25(10.0, 1.0)'
        AND news_fts.rowid <= sqlc.arg(max_id)
        AND (CAST(sqlc.narg(asset_ids) AS TEXT) IS NULL
             OR +news_fts.rowid IN (SELECT na.article_id FROM news_article_assets na
                                    WHERE na.asset_id IN (SELECT j.value FROM json_each(CAST(sqlc.narg(asset_ids) AS TEXT)) AS j)))
      ORDER BY news_fts.rowid DESC
      LIMIT sqlc.arg(rank_window)) AS c
ORDER BY c.score, c.id
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip);

-- name: RankNewsFiltered :many
-- RankNews under the filters of ListNewsPage too (source NULL for any):
-- joins news_articles for every match it walks, newest first, until the
-- window holds rank_window matches of the filters.
SELECT CAST(c.id AS INTEGER) AS id, CAST(c.score AS REAL) AS score
FROM (SELECT n.id AS id, news_fts.rank AS score
      FROM news_fts
      JOIN news_articles n ON n.id = news_fts.rowid
      WHERE news_fts MATCH sqlc.arg(query)
        AND news_fts.rank MATCH 'bm25(10.0, 1.0)'
        AND news_fts.rowid <= sqlc.arg(max_id)
        AND (CAST(sqlc.narg(source) AS TEXT) IS NULL OR n.source = CAST(sqlc.narg(source) AS TEXT))
        AND n.published_at >= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(since)), '')
        AND n.published_at < coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(until)), '9999-12-32')
        AND (CAST(sqlc.narg(asset_ids) AS TEXT) IS NULL
             OR +news_fts.rowid IN (SELECT na.article_id FROM news_article_assets na
                                    WHERE na.asset_id IN (SELECT j.value FROM json_each(CAST(sqlc.narg(asset_ids) AS TEXT)) AS j)))
      ORDER BY news_fts.rowid DESC
      LIMIT sqlc.arg(rank_window)) AS c
ORDER BY c.score, c.id
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip);

-- name: NewsMatches :many
-- The articles among ids (a JSON array, at most 200, all between min_id
-- and max_id) that match query, with the title highlighted and a summary
-- snippet (matches in char(2) ... char(3), cuts marked with char(8230)),
-- in no particular order. FTS5 reads the query's doclists between min_id
-- and max_id only (a page of a bounded window spans a narrow range of
-- ids); the unary + keeps the id list itself away from FTS5, which would
-- read the doclists once per id. highlight and snippet run only for the
-- rows among ids.
SELECT n.id, n.url, n.title, n.summary, n.source, n.author, n.published_at, n.sentiment, n.created_at,
       highlight(news_fts, 0, char(2), char(3)) AS title_highlight,
       snippet(news_fts, 1, char(2), char(3), char(8230), 24) AS summary_snippet
FROM news_fts
JOIN news_articles n ON n.id = news_fts.rowid
WHERE news_fts MATCH sqlc.arg(query)
  AND news_fts.rowid >= sqlc.arg(min_id)
  AND news_fts.rowid <= sqlc.arg(max_id)
  AND +news_fts.rowid IN (SELECT j.value FROM json_each(CAST(sqlc.arg(ids) AS TEXT)) AS j)
LIMIT 200;

-- name: ListSymbolsOfArticles :many
-- The symbols of the articles among article_ids (a JSON array of at most
-- 200 ids), by article then symbol.
SELECT na.article_id, a.symbol
FROM news_article_assets na
JOIN assets a ON a.id = na.asset_id
WHERE na.article_id IN (SELECT j.value FROM json_each(CAST(sqlc.arg(article_ids) AS TEXT)) AS j)
ORDER BY na.article_id, a.symbol
LIMIT 10000;
