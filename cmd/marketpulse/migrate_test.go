package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

func TestRunMigrateHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"migrate", "--help"}, func(string) string { return "" }, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"migrate status", "migrate up [N]", "migrate down [N]", "migrate diff NAME",
		"migrate hash", "migrate validate", "migrate lint [--base VERSION | --all]", "--dir DIR"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("migrate --help lacks %q", want)
		}
	}
}

func TestRunMigrateDown(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "m.db")}
	getenv := func(k string) string { return env[k] }
	migrateRun := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(t.Context(), append([]string{"migrate"}, args...), getenv, &out, &out)
		return out.String(), err
	}
	if _, err := migrateRun("up"); err != nil {
		t.Fatal(err)
	}
	out, err := migrateRun("down")
	if err != nil || !strings.Contains(out, "reverted ") || strings.Count(out, "reverted ") != 1 {
		t.Fatalf("down = %q, %v", out, err)
	}
	if out, err := migrateRun("status"); err != nil || !strings.Contains(out, "pending:  1") {
		t.Errorf("status after down = %q, %v", out, err)
	}
	if out, err := migrateRun("up"); err != nil || !strings.Contains(out, "applied ") {
		t.Errorf("up after down = %q, %v", out, err)
	}
	for _, args := range [][]string{{"down", "0"}, {"down", "x"}, {"down", "1", "2"}, {"up", "-1"}, {"status", "1"}, {"sideways"}} {
		if _, err := migrateRun(args...); !errors.Is(err, errUsage) {
			t.Errorf("migrate %v = %v, want a usage error", args, err)
		}
	}
}

// A database whose applied migration was recorded from another file (another
// build's) is refused by migrate status and by every start, in one line.
func TestRunRefusesAChangedAppliedMigration(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "m.db")
	env := map[string]string{"DATABASE_PATH": path}
	getenv := func(k string) string { return env[k] }
	runOut := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(t.Context(), args, getenv, &out, &out)
		return out.String(), err
	}
	if out, err := runOut("migrate", "up"); err != nil {
		t.Fatalf("up: %v\n%s", err, out)
	}
	d, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var version string
	err = d.Writer.QueryRowContext(t.Context(), "UPDATE "+migrate.RevisionsTable+
		" SET hash = 'another build' WHERE version = (SELECT max(version) FROM "+migrate.RevisionsTable+") RETURNING version").Scan(&version)
	if cerr := d.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}

	out, err := runOut("migrate", "status")
	if !errors.Is(err, migrate.ErrHistoryChanged) || !strings.Contains(out, "CHANGED "+version) {
		t.Errorf("migrate status = %v\n%s", err, out)
	}
	for _, mode := range []string{"auto", "verify"} {
		env["DB_MIGRATE"] = mode
		_, err := runOut("seed-demo", "-assets-only")
		if !errors.Is(err, migrate.ErrHistoryChanged) || !strings.Contains(err.Error(), "migration "+version+" ") ||
			strings.Contains(err.Error(), "\n") {
			t.Errorf("start with DB_MIGRATE=%s: %v", mode, err)
		}
	}
}

func TestRunMigrateDirCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	migrateRun := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(t.Context(), append([]string{"migrate"}, args...), func(string) string { return "" }, &out, &out)
		return out.String(), err
	}
	write("1_init.sql", "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY, note TEXT);\nCREATE TABLE b (id INTEGER NOT NULL PRIMARY KEY);\n")
	write("2_drop.sql", "DROP TABLE b;\n")
	write("3_index.sql", "CREATE INDEX a_note_idx ON a (note);\n")

	if _, err := migrateRun("validate", "--dir", dir); !errors.Is(err, migrate.ErrChecksum) {
		t.Errorf("validate before hash = %v, want ErrChecksum", err)
	}
	if out, err := migrateRun("hash", "--dir", dir); err != nil || !strings.Contains(out, "atlas.sum") {
		t.Fatalf("hash = %q, %v", out, err)
	}
	if out, err := migrateRun("validate", "--dir", dir); err != nil {
		t.Errorf("validate after hash = %q, %v", out, err)
	}
	if out, err := migrateRun("lint", "--dir", dir); err != nil || !strings.Contains(out, "no findings") {
		t.Errorf("lint of the latest file = %q, %v", out, err)
	}
	out, err := migrateRun("lint", "--dir", dir, "--all")
	if err == nil || !strings.Contains(out, filepath.Join(dir, "2_drop.sql")+`:1:1: DS102: Dropping table "b"`) {
		t.Errorf("lint --all = %q, %v; want the DROP TABLE reported and an error", out, err)
	}
	if _, err := migrateRun("lint", "--dir", dir, "--base", "2"); err != nil {
		t.Errorf("lint --base 2 = %v", err)
	}
	for _, args := range [][]string{{"lint", "--all", "--base", "1"}, {"hash", "--base", "1"}, {"validate", "extra"}, {"lint", "--nope"}} {
		if _, err := migrateRun(args...); !errors.Is(err, errUsage) {
			t.Errorf("migrate %v = %v, want a usage error", args, err)
		}
	}
}
