// Package migrate applies, verifies and plans the versioned SQLite
// migrations in schema/migrations with the atlas library, recording them in
// the same atlas_schema_revisions table the atlas CLI uses.
package migrate

import (
	"context"
	"database/sql"
	"database/sql/driver"
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
// to run when the directory does not match atlas.sum (ErrChecksum) or the
// database was migrated past what the directory knows (ErrUnknownRevision).
func (m *Migrator) Up(ctx context.Context, n int) ([]string, error) {
	if err := validate(m.dir); err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	if len(st.Unknown) > 0 {
		return nil, fmt.Errorf("migrate up: %w", st.check())
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
// its name, or "" when nothing is pending. PRAGMA foreign_keys is a no-op
// inside a transaction, so it is switched off on the pinned connection
// before BEGIN (table rebuilds need that) and restored after COMMIT or
// ROLLBACK; atlas checks that the file introduced no foreign key violation.
func (m *Migrator) applyNext(ctx context.Context, conn *sql.Conn) (name string, err error) {
	// Restoring the pragma must happen even when ctx is cancelled: the
	// connection goes back to the writer pool.
	bg := context.WithoutCancel(ctx)
	fkOn, err := foreignKeys(ctx, conn)
	if err != nil {
		return "", err
	}
	if fkOn {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return "", fmt.Errorf("disable foreign keys: %w", err)
		}
		defer func() {
			if on, ferr := foreignKeys(bg, conn); ferr != nil || !on {
				err = errors.Join(err, discard(conn, "foreign keys were not restored"))
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", errors.Join(fmt.Errorf("begin: %w", err), restoreForeignKeys(bg, conn, fkOn))
	}
	rollback := sqlite.RollbackFunc(bg, conn, tx, fkOn)
	commit, err := sqlite.CommitFunc(bg, conn, tx, fkOn)
	if err != nil {
		return "", errors.Join(err, rollback())
	}
	name, err = m.executeNext(ctx, tx)
	if err != nil || name == "" {
		return "", errors.Join(err, rollback())
	}
	if err := commit(); err != nil {
		return "", fmt.Errorf("commit %s: %w", name, err)
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

func foreignKeys(ctx context.Context, conn *sql.Conn) (bool, error) {
	var on bool
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
		return false, fmt.Errorf("read foreign_keys pragma: %w", err)
	}
	return on, nil
}

func restoreForeignKeys(ctx context.Context, conn *sql.Conn, on bool) error {
	if !on {
		return nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = on"); err != nil {
		return fmt.Errorf("restore foreign keys: %w", err)
	}
	return nil
}

// discard closes the pinned connection instead of returning it to the pool
// in a state other users of the pool do not expect.
func discard(conn *sql.Conn, reason string) error {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	return fmt.Errorf("discarded writer connection: %s", reason)
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
