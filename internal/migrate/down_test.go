package migrate_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

// mustSeededDB applies the fixture files one at a time, each followed by
// its step's rows.
func mustSeededDB(tb testing.TB, dir atlas.Dir, steps []step) (*sql.DB, *migrate.Migrator) {
	tb.Helper()
	db := mustOpenDB(tb)
	m := migrate.New(db, dir, nil)
	for _, s := range steps {
		mustUp(tb, m, 1)
		mustExec(tb, db, s.seed)
	}
	return db, m
}

func mustForeignKeysOK(tb testing.TB, db *sql.DB) {
	tb.Helper()
	var fk bool
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || !fk {
		tb.Errorf("foreign_keys = %v, %v; want on", fk, err)
	}
	if v := mustQueryStrings(tb, db, "SELECT \"table\" FROM pragma_foreign_key_check"); len(v) != 0 {
		tb.Errorf("foreign key violations in %v", v)
	}
}

func TestDownRevertsVersions(t *testing.T) {
	t.Parallel()
	steps := fixtureSteps()
	path, names := mustFixtureDir(t, steps)
	tests := []struct {
		name string
		give int
		want int // files reverted
	}{
		{"one", 1, 1},
		{"zero means one", 0, 1},
		{"three, across the FTS5 table and two rebuilds", 3, 3},
		{"all", len(steps), len(steps)},
		{"more than applied", 99, len(steps)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := mustLocalDir(t, path)
			db, m := mustSeededDB(t, dir, steps)
			before := tableRows(t, db)

			reverted, err := m.Down(context.Background(), tt.give)
			if err != nil {
				t.Fatalf("Down(%d): %v", tt.give, err)
			}
			keep := len(names) - tt.want
			wantReverted := slices.Clone(names[keep:])
			slices.Reverse(wantReverted)
			if diff := cmp.Diff(wantReverted, reverted); diff != "" {
				t.Errorf("reverted (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(structure(t, mustFresh(t, dir, keep)), structure(t, db)); diff != "" {
				t.Errorf("schema after Down differs from a fresh build of %d files (-want +got):\n%s", keep, diff)
			}
			rows := surviving(before, tableRows(t, db))
			if diff := cmp.Diff(rows[0], rows[1]); diff != "" {
				t.Errorf("rows of surviving columns changed (-before +after):\n%s", diff)
			}
			st, err := m.Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Applied) != keep || len(st.Pending) != tt.want {
				t.Errorf("status after Down: %d applied, %d pending; want %d, %d", len(st.Applied), len(st.Pending), keep, tt.want)
			}
			ftsCheck(t, db)
			mustForeignKeysOK(t, db)
		})
	}
}

func TestDownWithNothingApplied(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustDir(t, map[string]string{"1_a.sql": "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY);\n"}), nil)
	for range 2 { // before the history table exists, and after it is emptied
		reverted, err := m.Down(context.Background(), 1)
		if err != nil || len(reverted) != 0 {
			t.Errorf("Down on an empty database = %v, %v", reverted, err)
		}
		mustUp(t, m, 1)
		if _, err := m.Down(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
	}
	if tables := mustQueryStrings(t, db, "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"); !cmp.Equal(tables, []string{migrate.RevisionsTable}) {
		t.Errorf("objects after reverting everything: %v", tables)
	}
}

// TestUpDownRoundTrip applies every version of the fixture, reverts it and
// applies it again, with rows present: each Up must produce exactly what a
// fresh build produces, each Down what a fresh build of the previous
// version has, and neither may lose rows the schemas have room for.
func TestUpDownRoundTrip(t *testing.T) {
	t.Parallel()
	steps := fixtureSteps()
	path, names := mustFixtureDir(t, steps)
	dir := mustLocalDir(t, path)
	db := mustOpenDB(t)
	m := migrate.New(db, dir, nil)
	fresh := mustOpenDB(t) // moves up one version per step, never down
	freshM := migrate.New(fresh, dir, nil)
	ctx := context.Background()
	var upTime, downTime time.Duration
	for i, s := range steps {
		previous := structure(t, fresh)
		mustUp(t, freshM, 1)
		want := schemaRows(t, fresh)

		start := time.Now()
		mustUp(t, m, 1)
		upTime += time.Since(start)
		mustExec(t, db, s.seed)
		if diff := cmp.Diff(want, schemaRows(t, db)); diff != "" {
			t.Fatalf("%s: schema after Up differs from a fresh build (-fresh +got):\n%s", names[i], diff)
		}
		before := tableRows(t, db)

		start = time.Now()
		reverted, err := m.Down(ctx, 1)
		downTime += time.Since(start)
		if err != nil || !cmp.Equal(reverted, []string{names[i]}) {
			t.Fatalf("%s: Down = %v, %v", names[i], reverted, err)
		}
		if diff := cmp.Diff(previous, structure(t, db)); diff != "" {
			t.Errorf("%s: schema after Down differs from a fresh build of the previous version (-want +got):\n%s", names[i], diff)
		}
		afterDown := tableRows(t, db)
		rows := surviving(before, afterDown)
		if diff := cmp.Diff(rows[0], rows[1]); diff != "" {
			t.Errorf("%s: Down changed rows of surviving columns (-before +after):\n%s", names[i], diff)
		}
		ftsCheck(t, db)

		start = time.Now()
		if applied := mustUp(t, m, 1); !cmp.Equal(applied, []string{names[i]}) {
			t.Fatalf("%s: Up again applied %v", names[i], applied)
		}
		upTime += time.Since(start)
		mustExec(t, db, s.seed) // refills the tables Down dropped
		if diff := cmp.Diff(want, schemaRows(t, db)); diff != "" {
			t.Errorf("%s: schema after Down and Up differs from a fresh build (-fresh +got):\n%s", names[i], diff)
		}
		rows = surviving(before, afterDown, tableRows(t, db))
		if diff := cmp.Diff(rows[0], rows[2]); diff != "" {
			t.Errorf("%s: Down and Up changed rows of surviving columns (-before +after):\n%s", names[i], diff)
		}
		ftsCheck(t, db)
		mustForeignKeysOK(t, db)
	}
	if err := m.Verify(ctx); err != nil {
		t.Error(err)
	}
	t.Logf("%d versions: %d Ups in %v (%v each), %d Downs in %v (%v each)", len(steps),
		2*len(steps), upTime, upTime/time.Duration(2*len(steps)), len(steps), downTime, downTime/time.Duration(len(steps)))
	start := time.Now()
	if _, err := m.Down(ctx, len(steps)); err != nil {
		t.Fatal(err)
	}
	t.Logf("Down of all %d versions in one transaction: %v", len(steps), time.Since(start))
	if rest := strings.Join(schemaRows(t, db), "\n"); rest != "" {
		t.Errorf("schema left after reverting everything:\n%s", rest)
	}
}
