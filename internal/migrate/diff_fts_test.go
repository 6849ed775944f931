package migrate_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

// mustDiff plans desired into path and returns the new file's content.
func mustDiff(tb testing.TB, path, name string, desired map[string]string) string {
	tb.Helper()
	file, err := migrate.Diff(context.Background(), name, desiredFS(desired), path)
	if err != nil {
		tb.Fatalf("Diff %s: %v", name, err)
	}
	if file == "" {
		tb.Fatalf("Diff %s planned nothing", name)
	}
	return mustReadFile(tb, filepath.Join(path, file))
}

func mustDiffNoop(tb testing.TB, path string, desired map[string]string) {
	tb.Helper()
	before := listDir(tb, path)
	file, err := migrate.Diff(context.Background(), "again", desiredFS(desired), path)
	if err != nil || file != "" {
		tb.Errorf("repeated Diff = %q, %v; want a no-op\n%s", file, err, listDir(tb, path)[file])
	}
	if diff := cmp.Diff(before, listDir(tb, path)); diff != "" {
		tb.Errorf("repeated Diff changed the directory (-before +after):\n%s", diff)
	}
}

func mustMatch(tb testing.TB, db *sql.DB, query string, want ...string) {
	tb.Helper()
	got := mustQueryStrings(tb, db, "SELECT a.title FROM news_fts JOIN news_articles AS a ON a.id = news_fts.rowid "+
		"WHERE news_fts MATCH ? ORDER BY a.id", query)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		tb.Errorf("MATCH %q = %q, want %q", query, got, want)
	}
}

