package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
)

// privateMode is the mode of the database file, its -wal and -shm, and of
// backups: they hold password hashes and token digests. SQLite creates -wal
// and -shm with the mode of the database file, so creating that file first
// with this mode covers all three whatever the umask.
const privateMode fs.FileMode = 0o600

// makePrivate creates the database file at path with privateMode when it is
// missing, and tightens an existing one and its -wal and -shm (left 0644 by an
// older build). A file this process may not chmod is logged, not fatal.
func makePrivate(path string, log *slog.Logger) error {
	if err := createPrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("database file mode: %w", err)
		}
		if fi.Mode().Perm() == privateMode {
			continue
		}
		if err := os.Chmod(p, privateMode); err != nil && log != nil {
			log.Warn("database file is readable by others and cannot be made private", "path", p, "mode", fi.Mode().Perm().String(), "error", err)
		}
	}
	return nil
}

// createPrivate creates an empty file at path with exactly privateMode; it
// fails with fs.ErrExist when the file is already there.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if err != nil {
		return err
	}
	if err := f.Chmod(privateMode); err != nil { // the umask may have removed bits
		_ = f.Close()
		return err
	}
	return f.Close()
}
