-- Full-text index over news (FTS5), managed outside atlas's planner.
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
