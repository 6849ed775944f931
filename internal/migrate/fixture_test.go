package migrate_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/migrate"
)

// A step of the fixture history: the desired schema after it, and rows
// that schema accepts, inserted after the step is applied. Seeds are
// idempotent, so a round trip can re-insert the rows of a table it dropped.
type step struct {
	name    string
	desired map[string]string // file → DDL
	seed    string
}

const (
	authorsSQL = `CREATE TABLE authors (
  id   INTEGER NOT NULL PRIMARY KEY,
  name TEXT    NOT NULL
);
`
	newsV1 = `CREATE TABLE news_articles (
  id        INTEGER NOT NULL PRIMARY KEY,
  author_id INTEGER REFERENCES authors (id),
  title     TEXT    NOT NULL,
  summary   TEXT    NOT NULL DEFAULT '',
  CONSTRAINT news_title_length CHECK (length(title) BETWEEN 1 AND 200)
);
CREATE INDEX news_articles_author_idx ON news_articles (author_id);
`
	newsFTS = `CREATE VIRTUAL TABLE news_fts USING fts5(title, summary, content='news_articles', content_rowid='id', tokenize='porter unicode61');

CREATE TRIGGER news_fts_insert AFTER INSERT ON news_articles BEGIN
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE TRIGGER news_fts_delete AFTER DELETE ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;

CREATE TRIGGER news_fts_update AFTER UPDATE ON news_articles BEGIN
  INSERT INTO news_fts (news_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO news_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;

CREATE VIEW news_with_authors AS
  SELECT n.id, n.title, a.name AS author FROM news_articles AS n LEFT JOIN authors AS a ON a.id = n.author_id;
`
	tagsSQL = `CREATE TABLE tags (
  article_id INTEGER NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  tag        TEXT    NOT NULL,
  PRIMARY KEY (article_id, tag)
);
`
)

// fixtureSteps is a history exercising what atlas plans (new tables,
// ADD COLUMN, rebuilds, indexes, foreign keys) and what this package plans
// around it (an external-content FTS5 table with sync triggers and a view
// over a table that is rebuilt twice, an FTS5 table storing its own text).
func fixtureSteps() []step {
	v2 := strings.Replace(newsV1, "  summary   TEXT    NOT NULL DEFAULT '',\n",
		"  summary   TEXT    NOT NULL DEFAULT '',\n  source    TEXT    NOT NULL DEFAULT '',\n", 1)
	v4 := strings.Replace(v2, "summary   TEXT    NOT NULL DEFAULT ''", "summary   TEXT", 1)
	v5 := strings.Replace(v4, "  source    TEXT    NOT NULL DEFAULT '',\n", "", 1) +
		"CREATE INDEX news_articles_title_idx ON news_articles (title COLLATE NOCASE);\n"
	return []step{
		{"init", map[string]string{"a.sql": authorsSQL, "b.sql": newsV1},
			"INSERT OR IGNORE INTO authors (id, name) VALUES (1, 'Ann');\n" +
				"INSERT OR IGNORE INTO news_articles (id, author_id, title, summary) VALUES (1, 1, 'Rates rise', 'central bank lifts rates');"},
		{"add_source", map[string]string{"a.sql": authorsSQL, "b.sql": v2},
			"INSERT OR IGNORE INTO news_articles (id, author_id, title, summary, source) VALUES (2, 1, 'Oil slips', 'crude falls', 'wire');"},
		{"news_fts", map[string]string{"a.sql": authorsSQL, "b.sql": v2, "c.sql": newsFTS},
			"INSERT OR IGNORE INTO news_articles (id, title, summary, source) VALUES (3, 'Chips rally', 'semiconductor stocks climb', 'desk');"},
		{"nullable_summary", map[string]string{"a.sql": authorsSQL, "b.sql": v4, "c.sql": newsFTS},
			"INSERT OR IGNORE INTO news_articles (id, title, summary, source) VALUES (4, 'Gold steady', 'bullion flat', 'wire');\n" +
				"UPDATE news_articles SET title = 'Rates rise again' WHERE id = 1;"},
		{"drop_source", map[string]string{"a.sql": authorsSQL, "b.sql": v5, "c.sql": newsFTS},
			"INSERT OR IGNORE INTO news_articles (id, title, summary) VALUES (5, 'Bonds bid', 'yields drop');"},
		{"tags_notes", map[string]string{"a.sql": authorsSQL, "b.sql": v5, "c.sql": newsFTS,
			"d.sql": tagsSQL + "CREATE VIRTUAL TABLE notes_fts USING fts5(body);\n"},
			"INSERT OR IGNORE INTO tags VALUES (1, 'macro'), (5, 'bonds');\n" +
				"INSERT INTO notes_fts (rowid, body) SELECT 1, 'watch the yield curve' WHERE NOT EXISTS (SELECT 1 FROM notes_fts WHERE rowid = 1);"},
		{"notes_author", map[string]string{"a.sql": authorsSQL, "b.sql": v5,
			"c.sql": strings.Replace(newsFTS, "a.name AS author", "coalesce(a.name, '') AS author", 1),
			"d.sql": tagsSQL + "CREATE VIRTUAL TABLE notes_fts USING fts5(body, author);\n"},
			"INSERT INTO notes_fts (rowid, body, author) SELECT 2, 'earnings season', 'Ann' WHERE NOT EXISTS (SELECT 1 FROM notes_fts WHERE rowid = 2);"},
	}
}

func desiredFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, sql := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(sql)}
	}
	return fsys
}

// mustFixtureDir plans the fixture history with Diff into a new directory
// and returns its path and file names, one per step.
func mustFixtureDir(tb testing.TB, steps []step) (string, []string) {
	tb.Helper()
	path := tb.TempDir()
	var names []string
	for _, s := range steps {
		name, err := migrate.Diff(context.Background(), s.name, desiredFS(s.desired), path)
		if err != nil {
			tb.Fatalf("Diff %s: %v", s.name, err)
		}
		if name == "" {
			tb.Fatalf("Diff %s planned nothing", s.name)
		}
		names = append(names, name)
	}
	return path, names
}

func mustLocalDir(tb testing.TB, path string) atlas.Dir {
	tb.Helper()
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func mustExec(tb testing.TB, db *sql.DB, script string) {
	tb.Helper()
	if script == "" {
		return
	}
	if _, err := db.Exec(script); err != nil {
		tb.Fatalf("%s: %v", script, err)
	}
}

func mustReadFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// mustFresh builds a database by applying the first n files of dir.
func mustFresh(tb testing.TB, dir atlas.Dir, n int) *sql.DB {
	tb.Helper()
	db := mustOpenDB(tb)
	if n > 0 {
		mustUp(tb, migrate.New(db, dir, nil), n)
	}
	return db
}

// schemaRows returns the sqlite_schema rows (history table excluded) with
// identifier quotes and whitespace normalized: a table renamed by a
// rebuild is recorded as CREATE TABLE "t" where a created one reads `t`.
func schemaRows(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	rows := mustQueryStrings(tb, db, "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || coalesce(sql, '') "+
		"FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY type, name", migrate.RevisionsTable)
	space := regexp.MustCompile(`\s+`)
	for i, r := range rows {
		r = strings.NewReplacer("`", "", `"`, "").Replace(r)
		r = space.ReplaceAllString(r, " ")
		rows[i] = strings.NewReplacer("( ", "(", " )", ")", " ,", ",").Replace(r)
	}
	return rows
}

// structure describes the schema from SQLite's pragmas (columns, indexes
// with collations, foreign keys) plus the SQL of views, triggers and
// virtual tables: equal for two schemas whose CREATE TABLE texts differ
// only in layout, as a rebuilt table's does from an altered one's.
func structure(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	out := mustQueryStrings(tb, db, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master "+
		"WHERE type IN ('view', 'trigger') OR sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY type, name")
	tables := mustQueryStrings(tb, db, "SELECT name FROM pragma_table_list WHERE schema = 'main' "+
		"AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name", migrate.RevisionsTable)
	for _, t := range tables {
		out = append(out, mustQueryStrings(tb, db, "SELECT ? || ' column ' || name || ' ' || type || "+
			"' notnull=' || \"notnull\" || ' default=' || coalesce(dflt_value, 'NULL') || ' pk=' || pk "+
			"FROM pragma_table_xinfo(?) ORDER BY cid", t, t)...)
		out = append(out, mustQueryStrings(tb, db, "SELECT ? || ' index ' || il.name || ' unique=' || il.\"unique\" || "+
			"' (' || (SELECT group_concat(coalesce(name, '<expr>') || ' ' || coll || ' ' || \"desc\", ', ') "+
			"FROM pragma_index_xinfo(il.name) WHERE key = 1) || ')' FROM pragma_index_list(?) AS il ORDER BY il.name", t, t)...)
		out = append(out, mustQueryStrings(tb, db, "SELECT ? || ' fk ' || \"from\" || ' -> ' || \"table\" || '.' || "+
			"coalesce(\"to\", '') || ' ' || on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", t, t)...)
	}
	return out
}

// tableRows returns the rows of the tables (virtual and shadow tables
// excluded) as column → value maps, keyed by table.
func tableRows(tb testing.TB, db *sql.DB) map[string][]map[string]string {
	tb.Helper()
	tables := mustQueryStrings(tb, db, "SELECT name FROM pragma_table_list WHERE schema = 'main' "+
		"AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?", migrate.RevisionsTable)
	out := make(map[string][]map[string]string)
	for _, t := range tables {
		cols := mustQueryStrings(tb, db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", t)
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = fmt.Sprintf("quote(%q)", c)
		}
		for _, row := range mustQueryStrings(tb, db, "SELECT json_array("+strings.Join(quoted, ", ")+") FROM \""+t+"\" ORDER BY rowid") {
			var vals []string
			if err := json.Unmarshal([]byte(row), &vals); err != nil {
				tb.Fatal(err)
			}
			m := make(map[string]string, len(cols))
			for i, c := range cols {
				m[c] = vals[i]
			}
			out[t] = append(out[t], m)
		}
	}
	return out
}

// surviving projects each state onto the tables all of them have and the
// columns all of them have: the rows a change of schema must not lose.
func surviving(states ...map[string][]map[string]string) []map[string][]string {
	out := make([]map[string][]string, len(states))
	for i := range out {
		out[i] = make(map[string][]string)
	}
	for t := range states[0] {
		var common []string
		for _, st := range states {
			rows, ok := st[t]
			if !ok {
				common = nil
				break
			}
			if len(rows) == 0 {
				continue
			}
			if common == nil {
				common = slices.Sorted(maps.Keys(rows[0]))
			}
			common = slices.DeleteFunc(common, func(c string) bool { _, ok := rows[0][c]; return !ok })
		}
		if common == nil {
			continue
		}
		for i, st := range states {
			out[i][t] = projectRows(st[t], common)
		}
	}
	return out
}

func projectRows(rows []map[string]string, cols []string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var parts []string
		for _, c := range cols {
			parts = append(parts, c+"="+r[c])
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// ftsCheck runs FTS5's integrity check, which also compares the index with
// the external content table, on every FTS5 table.
func ftsCheck(tb testing.TB, db *sql.DB) {
	tb.Helper()
	for _, t := range mustQueryStrings(tb, db, "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'") {
		if _, err := db.Exec(fmt.Sprintf("INSERT INTO %q (%q, rank) VALUES ('integrity-check', 1)", t, t)); err != nil {
			tb.Errorf("%s integrity-check: %v", t, err)
		}
	}
}

func writeFiles(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
