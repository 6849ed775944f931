package migrate_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testpg"
)

func TestPostgresUpFromEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	m := migrate.NewPostgres(d, mustEmbeddedPG(t), nil)
	versions := pgVersions(t)

	st, err := m.Status(ctx)
	if err != nil || st.Current != "" || len(st.Applied) != 0 || !slices.Equal(st.Pending, versions) {
		t.Fatalf("status of an empty database = %+v, %v", st, err)
	}
	applied, err := m.Up(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(versions) {
		t.Errorf("applied %v, want every file", applied)
	}
	st, err = m.Status(ctx)
	if err != nil || st.Current != versions[len(versions)-1] || len(st.Pending) != 0 || len(st.Applied) != len(versions) {
		t.Fatalf("status after up = %+v, %v", st, err)
	}
	if err := m.Verify(ctx); err != nil {
		t.Errorf("Verify after up: %v", err)
	}
	if again, err := m.Up(ctx, 0); err != nil || len(again) != 0 {
		t.Errorf("second Up = %v, %v; want nothing applied", again, err)
	}
	if st2, err := m.Status(ctx); err != nil || len(st2.Applied) != len(versions) {
		t.Errorf("status after a second up = %+v, %v", st2, err)
	}
}

// The migrated schema is the desired state: atlas finds no difference in
// the tables, and the objects atlas does not see are there and work.
func TestPostgresUpBuildsTheDesiredSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	m := migrate.NewPostgres(d, mustEmbeddedPG(t), nil)
	if _, err := m.Up(ctx, 0); err != nil {
		t.Fatal(err)
	}
	diffs, err := m.Drift(ctx, mustDesiredPG(t))
	if err != nil || len(diffs) != 0 {
		t.Errorf("drift after up = %q, %v", diffs, err)
	}
	funcs := pgQueryStrings(t, d, "SELECT proname::text FROM pg_proc p WHERE pronamespace = current_schema()::regnamespace "+
		"AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE objid = p.oid AND deptype = 'e') ORDER BY 1") // not unaccent's
	if want := []string{"news_headline", "news_snippet", "news_tsquery"}; !slices.Equal(funcs, want) {
		t.Errorf("functions = %v, want %v", funcs, want)
	}
	ts := pgQueryStrings(t, d, "SELECT 'config ' || cfgname FROM pg_ts_config WHERE cfgnamespace = current_schema()::regnamespace "+
		"UNION ALL SELECT 'dictionary ' || dictname FROM pg_ts_dict WHERE dictnamespace = current_schema()::regnamespace "+
		"UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname = 'unaccent' ORDER BY 1")
	if want := []string{"config news", "dictionary news_stem", "dictionary unaccent", "extension unaccent"}; !slices.Equal(ts, want) {
		t.Errorf("text search objects = %v, want %v", ts, want)
	}
	var q string
	if err := d.Pool.QueryRow(ctx, `SELECT news_tsquery('"Café prices"*')::text`).Scan(&q); err != nil || q != "'cafe':A <-> 'price':*A | 'cafe':D <-> 'price':*D" {
		t.Errorf("news_tsquery = %q, %v", q, err)
	}

	// Drift sees what the migrations did not make.
	if _, err := d.Pool.Exec(ctx, "DROP FUNCTION news_snippet(text, tsquery); CREATE INDEX sneaky_idx ON users (role)"); err != nil {
		t.Fatal(err)
	}
	diffs, err = m.Drift(ctx, mustDesiredPG(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`table "users": unexpected index "sneaky_idx"`, "function news_snippet(body text, query tsquery) is missing"}
	if !slices.Equal(diffs, want) {
		t.Errorf("drift after hand changes = %q, want %q", diffs, want)
	}
}

// Instances that start at once apply each file once: the others wait for
// the lock, then find nothing pending.
func TestPostgresConcurrentUpsApplyEachFileOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := pgFiles(t)
	files["29990101000000_second.sql"] = "CREATE TABLE second_table (id bigint PRIMARY KEY);\n"
	files["29990101000001_third.sql"] = "ALTER TABLE second_table ADD COLUMN note text NOT NULL DEFAULT '';\n"
	dir := mustDir(t, files)
	dsn := testpg.New(t)

	const instances = 3
	results := make([][]string, instances)
	errs := make([]error, instances)
	var wg sync.WaitGroup
	for i := range instances {
		d := mustOpenPG(t, dsn)
		wg.Go(func() { results[i], errs[i] = migrate.NewPostgres(d, dir, nil).Up(ctx, 0) })
	}
	wg.Wait()
	var all []string
	for i := range instances {
		if errs[i] != nil {
			t.Errorf("instance %d: %v", i, errs[i])
		}
		all = append(all, results[i]...)
	}
	slices.Sort(all)
	want := slices.Sorted(maps.Keys(files))
	if !slices.Equal(all, want) {
		t.Errorf("applied across instances = %v, want each of %v once", all, want)
	}
	revs := pgQueryStrings(t, mustOpenPG(t, dsn), "SELECT version FROM "+migrate.RevisionsTable+" ORDER BY version")
	if len(revs) != len(files) {
		t.Errorf("revisions = %v, want %d", revs, len(files))
	}
}

