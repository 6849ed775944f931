-- A phrase of a search matches within one column (title or summary), as in
-- FTS5, not across the boundary of the two in search_vector: news_tsquery
-- weighs each word of a phrase A (title) or D (summary), one phrase each.
CREATE OR REPLACE FUNCTION news_tsquery(fts text) RETURNS tsquery
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
