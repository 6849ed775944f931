// Package migrate applies, reverts, verifies, plans, hashes and lints the
// versioned SQLite migrations in schema/migrations with the atlas library,
// recording them in the same atlas_schema_revisions table the atlas CLI
// uses. Tables are left to atlas; FTS5 and other virtual tables, views and
// triggers, which atlas OSS cannot handle, are managed by this package.
//
// PostgresMigrator applies, verifies and validates the PostgreSQL
// migrations in schema/postgres/migrations (written by hand: atlas OSS
// cannot plan their functions and text search objects) in the same history
// table, under an advisory lock; see docs/postgres.md.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqlite"
)

// Migrator applies a migration directory to one SQLite database.
type Migrator struct {
	db  *sql.DB
	dir migrate.Dir
	log *slog.Logger
}

// New returns a Migrator for db, a modernc SQLite pool limited to one open
// connection (the writer). A nil log discards messages.
func New(db *sql.DB, dir migrate.Dir, log *slog.Logger) *Migrator {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Migrator{db: db, dir: dir, log: log}
}

// Up applies up to n pending migrations (all when n <= 0), each file in its
// own transaction, and returns the names of the files it applied. It refuses
// to run when the directory does not match atlas.sum (ErrChecksum), the
// database was migrated past what the directory knows (ErrUnknownRevision) or
// an applied migration differs from the directory's file (ErrHistoryChanged).
func (m *Migrator) Up(ctx context.Context, n int) ([]string, error) {
	if err := validate(m.dir); err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	defer conn.Close()
	var applied []string
	for n <= 0 || len(applied) < n {
		start := time.Now()
		name, err := m.applyNext(ctx, conn)
		if err != nil {
			return applied, fmt.Errorf("migrate up: %w", err)
		}
		if name == "" {
			break
		}
		m.log.InfoContext(ctx, "migration applied", "file", name, "duration", time.Since(start))
		applied = append(applied, name)
	}
	return applied, nil
}

// applyNext applies the first pending file in one transaction and returns
// its name, or "" when nothing is pending.
func (m *Migrator) applyNext(ctx context.Context, conn *sql.Conn) (string, error) {
	var name string
	err := inTx(ctx, conn, func(tx *sql.Tx) error {
		var err error
		name, err = m.executeNext(ctx, tx)
		if err == nil && name == "" {
			return migrate.ErrNoPendingFiles // roll back the revisions table
		}
		return err
	})
	switch {
	case errors.Is(err, migrate.ErrNoPendingFiles):
		return "", nil
	case err != nil && name != "": // executeNext succeeded, the commit failed
		return "", fmt.Errorf("%s: %w", name, err)
	case err != nil:
		return "", err
	}
	return name, nil
}

// executeNext runs the first pending file inside tx.
func (m *Migrator) executeNext(ctx context.Context, tx *sql.Tx) (string, error) {
	if _, err := tx.ExecContext(ctx, createRevisions); err != nil {
		return "", fmt.Errorf("create revisions table: %w", err)
	}
	drv, err := sqlite.Open(tx)
	if err != nil {
		return "", fmt.Errorf("open atlas driver: %w", err)
	}
	ex, err := migrate.NewExecutor(drv, m.dir, &revisions{q: tx},
		migrate.WithOperatorVersion(operatorVersion()))
	if err != nil {
		return "", fmt.Errorf("new executor: %w", err)
	}
	pending, err := ex.Pending(ctx)
	if errors.Is(err, migrate.ErrNoPendingFiles) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("pending migrations: %w", err)
	}
	f := pending[0]
	if err := ex.Execute(ctx, f); err != nil {
		return "", fmt.Errorf("apply %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// operatorVersion is stored in each revision, as the atlas CLI stores its own.
func operatorVersion() string {
	const name = "marketpulse"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return name
	}
	for _, dep := range info.Deps {
		if dep.Path == "ariga.io/atlas" {
			return name + " (atlas " + dep.Version + ")"
		}
	}
	return name
}