func TestPostgresUpAppliesN(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := pgFiles(t)
	files["29990101000000_second.sql"] = "CREATE TABLE second_table (id bigint PRIMARY KEY);\n"
	m := migrate.NewPostgres(mustPG(t), mustDir(t, files), nil)
	applied, err := m.Up(ctx, 1)
	if err != nil || len(applied) != 1 {
		t.Fatalf("Up(1) = %v, %v", applied, err)
	}
	// The embedded files after the first, then the test's own.
	rest := append(pgVersions(t)[1:], "29990101000000")
	var restFiles []string
	for _, v := range rest {
		for name := range files {
			if strings.HasPrefix(name, v+"_") {
				restFiles = append(restFiles, name)
			}
		}
	}
	if st, err := m.Status(ctx); err != nil || !slices.Equal(st.Pending, rest) {
		t.Errorf("status after Up(1) = %+v, %v; want %v pending", st, err, rest)
	}
	if applied, err := m.Up(ctx, len(rest)+5); err != nil || !slices.Equal(applied, restFiles) {
		t.Errorf("Up(%d) = %v, %v; want %v", len(rest)+5, applied, err, restFiles)
	}
}

// A file that fails leaves nothing of itself: not its first statements, not
// its revision; the files before it stay applied.
func TestPostgresUpFailingMigrationRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := pgFiles(t)
	files["29990101000000_bad.sql"] = "CREATE TABLE half (id bigint PRIMARY KEY);\n" +
		"INSERT INTO assets (symbol, name, type) VALUES ('OK', 'Ok', 'stock');\nINSERT INTO no_such_table VALUES (1);\n"
	d := mustPG(t)
	m := migrate.NewPostgres(d, mustDir(t, files), nil)
	applied, err := m.Up(ctx, 0)
	if err == nil || !strings.Contains(err.Error(), "_bad.sql") || !strings.Contains(err.Error(), "no_such_table") {
		t.Fatalf("Up = %v, want an error naming the file and the statement's table", err)
	}
	if len(applied) != len(files)-1 {
		t.Errorf("applied %v, want the committed files", applied)
	}
	left := pgQueryStrings(t, d, "SELECT 'table ' || tablename FROM pg_tables WHERE tablename = 'half' "+
		"UNION ALL SELECT 'asset ' || symbol FROM assets UNION ALL SELECT 'revision ' || version FROM "+
		migrate.RevisionsTable+" WHERE version = '29990101000000'")
	if len(left) != 0 {
		t.Errorf("the failed file left %v", left)
	}
	if st, err := m.Status(ctx); err != nil || !slices.Equal(st.Pending, []string{"29990101000000"}) {
		t.Errorf("status after the failure = %+v, %v", st, err)
	}
}

// A schema with tables that no migration recorded is not migrated over.
func TestPostgresUpRefusesASchemaItDidNotBuild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	if _, err := d.Pool.Exec(ctx, "CREATE TABLE someone_elses (id int)"); err != nil {
		t.Fatal(err)
	}
	applied, err := migrate.NewPostgres(d, mustEmbeddedPG(t), nil).Up(ctx, 0)
	if !errors.Is(err, migrate.ErrNotClean) || !strings.Contains(err.Error(), `found table "someone_elses"`) || len(applied) != 0 {
		t.Fatalf("Up over a foreign table = %v, %v", applied, err)
	}
	if revs := pgQueryStrings(t, d, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); !slices.Equal(revs, []string{"someone_elses"}) {
		t.Errorf("tables after the refusal = %v", revs)
	}
}

// UpPostgres is what an instance calls at start: the embedded files, under
// the lock, which it gives back.
func TestUpPostgres(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	applied, err := migrate.UpPostgres(ctx, d, nil)
	if err != nil || len(applied) != len(pgVersions(t)) {
		t.Fatalf("UpPostgres = %v, %v", applied, err)
	}
	ran, err := d.TryAdvisoryLock(ctx, pgstore.LockKey(migrate.LockName), func(context.Context) error { return nil })
	if err != nil || !ran {
		t.Errorf("the migration lock after UpPostgres: ran %v, %v; want it free", ran, err)
	}
	if _, err := migrate.UpPostgres(ctx, d, nil); err != nil {
		t.Errorf("second UpPostgres: %v", err)
	}
}