// TestDiffFTS5 follows an FTS5 table through its life: planned with its
// triggers and a view, unchanged by a repeated Diff, surviving a rebuild
// of its content table, and removed by Down and by Diff.
func TestDiffFTS5(t *testing.T) {
	t.Parallel()
	path := t.TempDir()
	base := map[string]string{"a.sql": authorsSQL, "b.sql": newsV1}
	withFTS := map[string]string{"a.sql": authorsSQL, "b.sql": newsV1, "c.sql": newsFTS}
	rebuilt := map[string]string{"a.sql": authorsSQL, "c.sql": newsFTS,
		"b.sql": strings.Replace(newsV1, "summary   TEXT    NOT NULL DEFAULT ''", "summary   TEXT", 1)}

	mustDiff(t, path, "init", base)
	db := mustOpenDB(t)
	m := migrate.New(db, mustLocalDir(t, path), nil)
	mustUp(t, m, 0)
	mustExec(t, db, "INSERT INTO authors VALUES (1, 'Ann'); INSERT INTO news_articles (id, author_id, title) VALUES (1, 1, 'Rates rise');")

	// The FTS5 table, its triggers and the view are planned; its shadow
	// tables are not (atlas alone would plan them as plain tables).
	fts := mustDiff(t, path, "news_fts", withFTS)
	for _, want := range []string{"CREATE VIRTUAL TABLE news_fts", "CREATE TRIGGER news_fts_insert",
		"CREATE TRIGGER news_fts_delete", "CREATE TRIGGER news_fts_update", "CREATE VIEW news_with_authors", "('rebuild')"} {
		if !strings.Contains(fts, want) {
			t.Errorf("FTS5 migration lacks %q:\n%s", want, fts)
		}
	}
	if strings.Contains(fts, "news_fts_data") || strings.Contains(fts, "CREATE TABLE") {
		t.Errorf("FTS5 migration plans shadow tables:\n%s", fts)
	}
	mustDiffNoop(t, path, withFTS)
	m = migrate.New(db, mustLocalDir(t, path), nil)
	mustUp(t, m, 0)
	mustMatch(t, db, "rates", "Rates rise") // a row from before the index existed

	// A column change rebuilds the content table: SQLite drops the
	// triggers with the old table, and the view would break the rename.
	rebuild := mustDiff(t, path, "nullable_summary", rebuilt)
	for _, want := range []string{"CREATE TABLE `new_news_articles`", "DROP TRIGGER `news_fts_insert`",
		"DROP VIEW `news_with_authors`", "CREATE TRIGGER news_fts_insert", "CREATE VIEW news_with_authors"} {
		if !strings.Contains(rebuild, want) {
			t.Errorf("rebuild migration lacks %q:\n%s", want, rebuild)
		}
	}
	if strings.Index(rebuild, "DROP TRIGGER `news_fts_insert`") > strings.Index(rebuild, "DROP TABLE `news_articles`") {
		t.Errorf("triggers are dropped after the table:\n%s", rebuild)
	}
	mustDiffNoop(t, path, rebuilt)
	m = migrate.New(db, mustLocalDir(t, path), nil)
	mustUp(t, m, 0)
	triggers := mustQueryStrings(t, db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
	if want := []string{"news_fts_delete", "news_fts_insert", "news_fts_update"}; !cmp.Equal(triggers, want) {
		t.Errorf("triggers after the rebuild = %v, want %v", triggers, want)
	}
	mustExec(t, db, "INSERT INTO news_articles (id, title, summary) VALUES (2, 'Oil slips', NULL);")
	mustMatch(t, db, "rates", "Rates rise")
	mustMatch(t, db, "oil", "Oil slips")
	mustExec(t, db, "UPDATE news_articles SET title = 'Crude slips' WHERE id = 2;")
	mustMatch(t, db, "oil")
	mustMatch(t, db, "crude", "Crude slips")
	mustExec(t, db, "DELETE FROM news_articles WHERE id = 1;")
	mustMatch(t, db, "rates")
	if got := mustQueryStrings(t, db, "SELECT title || ' by ' || coalesce(author, '-') FROM news_with_authors"); !cmp.Equal(got, []string{"Crude slips by -"}) {
		t.Errorf("view after the rebuild = %v", got)
	}
	ftsCheck(t, db)

	// Down removes the FTS5 table, shadow tables, triggers and view.
	if _, err := m.Down(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	left := mustQueryStrings(t, db, "SELECT name FROM sqlite_master WHERE name LIKE 'news_fts%' OR type IN ('trigger', 'view')")
	if len(left) != 0 {
		t.Errorf("left after Down: %v", left)
	}
	if got := mustQueryStrings(t, db, "SELECT title FROM news_articles"); !cmp.Equal(got, []string{"Crude slips"}) {
		t.Errorf("rows after Down = %v", got)
	}
	mustForeignKeysOK(t, db)

	// Diff removes them too, after putting the history back.
	mustUp(t, m, 0)
	removed := mustDiff(t, path, "drop_fts", base)
	for _, want := range []string{"DROP TRIGGER `news_fts_update`", "DROP VIEW `news_with_authors`", "DROP TABLE `news_fts`"} {
		if !strings.Contains(removed, want) {
			t.Errorf("removal lacks %q:\n%s", want, removed)
		}
	}
	if strings.Contains(removed, "CREATE TRIGGER") {
		t.Errorf("removal re-creates triggers:\n%s", removed)
	}
	mustUp(t, migrate.New(db, mustLocalDir(t, path), nil), 0)
	if left := mustQueryStrings(t, db, "SELECT name FROM sqlite_master WHERE name LIKE 'news_fts%' OR type IN ('trigger', 'view')"); len(left) != 0 {
		t.Errorf("left after the removal: %v", left)
	}
}

// atlas plans ALTER TABLE ... ADD COLUMN for a NOT NULL column without a
// default, which SQLite rejects even on an empty table; Diff plans a
// rebuild, which works on an empty table.
func TestDiffNotNullColumnWithoutDefault(t *testing.T) {
	t.Parallel()
	path := t.TempDir()
	mustDiff(t, path, "init", map[string]string{"a.sql": authorsSQL})
	planned := mustDiff(t, path, "email", map[string]string{"a.sql": strings.Replace(authorsSQL,
		"  name TEXT    NOT NULL\n", "  name TEXT    NOT NULL,\n  email TEXT NOT NULL\n", 1)})
	if !strings.Contains(planned, "CREATE TABLE `new_authors`") || strings.Contains(planned, "ADD COLUMN") {
		t.Errorf("want a rebuild:\n%s", planned)
	}
	db := mustOpenDB(t)
	mustUp(t, migrate.New(db, mustLocalDir(t, path), nil), 0)
	if cols := mustQueryStrings(t, db, "SELECT name FROM pragma_table_info('authors')"); !cmp.Equal(cols, []string{"id", "name", "email"}) {
		t.Errorf("columns = %v", cols)
	}
}

// An FTS5 table that stores its own text keeps its rows when Down
// re-creates it with other columns.
func TestDownKeepsFTS5Rows(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustDir(t, map[string]string{
		"1_notes.sql":  "CREATE VIRTUAL TABLE notes USING fts5(body, author);\n",
		"2_change.sql": "DROP TABLE notes;\nCREATE VIRTUAL TABLE notes USING fts5(body, tags);\n",
	}), nil)
	mustUp(t, m, 0)
	mustExec(t, db, "INSERT INTO notes (rowid, body, tags) VALUES (7, 'yield curve', 'bonds');")
	if _, err := m.Down(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	got := mustQueryStrings(t, db, "SELECT rowid || ' ' || body || ' ' || coalesce(author, 'NULL') FROM notes WHERE notes MATCH 'curve'")
	if !cmp.Equal(got, []string{"7 yield curve NULL"}) {
		t.Errorf("rows after Down = %v", got)
	}
	if left := mustQueryStrings(t, db, "SELECT name FROM sqlite_master WHERE name LIKE 'old_%'"); len(left) != 0 {
		t.Errorf("left after Down: %v", left)
	}
	ftsCheck(t, db)
}
