package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"ariga.io/atlas/sql/migrate"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/marketpulse/api/internal/pgstore"
)

// LockName names the session advisory lock (pgstore.LockKey) that every
// PostgreSQL Up holds while it runs, so that instances starting at once
// apply each migration once: the others wait, then find nothing pending.
const LockName = "marketpulse-migrate"

// ErrNotClean means a first Up found tables in the schema that no
// migration recorded: it does not migrate over someone else's schema.
var ErrNotClean = errors.New("schema holds tables that no migration recorded")

// PostgresMigrator applies a migration directory to one PostgreSQL
// database, in its current schema (the first of its search_path), with the
// same atlas_schema_revisions history table as the SQLite Migrator. Every
// file runs in one transaction: statements PostgreSQL refuses inside one
// (CREATE INDEX CONCURRENTLY, ...) cannot be used in a migration.
type PostgresMigrator struct {
	db  *pgstore.DB
	dir migrate.Dir
	log *slog.Logger
}

// NewPostgres returns a PostgresMigrator for d, whose pool needs two free
// connections while Up runs (one holds the lock). A nil log discards messages.
func NewPostgres(d *pgstore.DB, dir migrate.Dir, log *slog.Logger) *PostgresMigrator {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &PostgresMigrator{db: d, dir: dir, log: log}
}

// UpPostgres applies the PostgreSQL migrations compiled into the binary
// (all pending ones, under the advisory lock): what an instance calls at
// start. It returns the names of the files it applied.
func UpPostgres(ctx context.Context, d *pgstore.DB, log *slog.Logger) ([]string, error) {
	dir, err := EmbeddedPostgres()
	if err != nil {
		return nil, err
	}
	return NewPostgres(d, dir, log).Up(ctx, 0)
}

// sqlDB is database/sql over d's pool, which atlas needs. The caller closes
// it (which leaves the pool open).
func (m *PostgresMigrator) sqlDB() *sql.DB {
	return stdlib.OpenDBFromPool(m.db.Pool)
}

// Up applies up to n pending migrations (all when n <= 0), each file in its
// own transaction, while it holds the advisory lock LockName, and returns
// the names of the files it applied. It refuses to run as the SQLite
// Migrator does: ErrChecksum, ErrUnknownRevision, ErrHistoryChanged; and on
// a first run it refuses a current schema that already holds tables.
func (m *PostgresMigrator) Up(ctx context.Context, n int) ([]string, error) {
	if err := validate(m.dir); err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	db := m.sqlDB()
	defer db.Close()
	var applied []string
	err := m.withLock(ctx, func(ctx context.Context) error {
		st, err := m.status(ctx, db)
		if err != nil {
			return err
		}
		if err := st.Validate(); err != nil {
			return err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		for n <= 0 || len(applied) < n {
			start := time.Now()
			name, err := m.applyNext(ctx, conn)
			if err != nil {
				return err
			}
			if name == "" {
				return nil
			}
			m.log.InfoContext(ctx, "migration applied", "file", name, "duration", time.Since(start))
			applied = append(applied, name)
		}
		return nil
	})
	if err != nil {
		return applied, fmt.Errorf("migrate up: %w", err)
	}
	return applied, nil
}

// withLock runs fn under the advisory lock, saying so when it has to wait
// for another instance first.
func (m *PostgresMigrator) withLock(ctx context.Context, fn func(context.Context) error) error {
	key := pgstore.LockKey(LockName)
	ran, err := m.db.TryAdvisoryLock(ctx, key, fn)
	if ran || err != nil {
		return err
	}
	m.log.InfoContext(ctx, "waiting for another instance to finish migrating", "lock", LockName)
	return m.db.WithAdvisoryLock(ctx, key, fn)
}

// applyNext applies the first pending file in one transaction and returns
// its name, or "" when nothing is pending.
func (m *PostgresMigrator) applyNext(ctx context.Context, conn *sql.Conn) (string, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("begin: %w", err)
	}
	name, err := m.executeNext(ctx, tx)
	if err != nil || name == "" {
		// Nothing pending also rolls back: the revisions table may be new.
		return "", errors.Join(err, ignoreDone(tx.Rollback()))
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("%s: commit: %w", name, err)
	}
	return name, nil
}

// executeNext runs the first pending file inside tx.
func (m *PostgresMigrator) executeNext(ctx context.Context, tx *sql.Tx) (string, error) {
	cur, err := currentSchema(ctx, tx)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, createPGRevisions); err != nil {
		return "", fmt.Errorf("create revisions table: %w", err)
	}
	drv, err := openPGDriver(tx, cur)
	if err != nil {
		return "", fmt.Errorf("open atlas driver: %w", err)
	}
	ex, err := migrate.NewExecutor(drv, m.dir, &pgRevisions{q: tx, schema: cur},
		migrate.WithOperatorVersion(operatorVersion()))
	if err != nil {
		return "", fmt.Errorf("new executor: %w", err)
	}
	pending, err := ex.Pending(ctx)
	if errors.Is(err, migrate.ErrNoPendingFiles) {
		return "", nil
	}
	var dirty *migrate.NotCleanError
	if errors.As(err, &dirty) {
		return "", fmt.Errorf("%w: %s (the first migration needs an empty schema)", ErrNotClean, dirty.Reason)
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

// Status reads the revisions table and compares it with the directory.
func (m *PostgresMigrator) Status(ctx context.Context) (Status, error) {
	db := m.sqlDB()
	defer db.Close()
	return m.status(ctx, db)
}

func (m *PostgresMigrator) status(ctx context.Context, db *sql.DB) (Status, error) {
	revs, err := readPGRevisions(ctx, db)
	if err != nil {
		return Status{}, fmt.Errorf("migration status: %w", err)
	}
	files, err := m.dir.Files()
	if err != nil {
		return Status{}, fmt.Errorf("migration status: list files: %w", err)
	}
	sums, err := m.dir.Checksum()
	if err != nil {
		return Status{}, fmt.Errorf("migration status: hash files: %w", err)
	}
	return newStatus(revs, files, sums), nil
}

// Verify checks, without changing anything, that the directory matches
// atlas.sum, that every applied migration was applied from this directory's
// file (its recorded hash is this build's) and that none is pending.
func (m *PostgresMigrator) Verify(ctx context.Context) error {
	if err := validate(m.dir); err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	if err := st.check(); err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	return nil
}

// currentSchema is the schema new tables go to, which holds the history.
func currentSchema(ctx context.Context, tx *sql.Tx) (string, error) {
	var cur sql.NullString
	if err := tx.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
		return "", fmt.Errorf("current schema: %w", err)
	}
	if !cur.Valid {
		return "", errors.New("current schema: the search_path names no existing schema")
	}
	return cur.String, nil
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}
