-- Create virtual table "news_fts"
CREATE VIRTUAL TABLE news_fts USING fts5(
  title, summary,
  content='news_articles', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
);
-- Index the rows of "news_articles" in virtual table "news_fts"
INSERT INTO `news_fts`(`news_fts`) VALUES ('rebuild');
-- Create trigger "news_articles_fts_insert"
CREATE TRIGGER news_articles_fts_insert AFTER INSERT ON news_articles BEGIN
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
-- Create trigger "news_articles_fts_delete"
CREATE TRIGGER news_articles_fts_delete AFTER DELETE ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;
-- Create trigger "news_articles_fts_update"
CREATE TRIGGER news_articles_fts_update AFTER UPDATE OF title, summary ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
