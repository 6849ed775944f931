package migrate

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"ariga.io/atlas/sql/sqlite"
)

// inTx runs fn in one transaction on the pinned connection conn and commits
// when it returns nil. PRAGMA foreign_keys is a no-op inside a transaction,
// so it is switched off on conn before BEGIN (table rebuilds need that) and
// restored after COMMIT or ROLLBACK; the commit fails if fn introduced a
// foreign key violation.
func inTx(ctx context.Context, conn *sql.Conn, fn func(*sql.Tx) error) (err error) {
	// Restoring the pragma must happen even when ctx is cancelled: the
	// connection goes back to the writer pool.
	bg := context.WithoutCancel(ctx)
	on, err := foreignKeys(ctx, conn)
	if err != nil {
		return err
	}
	if on {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return fmt.Errorf("disable foreign keys: %w", err)
		}
		defer func() {
			if restored, ferr := foreignKeys(bg, conn); ferr != nil || !restored {
				err = errors.Join(err, discard(conn, "foreign keys were not restored"))
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return errors.Join(fmt.Errorf("begin: %w", err), restoreForeignKeys(bg, conn, on))
	}
	rollback := sqlite.RollbackFunc(bg, conn, tx, on)
	commit, err := sqlite.CommitFunc(bg, conn, tx, on)
	if err != nil {
		return errors.Join(err, rollback())
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback())
	}
	if err := commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
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
