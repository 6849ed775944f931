package migrate

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"github.com/jackc/pgx/v5"
)

// ErrNotDesired means the migrations do not build the desired-state schema
// (or the live schema is not it): a migration is missing or wrong.
var ErrNotDesired = errors.New("schema differs from the desired state")

// Validate checks that the directory matches atlas.sum and that its files,
// replayed in order, build the schema that desired (*.sql, applied in name
// order) declares: tables as atlas inspects them, and functions, text
// search configurations and dictionaries, triggers, views, sequences and
// extensions by the catalogs (see pgState). Both are built in scratch
// schemas of the database, each in a transaction that is rolled back, so
// the database keeps nothing; it needs the privileges to create a schema
// and the extensions the files create.
func (m *PostgresMigrator) Validate(ctx context.Context, desired fs.FS) error {
	if err := validate(m.dir); err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	files, err := m.dir.Files()
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	db := m.sqlDB()
	defer db.Close()
	got, err := scratchState(ctx, db, func(ctx context.Context, tx *sql.Tx, drv pgDriver) error {
		ex, err := migrate.NewExecutor(drv, m.dir, migrate.NopRevisionReadWriter{})
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := ex.ExecuteFiles(ctx, []migrate.File{f}); err != nil {
				return fmt.Errorf("%s: %w", f.Name(), err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrate validate: replay: %w", err)
	}
	want, err := scratchState(ctx, db, buildDesired(desired))
	if err != nil {
		return fmt.Errorf("migrate validate: desired schema: %w", err)
	}
	drv, err := openPGDriver(db, "")
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	diffs, err := pgDifferences(drv, got, want)
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("migrate validate: the migrations' %w: %s", ErrNotDesired, joinDifferences(diffs))
	}
	return nil
}

// Drift compares the live schema (the current one, without the history
// table) with the one desired declares, as Validate compares the replayed
// migrations, and returns the differences, one line each; none when the
// database is what its migrations should have built.
func (m *PostgresMigrator) Drift(ctx context.Context, desired fs.FS) ([]string, error) {
	db := m.sqlDB()
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema drift: %w", err)
	}
	defer conn.Close()
	var cur sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil || !cur.Valid {
		return nil, fmt.Errorf("schema drift: current schema: %w", errors.Join(err, errors.New("none")))
	}
	drv, err := openPGDriver(conn, cur.String)
	if err != nil {
		return nil, fmt.Errorf("schema drift: %w", err)
	}
	got, err := inspectPG(ctx, drv, conn, cur.String)
	if err != nil {
		return nil, fmt.Errorf("schema drift: %w", err)
	}
	want, err := scratchState(ctx, db, buildDesired(desired))
	if err != nil {
		return nil, fmt.Errorf("schema drift: desired schema: %w", err)
	}
	diffs, err := pgDifferences(drv, got, want)
	if err != nil {
		return nil, fmt.Errorf("schema drift: %w", err)
	}
	return diffs, nil
}

// buildDesired executes the *.sql files of desired, in name order.
func buildDesired(desired fs.FS) func(context.Context, *sql.Tx, pgDriver) error {
	return func(ctx context.Context, tx *sql.Tx, drv pgDriver) error {
		names, err := fs.Glob(desired, "*.sql")
		if err != nil {
			return err
		}
		if len(names) == 0 {
			return errors.New("no *.sql files")
		}
		for _, name := range names {
			b, err := fs.ReadFile(desired, name)
			if err != nil {
				return err
			}
			stmts, err := migrate.FileStmts(drv, migrate.NewLocalFile(name, b))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			for _, stmt := range stmts {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %q: %w", name, firstLine(stmt), err)
				}
			}
		}
		return nil
	}
}

// scratchState runs build in a new, empty schema of its own, first on the
// search_path, inside a transaction that is rolled back, and returns the
// state build left there. The schemas of the database's extensions stay
// on the search_path: CREATE EXTENSION IF NOT EXISTS does nothing for an
// extension the database has, whose objects must still resolve.
func scratchState(ctx context.Context, db *sql.DB, build func(context.Context, *sql.Tx, pgDriver) error) (*pgState, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	name, err := scratchName()
	if err != nil {
		return nil, err
	}
	path, err := extensionSchemas(ctx, tx)
	if err != nil {
		return nil, err
	}
	path = append([]string{name}, path...)
	for i, s := range path {
		path[i] = pgx.Identifier{s}.Sanitize()
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA "+path[0]); err != nil {
		return nil, fmt.Errorf("create scratch schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL search_path TO "+strings.Join(path, ", ")); err != nil {
		return nil, fmt.Errorf("set search_path: %w", err)
	}
	drv, err := openPGDriver(tx, name)
	if err != nil {
		return nil, err
	}
	if err := build(ctx, tx, drv); err != nil {
		return nil, err
	}
	return inspectPG(ctx, drv, tx, name)
}

func extensionSchemas(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT n.nspname FROM pg_catalog.pg_extension e "+
		"JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname <> 'pg_catalog' ORDER BY 1")
	if err != nil {
		return nil, fmt.Errorf("extension schemas: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("extension schemas: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func scratchName() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "marketpulse_scratch_" + hex.EncodeToString(b), nil
}

func firstLine(stmt string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(stmt), "\n")
	return line
}
