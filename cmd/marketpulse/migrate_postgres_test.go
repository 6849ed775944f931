package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/testpg"
)

const pgPassword = "s3cret-pw"

// pgMigrateEnv returns a getenv with DATABASE_URL set to a fresh, empty
// database, the URL carrying a password (the test server trusts every
// login, so it is not checked), and a DATABASE_PATH nothing may touch.
func pgMigrateEnv(t *testing.T) (getenv func(string) string, dsn, dbPath string) {
	t.Helper()
	dsn = strings.Replace(testpg.New(t), "://postgres@", "://postgres:"+pgPassword+"@", 1)
	dbPath = filepath.Join(t.TempDir(), "mp.db")
	env := map[string]string{"DATABASE_URL": dsn, "DATABASE_PATH": dbPath}
	return func(k string) string { return env[k] }, dsn, dbPath
}

// runMigrate runs `marketpulse migrate args...` and fails the test if the
// password shows anywhere.
func runMigrate(t *testing.T, getenv func(string) string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(t.Context(), append([]string{"migrate"}, args...), getenv, &out, &out)
	if strings.Contains(out.String(), pgPassword) || (err != nil && strings.Contains(err.Error(), pgPassword)) {
		t.Errorf("migrate %v shows the password: %q, %v", args, out.String(), err)
	}
	return out.String(), err
}

func TestRunMigratePostgres(t *testing.T) {
	t.Parallel()
	getenv, _, dbPath := pgMigrateEnv(t)
	dir, err := migrate.EmbeddedPostgres()
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}

	out, err := runMigrate(t, getenv, "status")
	if err != nil || !strings.Contains(out, "current:  (none)") || !strings.Contains(out, fmt.Sprintf("pending:  %d", len(files))) ||
		!strings.Contains(out, "postgres://postgres:xxxxx@127.0.0.1:") {
		t.Errorf("status of an empty database = %q, %v", out, err)
	}
	if out, err := runMigrate(t, getenv, "up"); err != nil || !strings.Contains(out, "applied "+files[0].Name()) ||
		!strings.Contains(out, "applied "+files[len(files)-1].Name()) {
		t.Errorf("up = %q, %v", out, err)
	}
	if out, err := runMigrate(t, getenv, "up"); err != nil || !strings.Contains(out, "database is up to date") {
		t.Errorf("second up = %q, %v", out, err)
	}
	out, err = runMigrate(t, getenv, "status")
	if err != nil || !strings.Contains(out, "current:  "+files[len(files)-1].Version()) || !strings.Contains(out, "pending:  0") {
		t.Errorf("status after up = %q, %v", out, err)
	}
	if out, err := runMigrate(t, getenv, "validate"); err != nil || !strings.Contains(out, "build schema/postgres/*.sql") {
		t.Errorf("validate = %q, %v", out, err)
	}

	for cmd, want := range map[string]error{"down": errPostgresDown, "diff": errPostgresDiff, "lint": errPostgresLint} {
		_, err := runMigrate(t, getenv, cmd, "x")
		if !errors.Is(err, want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("migrate %s on PostgreSQL = %v, want one line: %v", cmd, err, want)
		}
	}
	for _, args := range [][]string{{"status", "1"}, {"validate", "--dir", "x"}, {"up", "-1"}, {"up", "1", "2"}, {"sideways"}} {
		if _, err := runMigrate(t, getenv, args...); !errors.Is(err, errUsage) {
			t.Errorf("migrate %v = %v, want a usage error", args, err)
		}
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("the SQLite file was touched: %v", err)
	}
}

// An applied migration recorded from another build's file fails status
// (listed as CHANGED) and up, in one line.
func TestRunMigratePostgresRefusesAChangedAppliedMigration(t *testing.T) {
	t.Parallel()
	getenv, dsn, _ := pgMigrateEnv(t)
	if out, err := runMigrate(t, getenv, "up", "1"); err != nil {
		t.Fatalf("up 1 = %q, %v", out, err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var version string
	err = conn.QueryRow(ctx, "UPDATE "+migrate.RevisionsTable+" SET hash = 'another build' "+
		"WHERE version = (SELECT min(version) FROM "+migrate.RevisionsTable+") RETURNING version").Scan(&version)
	if cerr := conn.Close(ctx); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	out, err := runMigrate(t, getenv, "status")
	if !errors.Is(err, migrate.ErrHistoryChanged) || !strings.Contains(out, "CHANGED "+version) {
		t.Errorf("status = %v\n%s", err, out)
	}
	if _, err := runMigrate(t, getenv, "up"); !errors.Is(err, migrate.ErrHistoryChanged) || strings.Contains(err.Error(), "\n") {
		t.Errorf("up = %v, want ErrHistoryChanged in one line", err)
	}
}

// An unreachable server fails at once, without showing the password.
func TestRunMigratePostgresUnreachable(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "postgres://u:" + pgPassword + "@127.0.0.1:1/db?connect_timeout=2"}
	if _, err := runMigrate(t, func(k string) string { return env[k] }, "status"); err == nil ||
		!strings.Contains(err.Error(), "u:xxxxx@127.0.0.1:1") {
		t.Errorf("status on an unreachable server = %v", err)
	}
}

// migrate hash needs no database: with DATABASE_URL set it rewrites the
// atlas.sum of the directory it is given, as without.
func TestRunMigratePostgresHash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "1_init.sql"), []byte("CREATE TABLE a (id bigint);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": "postgres://u:" + pgPassword + "@127.0.0.1:1/db"}
	if out, err := runMigrate(t, func(k string) string { return env[k] }, "hash", "--dir", dir); err != nil || !strings.Contains(out, "atlas.sum") {
		t.Errorf("hash with DATABASE_URL = %q, %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "atlas.sum")); err != nil {
		t.Error(err)
	}
}
