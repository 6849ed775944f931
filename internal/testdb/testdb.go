// Package testdb gives tests a migrated database of each engine, so one
// suite runs against both:
//
//	func TestMain(m *testing.M) { testpg.Main(m) } // the PostgreSQL cluster
//
//	func TestX(t *testing.T) {
//		testdb.Each(t, func(t *testing.T, e testdb.Engine) {
//			s := market.New(market.Deps{Storage: storageOf(e), ...})
//			...
//		})
//	}
//
// SQLite is a fresh file under t.TempDir() built by the embedded
// migrations; PostgreSQL a fresh database of internal/testpg's cluster,
// copied from a template that migrate.UpPostgres filled once per test
// binary. Without PostgreSQL the postgres subtests skip, or fail when
// CI=true (see testpg).
package testdb

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/testpg"
)

// The engines' names, as subtests are named.
const (
	NameSQLite   = "sqlite"
	NamePostgres = "postgres"
)

// Engine is one migrated database: exactly one of SQLite and Postgres is set.
type Engine struct {
	Name     string
	SQLite   *store.DB
	Postgres *pgstore.DB
}

// Each runs fn as a subtest per engine, each with a fresh migrated
// database. The subtests run one after the other; fn may call t.Parallel.
func Each(t *testing.T, fn func(t *testing.T, e Engine)) {
	t.Helper()
	for _, name := range []string{NameSQLite, NamePostgres} {
		t.Run(name, func(t *testing.T) { fn(t, Open(t, name)) })
	}
}

// Open returns a fresh migrated database of the engine named name.
func Open(tb testing.TB, name string) Engine {
	tb.Helper()
	switch name {
	case NameSQLite:
		return Engine{Name: name, SQLite: SQLite(tb)}
	case NamePostgres:
		return Engine{Name: name, Postgres: Postgres(tb)}
	}
	tb.Fatalf("testdb: no engine %q", name)
	return Engine{}
}

// SQLite opens a fresh SQLite file built by the embedded migrations,
// closed when the test ends.
func SQLite(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	d, err := store.Open(ctx, filepath.Join(tb.TempDir(), "mp.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(ctx, 0); err != nil {
		tb.Fatal(err)
	}
	return d
}

// Postgres opens a fresh PostgreSQL database that the PostgreSQL
// migrations built, closed when the test ends.
func Postgres(tb testing.TB) *pgstore.DB {
	tb.Helper()
	dsn := PostgresURL(tb)
	d, err := pgstore.Open(context.Background(), dsn, pgstore.Options{MaxConns: 8})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(d.Close)
	return d
}

// PostgresURL is the URL of a fresh migrated PostgreSQL database, for tests
// that open it themselves (a whole server, say).
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	return testpg.NewFrom(tb, "testdb-migrated", migratePostgres)
}

// migratePostgres applies the embedded PostgreSQL migrations with the
// migrator the service uses (atlas, one transaction per file, the
// revisions recorded, under the advisory lock).
func migratePostgres(ctx context.Context, dsn string) error {
	d, err := pgstore.Open(ctx, dsn, pgstore.Options{MaxConns: 2})
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = migrate.UpPostgres(ctx, d, nil)
	return err
}
