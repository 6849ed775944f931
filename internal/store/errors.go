package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/marketpulse/api/internal/apperr"
)

// BusyRetryAfter is the Retry-After of a database_busy answer: long enough
// for a backup or another instance's write to release its lock.
const BusyRetryAfter = time.Second

// Translate maps driver errors to domain errors at the store boundary: no
// rows → NotFound, UNIQUE → Conflict, FOREIGN KEY → Invalid, a malformed
// full-text query → Invalid (invalid_query), and the conditions of the
// database rather than the request (see Transient): BUSY/LOCKED →
// Unavailable (database_busy), FULL → InsufficientStorage (storage_full),
// an interrupted statement or an expired deadline → Unavailable
// (query_timeout). what names the thing, e.g. "asset AAPL". Other errors
// are wrapped with that context and stay Internal.
func Translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if t, ok := transient(err); ok {
		return t
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: what + " not found", Err: err}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &apperr.Error{Kind: apperr.Conflict, Code: "conflict", Message: what + " already exists", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_reference", Message: what + " refers to something that does not exist", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Message: what + " is not valid", Err: err}
		case sqlite3.SQLITE_ERROR:
			if isFTSQueryError(se.Error()) {
				return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_query", Message: what + ": the search query is not valid", Err: err}
			}
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Transient classifies the errors that say nothing about the request but
// about the database's state, and returns any other error unchanged
// (already classified errors too): SQLITE_BUSY and SQLITE_LOCKED (another
// connection or process holds the lock past the busy timeout) → 503
// database_busy with a Retry-After; SQLITE_FULL (the disk, or the page
// limit, is full) → 507 storage_full; SQLITE_INTERRUPT or an expired
// context deadline → 503 query_timeout. A cancelled context stays as it is:
// the client went away.
func Transient(err error) error {
	if t, ok := transient(err); ok {
		return t
	}
	return err
}

// transient is Transient, reporting whether it classified err.
func transient(err error) (error, bool) {
	if err == nil || apperr.KindOf(err) != apperr.Internal {
		return err, false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return timeout(err), true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err, false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &apperr.Error{Kind: apperr.Unavailable, Code: "database_busy",
			Message: "the database is busy, retry shortly", Err: &apperr.Retry{After: BusyRetryAfter, Err: err}}, true
	case sqlite3.SQLITE_FULL:
		return &apperr.Error{Kind: apperr.InsufficientStorage, Code: "storage_full",
			Message: "the database's storage is full; the change was not stored", Err: err}, true
	case sqlite3.SQLITE_INTERRUPT:
		if errors.Is(err, context.Canceled) {
			return err, false
		}
		return timeout(err), true
	}
	return err, false
}

func timeout(err error) error {
	return &apperr.Error{Kind: apperr.Unavailable, Code: "query_timeout",
		Message: "the query took too long, retry shortly", Err: &apperr.Retry{After: BusyRetryAfter, Err: err}}
}

// isStorageError reports whether err is the storage failing a write: a full
// disk or page limit, or an I/O error.
func isStorageError(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_FULL || c == sqlite3.SQLITE_IOERR
}

// isFTSQueryError recognises FTS5's complaints about a MATCH expression, which
// reach us as a plain SQLITE_ERROR. A column filter naming an unknown column
// ("no such column") is not among them: it cannot be told apart from a broken
// statement, so user text must go through news.FTSQuery.
func isFTSQueryError(msg string) bool {
	return strings.Contains(msg, "fts5: ") ||
		strings.Contains(msg, "unterminated string") ||
		strings.Contains(msg, "unknown special query")
}
