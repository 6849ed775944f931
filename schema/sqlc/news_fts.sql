-- Read by sqlc only (see sqlc.yaml), never migrated: sqlc does not know the
-- hidden columns of an FTS5 table (the table-named column used for MATCH and
-- commands, rank, rowid), so this plain table declares them. The real
-- definition is schema/news_fts.sql.
CREATE TABLE news_fts (
  rowid    INTEGER NOT NULL,
  title    TEXT    NOT NULL,
  summary  TEXT    NOT NULL,
  news_fts TEXT    NOT NULL,
  rank     REAL    NOT NULL
);
