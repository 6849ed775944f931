package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/marketpulse/api/internal/apperr"
)

// Translate maps driver errors to domain errors at the store boundary: no
// rows → NotFound, UNIQUE → Conflict, FOREIGN KEY → Invalid, BUSY/LOCKED →
// Unavailable, a malformed full-text query → Invalid (invalid_query). what names the thing, e.g. "asset AAPL". Other errors are
// wrapped with that context and stay Internal.
func Translate(err error, what string) error {
	if err == nil {
		return nil
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
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY_SNAPSHOT:
			return &apperr.Error{Kind: apperr.Unavailable, Code: "busy", Message: "the database is busy, retry shortly", Err: err}
		case sqlite3.SQLITE_ERROR:
			if isFTSQueryError(se.Error()) {
				return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_query", Message: what + ": the search query is not valid", Err: err}
			}
		}
	}
	return fmt.Errorf("%s: %w", what, err)
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
