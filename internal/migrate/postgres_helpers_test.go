package migrate_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testpg"
	"github.com/marketpulse/api/schema"
)

// mustPG opens a fresh, empty PostgreSQL database, closed when the test ends.
func mustPG(tb testing.TB) *pgstore.DB {
	tb.Helper()
	return mustOpenPG(tb, testpg.New(tb))
}

func mustOpenPG(tb testing.TB, dsn string) *pgstore.DB {
	tb.Helper()
	d, err := pgstore.Open(context.Background(), dsn, pgstore.Options{MaxConns: 4})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(d.Close)
	return d
}

func mustEmbeddedPG(tb testing.TB) atlas.Dir {
	tb.Helper()
	dir, err := migrate.EmbeddedPostgres()
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func mustDesiredPG(tb testing.TB) fs.FS {
	tb.Helper()
	desired, err := migrate.PostgresDesired()
	if err != nil {
		tb.Fatal(err)
	}
	return desired
}

// pgFiles returns the committed PostgreSQL migrations as name → content.
func pgFiles(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := mustEmbeddedPG(tb).Files()
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]string, len(files))
	for _, f := range files {
		out[f.Name()] = string(f.Bytes())
	}
	return out
}

// pgVersions returns the versions of the committed PostgreSQL migrations in order.
func pgVersions(tb testing.TB) []string {
	tb.Helper()
	files, err := mustEmbeddedPG(tb).Files()
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Version()
	}
	return out
}

// pgMigrationsFS copies the committed PostgreSQL migration directory (with
// atlas.sum) into a map the test may tamper with.
func pgMigrationsFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	sub, err := fs.Sub(schema.PostgresMigrations, "postgres/migrations")
	if err != nil {
		tb.Fatal(err)
	}
	out := fstest.MapFS{}
	if err := fs.WalkDir(sub, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		out[path] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// pgQueryStrings runs a query of one text column on d.
func pgQueryStrings(tb testing.TB, d *pgstore.DB, query string, args ...any) []string {
	tb.Helper()
	rows, err := d.Pool.Query(context.Background(), query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// pgDesiredFS copies the PostgreSQL desired state into a map the test may extend.
func pgDesiredFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	desired := mustDesiredPG(tb)
	names, err := fs.Glob(desired, "*.sql")
	if err != nil {
		tb.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, name := range names {
		b, err := fs.ReadFile(desired, name)
		if err != nil {
			tb.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	return out
}
