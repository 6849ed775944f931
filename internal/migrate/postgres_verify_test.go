package migrate_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/migrate"
)

// A directory that does not match its atlas.sum is refused by every
// operation, and the database is left as it was.
func TestPostgresRefusesATamperedDirectory(t *testing.T) {
	t.Parallel()
	init := pgVersions(t)[0] + "_init.sql"
	tests := []struct {
		name   string
		tamper func(fstest.MapFS)
	}{
		{"tampered atlas.sum", func(fsys fstest.MapFS) {
			sum := string(fsys[atlas.HashFileName].Data)
			fsys[atlas.HashFileName].Data = []byte(strings.Replace(sum, init+" h1:", init+" h1:AAAA", 1))
		}},
		{"edited file", func(fsys fstest.MapFS) {
			fsys[init].Data = append(fsys[init].Data, "CREATE TABLE sneaky (id bigint);\n"...)
		}},
		{"added file", func(fsys fstest.MapFS) {
			fsys["29990101000000_extra.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE extra (id bigint);\n")}
		}},
		{"missing atlas.sum", func(fsys fstest.MapFS) { delete(fsys, atlas.HashFileName) }},
	}
	desired := mustDesiredPG(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			fsys := pgMigrationsFS(t)
			tt.tamper(fsys)
			dir, err := migrate.FromFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			d := mustPG(t)
			m := migrate.NewPostgres(d, dir, nil)
			if applied, err := m.Up(ctx, 0); !errors.Is(err, migrate.ErrChecksum) || len(applied) != 0 {
				t.Errorf("Up = %v, %v; want ErrChecksum", applied, err)
			}
			if err := m.Verify(ctx); !errors.Is(err, migrate.ErrChecksum) {
				t.Errorf("Verify = %v, want ErrChecksum", err)
			}
			if err := m.Validate(ctx, desired); !errors.Is(err, migrate.ErrChecksum) {
				t.Errorf("Validate = %v, want ErrChecksum", err)
			}
			if tables := pgQueryStrings(t, d, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'"); len(tables) != 0 {
				t.Errorf("database changed: %v", tables)
			}
		})
	}
}

// A database migrated from other files than this build's (an applied file
// changed since, its atlas.sum re-hashed) is refused; so is one migrated
// past what this build knows.
func TestPostgresRefusesAnotherBuildsHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	if _, err := migrate.NewPostgres(d, mustEmbeddedPG(t), nil).Up(ctx, 0); err != nil {
		t.Fatal(err)
	}
	init := pgVersions(t)[0]

	changed := pgFiles(t)
	changed[init+"_init.sql"] += "-- edited after it was applied\n"
	m := migrate.NewPostgres(d, mustDir(t, changed), nil)
	st, err := m.Status(ctx)
	// atlas.sum's hashes are cumulative: every file from the edited one on
	// reads as changed.
	if err != nil || !slices.Equal(st.Changed, pgVersions(t)) {
		t.Errorf("status = %+v, %v; want %v changed", st, err, pgVersions(t))
	}
	if _, err := m.Up(ctx, 0); !errors.Is(err, migrate.ErrHistoryChanged) {
		t.Errorf("Up = %v, want ErrHistoryChanged", err)
	}
	if err := m.Verify(ctx); !errors.Is(err, migrate.ErrHistoryChanged) || !strings.Contains(err.Error(), "migration "+init+" ") {
		t.Errorf("Verify = %v, want ErrHistoryChanged naming %s", err, init)
	}

	// This build lacks a version the database has applied.
	newer := pgFiles(t)
	newer["29990101000000_newer.sql"] = "CREATE TABLE newer (id bigint);\n"
	if _, err := migrate.NewPostgres(d, mustDir(t, newer), nil).Up(ctx, 0); err != nil {
		t.Fatal(err)
	}
	m = migrate.NewPostgres(d, mustEmbeddedPG(t), nil)
	if _, err := m.Up(ctx, 0); !errors.Is(err, migrate.ErrUnknownRevision) {
		t.Errorf("Up = %v, want ErrUnknownRevision", err)
	}
	if err := m.Verify(ctx); !errors.Is(err, migrate.ErrUnknownRevision) {
		t.Errorf("Verify = %v, want ErrUnknownRevision", err)
	}
}

func TestPostgresVerifyRefusesPendingMigrations(t *testing.T) {
	t.Parallel()
	err := migrate.NewPostgres(mustPG(t), mustEmbeddedPG(t), nil).Verify(context.Background())
	if !errors.Is(err, migrate.ErrPending) {
		t.Errorf("Verify of an empty database = %v, want ErrPending", err)
	}
}

// Validate replays the migrations and builds the desired state in scratch
// schemas that it rolls back, on an empty database (where it creates the
// extension itself) as on a migrated one (which has it).
func TestPostgresValidate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	m := migrate.NewPostgres(d, mustEmbeddedPG(t), nil)
	desired := mustDesiredPG(t)
	if err := m.Validate(ctx, desired); err != nil {
		t.Fatalf("Validate on an empty database: %v", err)
	}
	left := func() []string {
		return pgQueryStrings(t, d, "SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname LIKE 'marketpulse_%' "+
			"UNION ALL SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = 'public' "+
			"UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'")
	}
	if l := left(); len(l) != 0 {
		t.Errorf("Validate left %v", l)
	}
	if _, err := m.Up(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(ctx, desired); err != nil {
		t.Errorf("Validate on a migrated database: %v", err)
	}
	if l := left(); len(l) != len(pgQueryStrings(t, d, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'"))+1 {
		t.Errorf("after Validate on a migrated database: %v", l)
	}
}

// Validate fails when the migrations do not build the desired state, or do
// not replay, and says what differs.
func TestPostgresValidateFindsWhatTheMigrationsLack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	desired := fstest.MapFS{}
	for name, f := range pgDesiredFS(t) {
		desired[name] = f
	}
	desired["zz_more.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE more (id bigint PRIMARY KEY);
CREATE FUNCTION more_one() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
CREATE TEXT SEARCH CONFIGURATION more_ts (COPY = pg_catalog.simple);
`)}
	err := migrate.NewPostgres(d, mustEmbeddedPG(t), nil).Validate(ctx, desired)
	if !errors.Is(err, migrate.ErrNotDesired) {
		t.Fatalf("Validate = %v, want ErrNotDesired", err)
	}
	for _, want := range []string{`table "more" is missing`, "function more_one() is missing", "text search configuration more_ts is missing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v\nwant it to say %q", err, want)
		}
	}

	broken := pgFiles(t)
	broken["29990101000000_broken.sql"] = "ALTER TABLE no_such_table ADD COLUMN x int;\n"
	err = migrate.NewPostgres(d, mustDir(t, broken), nil).Validate(ctx, mustDesiredPG(t))
	if err == nil || !strings.Contains(err.Error(), "29990101000000_broken.sql") || !strings.Contains(err.Error(), "no_such_table") {
		t.Errorf("Validate of a broken migration = %v", err)
	}
}
