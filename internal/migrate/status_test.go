package migrate_test

import (
	"context"
	"errors"
	"testing"

	atlas "ariga.io/atlas/sql/migrate"
	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustDir(t, map[string]string{
		"1_first.sql":  "CREATE TABLE first (id INTEGER NOT NULL PRIMARY KEY);\n",
		"2_second.sql": "CREATE TABLE second (id INTEGER NOT NULL PRIMARY KEY);\n",
	}), nil)
	v1, v2 := "1", "2"

	tests := []struct {
		name        string
		up          int // migrations to apply before reading the status
		wantCurrent string
		wantApplied []string
		wantPending []string
	}{
		{"fresh", 0, "", nil, []string{v1, v2}},
		{"one applied", 1, v1, []string{v1}, []string{v2}},
		{"all applied", 1, v2, []string{v1, v2}, nil},
	}
	for _, tt := range tests { // sequential: each step builds on the last
		if tt.up > 0 {
			mustUp(t, m, tt.up)
		}
		st, err := m.Status(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var applied []string
		for _, r := range st.Applied {
			applied = append(applied, r.Version)
		}
		got := []any{st.Current, applied, st.Pending, st.Unknown}
		want := []any{tt.wantCurrent, tt.wantApplied, tt.wantPending, []string(nil)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: status (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	tampered := mustMigrationsFS(t)
	initFile := initVersion(t) + "_init.sql"
	tampered[initFile].Data = append(tampered[initFile].Data, "-- edited\n"...)

	tests := []struct {
		name    string
		up      bool
		dir     func(t *testing.T) atlas.Dir
		wantErr error
	}{
		{"fresh database", false, nil, migrate.ErrPending},
		{"migrated database", true, nil, nil},
		{"tampered directory", true, func(t *testing.T) atlas.Dir {
			dir, err := migrate.FromFS(tampered)
			if err != nil {
				t.Fatal(err)
			}
			return dir
		}, migrate.ErrChecksum},
		{"database ahead of the directory", true, func(t *testing.T) atlas.Dir {
			return mustDir(t, nil)
		}, migrate.ErrUnknownRevision},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := mustOpenDB(t)
			if tt.up {
				mustUp(t, migrate.New(db, mustEmbedded(t), nil), 0)
			}
			dir := mustEmbedded(t)
			if tt.dir != nil {
				dir = tt.dir(t)
			}
			before := snapshot(t, db)
			err := migrate.New(db, dir, nil).Verify(context.Background())
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Verify() = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
				t.Errorf("Verify changed the database (-before +after):\n%s", diff)
			}
		})
	}
}
