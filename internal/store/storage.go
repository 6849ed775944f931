package store

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"
)

// Storage is the state of the database's storage, for health checks.
type Storage struct {
	// FreeBytes is the space left to unprivileged writers on the database
	// file's filesystem; -1 where the platform cannot tell.
	FreeBytes int64
	// LastWriteError is when the storage last failed a write (a full disk
	// or page limit, an I/O error); zero if it never did since Open.
	LastWriteError time.Time
	// LastWriteErrorText is that error's text, for operators.
	LastWriteErrorText string
}

// Storage reports the free space of the database's filesystem and the last
// write the storage failed.
func (d *DB) Storage() (Storage, error) {
	free, err := freeBytes(filepath.Dir(d.path))
	if err != nil {
		return Storage{}, fmt.Errorf("free space of %s: %w", filepath.Dir(d.path), err)
	}
	at, text := d.obs.writeFailure.last()
	return Storage{FreeBytes: free, LastWriteError: at, LastWriteErrorText: text}, nil
}

// writeFailure records the last storage error of a write.
type writeFailure struct {
	at   atomic.Int64 // Unix nanoseconds; 0: none
	text atomic.Pointer[string]
}

// note records err if it is the storage failing a write.
func (w *writeFailure) note(err error) {
	if err == nil || !isStorageError(err) {
		return
	}
	text := err.Error()
	w.text.Store(&text)
	w.at.Store(time.Now().UnixNano())
}

func (w *writeFailure) last() (time.Time, string) {
	ns := w.at.Load()
	if ns == 0 {
		return time.Time{}, ""
	}
	text := ""
	if p := w.text.Load(); p != nil {
		text = *p
	}
	return time.Unix(0, ns), text
}
