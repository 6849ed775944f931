package testdb_test

import (
	"context"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

func TestEachGivesAMigratedDatabasePerEngine(t *testing.T) {
	var seen []string
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		seen = append(seen, e.Name)
		ctx := context.Background()
		var n int
		var err error
		switch e.Name {
		case testdb.NameSQLite:
			err = e.SQLite.Writer.QueryRowContext(ctx, "SELECT count(*) FROM assets").Scan(&n)
		case testdb.NamePostgres:
			err = e.Postgres.Pool.QueryRow(ctx, "SELECT count(*) FROM assets").Scan(&n)
		}
		if err != nil {
			t.Fatalf("the assets table of a migrated %s database: %v", e.Name, err)
		}
		if n != 0 {
			t.Errorf("a fresh %s database has %d assets, want 0", e.Name, n)
		}
	})
	if len(seen) != 2 {
		t.Errorf("engines run: %v, want sqlite and postgres", seen)
	}
}

// The PostgreSQL template is built by the service's migrator: a copy has
// every migration recorded, so the service's start finds it current.
func TestPostgresIsCurrentForTheServiceMigrator(t *testing.T) {
	d := testdb.Postgres(t)
	dir, err := migrate.EmbeddedPostgres()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.NewPostgres(d, dir, nil).Verify(context.Background()); err != nil {
		t.Errorf("Verify on a testdb database: %v", err)
	}
}
