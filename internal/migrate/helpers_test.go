package migrate_test

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"
	_ "modernc.org/sqlite"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/schema"
)

// mustOpenDB opens a fresh SQLite file the way the store's writer pool does.
func mustOpenDB(tb testing.TB) *sql.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "test.db")
	db, err := sql.Open("sqlite", "file:"+path+
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_time_format=sqlite")
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { _ = db.Close() })
	if err := db.Ping(); err != nil {
		tb.Fatal(err)
	}
	return db
}

func mustEmbedded(tb testing.TB) atlas.Dir {
	tb.Helper()
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// embeddedFiles returns the committed migrations as name → content.
func embeddedFiles(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := mustEmbedded(tb).Files()
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]string, len(files))
	for _, f := range files {
		out[f.Name()] = string(f.Bytes())
	}
	return out
}

// embeddedNames returns the names of the committed migrations in order.
func embeddedNames(tb testing.TB) []string {
	tb.Helper()
	files, err := mustEmbedded(tb).Files()
	if err != nil {
		tb.Fatal(err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name()
	}
	return names
}

// mustDir builds an in-memory migration directory with a correct atlas.sum.
func mustDir(tb testing.TB, files map[string]string) atlas.Dir {
	tb.Helper()
	dir := &atlas.MemDir{}
	for name, content := range files {
		if err := dir.WriteFile(name, []byte(content)); err != nil {
			tb.Fatal(err)
		}
	}
	sum, err := dir.Checksum()
	if err != nil {
		tb.Fatal(err)
	}
	if err := atlas.WriteSumFile(dir, sum); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func mustUp(tb testing.TB, m *migrate.Migrator, n int) []string {
	tb.Helper()
	applied, err := m.Up(context.Background(), n)
	if err != nil {
		tb.Fatalf("Up(%d): %v", n, err)
	}
	return applied
}

func mustQueryStrings(tb testing.TB, db *sql.DB, query string, args ...any) []string {
	tb.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s.String)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// snapshot captures the schema, the revisions and the rows of every table
// (FTS5 shadow tables included, virtual tables excluded: their rows live
// elsewhere) to prove an operation left the database exactly as it was.
func snapshot(tb testing.TB, db *sql.DB) string {
	tb.Helper()
	parts := mustQueryStrings(tb, db,
		"SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
	tables := mustQueryStrings(tb, db, "SELECT name FROM pragma_table_list "+
		"WHERE schema = 'main' AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite_%' ORDER BY name")
	for _, t := range tables {
		cols := mustQueryStrings(tb, db, "SELECT 'quote(\"' || name || '\")' FROM pragma_table_info(?)", t)
		rows := mustQueryStrings(tb, db,
			"SELECT "+strings.Join(cols, " || ',' || ")+" FROM \""+t+"\" ORDER BY 1")
		parts = append(parts, t+" rows: "+strings.Join(rows, " "))
	}
	return strings.Join(parts, "\n")
}

// initVersion is the version of the committed initial migration.
func initVersion(tb testing.TB) string {
	tb.Helper()
	files, err := mustEmbedded(tb).Files()
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatal("no embedded migrations")
	}
	return files[0].Version()
}

// mustMigrationsFS copies the committed migration directory (with atlas.sum)
// into a map the test may tamper with.
func mustMigrationsFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	sub, err := fs.Sub(schema.Migrations, "migrations")
	if err != nil {
		tb.Fatal(err)
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		tb.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, e := range entries {
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b}
	}
	return out
}
