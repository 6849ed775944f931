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
-- string: "word", "a phrase" (words in order, adjacent, in one column), a
-- trailing * for a prefix ("pric"*, or "fed rate"* on the last word),
-- terms side by side all required, an OR between two terms either of them;
-- as in FTS5, AND binds tighter than OR. Words are stemmed and unaccented as the column is.
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
    IF part::text ~ '<[0-9-]+>' THEN
      -- A phrase stays within one column, as in FTS5: its words all in the
      -- title (A) or all in the summary (D). The summary's positions follow
      -- the title's in search_vector, so an unweighted phrase could match
      -- across their boundary.
      part := regexp_replace(part::text, '(''(?:[^'']|'''')*'')(?::(\*))?', '\1:\2A', 'g')::tsquery
           || regexp_replace(part::text, '(''(?:[^'']|'''')*'')(?::(\*))?', '\1:\2D', 'g')::tsquery;
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
