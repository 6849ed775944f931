package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Backup writes a consistent, compacted copy of the live database to dest
// with VACUUM INTO. It reads one WAL snapshot on a connection of its own, so
// writers are not blocked while it runs. The copy is written next to dest
// and renamed into place, so dest is either the old file or a complete one.
func (d *DB) Backup(ctx context.Context, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if abs == d.path {
		return errors.New("backup: destination is the live database")
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := fmt.Sprintf("%s.tmp-%d", abs, time.Now().UnixNano())
	// VACUUM INTO accepts an empty file: creating it first makes the copy
	// private whatever the umask.
	if err := createPrivate(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp)

	conn, err := sql.Open("sqlite", DSN(d.path, 5*time.Second, false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(filepath.Dir(abs))
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
