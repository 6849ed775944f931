-- Full-text index over news titles and summaries, kept in sync by triggers.
-- An external-content FTS5 table: the text lives once, in news_articles.
-- sqlc reads schema/sqlc/news_fts.sql (a plain-table stand-in that declares
-- the hidden columns) instead of this file.
CREATE VIRTUAL TABLE news_fts USING fts5(
  title, summary,
  content='news_articles', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER news_articles_fts_insert AFTER INSERT ON news_articles BEGIN
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE TRIGGER news_articles_fts_delete AFTER DELETE ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;

CREATE TRIGGER news_articles_fts_update AFTER UPDATE OF title, summary ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
