package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
)

// A database migrated by a build whose migration differs from this build's
// file of the same version is refused by Up, Verify and Status, with one line
// naming the version, and nothing is applied.
func TestAppliedMigrationsAreValidated(t *testing.T) {
	t.Parallel()
	first := "CREATE TABLE first (id INTEGER NOT NULL PRIMARY KEY);\n"
	other := map[string]string{ // the build that migrated the database
		"1_first.sql":  first,
		"2_second.sql": "CREATE TABLE second (id INTEGER NOT NULL PRIMARY KEY);\n",
	}
	this := map[string]string{ // this build: version 2 is a different file
		"1_first.sql":  first,
		"2_second.sql": "CREATE TABLE second (id INTEGER NOT NULL PRIMARY KEY, name TEXT);\n",
		"3_third.sql":  "CREATE TABLE third (id INTEGER NOT NULL PRIMARY KEY);\n",
	}
	db := mustOpenDB(t)
	mustUp(t, migrate.New(db, mustDir(t, other), nil), 0)
	before := snapshot(t, db)
	m := migrate.New(db, mustDir(t, this), nil)
	ctx := context.Background()

	_, upErr := m.Up(ctx, 0)
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, downErr := m.Down(ctx, 1)
	tests := []struct {
		name string
		err  error
	}{
		{"Up", upErr},
		{"Verify", m.Verify(ctx)},
		{"Status", st.Validate()},
		{"Down", downErr},
	}
	for _, tt := range tests {
		wantHistoryChanged(t, tt.name, tt.err, "2")
	}
	if len(st.Pending) != 1 || st.Pending[0] != "3" {
		t.Errorf("Status().Pending = %q, want [3]", st.Pending)
	}
	if got := snapshot(t, db); got != before {
		t.Errorf("the database changed although its history does not match:\n%s", got)
	}

	// The build that migrated it still accepts it.
	if err := migrate.New(db, mustDir(t, other), nil).Verify(ctx); err != nil {
		t.Errorf("Verify with the matching build: %v", err)
	}
}

func wantHistoryChanged(tb testing.TB, op string, err error, version string) {
	tb.Helper()
	switch {
	case err == nil:
		tb.Errorf("%s: no error for a changed applied migration", op)
	case strings.Contains(err.Error(), "\n"):
		tb.Errorf("%s: error is more than one line: %q", op, err)
	case !errors.Is(err, migrate.ErrHistoryChanged):
		tb.Errorf("%s: error %q is not ErrHistoryChanged", op, err)
	case !strings.Contains(err.Error(), "migration "+version+" "):
		tb.Errorf("%s: error %q does not name version %s", op, err, version)
	}
}
