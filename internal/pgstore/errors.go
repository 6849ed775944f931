package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/internal/apperr"
)

// SQLSTATE codes the store tells apart
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	codeUniqueViolation      = "23505"
	codeForeignKeyViolation  = "23503"
	codeCheckViolation       = "23514"
	codeNotNullViolation     = "23502"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
	codeLockNotAvailable     = "55P03"
	codeQueryCanceled        = "57014" // statement_timeout, or a cancel request
	codeDiskFull             = "53100"
	codeTooManyConnections   = "53300"
	codeAdminShutdown        = "57P01"
	codeCannotConnectNow     = "57P03" // starting up, shutting down, in recovery
)

// BusyRetryAfter is the Retry-After of a database_busy or
// database_unavailable answer, as internal/store's.
const BusyRetryAfter = time.Second

// Translate maps driver errors to domain errors at the store boundary, as
// store.Translate does for SQLite: no rows → NotFound, a unique violation →
// Conflict, a foreign key violation → Invalid (invalid_reference), a check
// or not-null violation → Invalid, and the conditions of the database (see
// Transient). what names the thing, e.g. "asset AAPL". Other errors are
// wrapped with that context and stay Internal.
func Translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if t, ok := transient(err); ok {
		return t
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &apperr.Error{Kind: apperr.NotFound, Code: "not_found", Message: what + " not found", Err: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case codeUniqueViolation:
			return &apperr.Error{Kind: apperr.Conflict, Code: "conflict", Message: what + " already exists", Err: err}
		case codeForeignKeyViolation:
			return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_reference", Message: what + " refers to something that does not exist", Err: err}
		case codeCheckViolation, codeNotNullViolation:
			return &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Message: what + " is not valid", Err: err}
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Transient classifies the errors that say nothing about the request but
// about the database's state, with internal/store's codes, and returns any
// other error unchanged (already classified errors too): a transaction
// that kept failing to serialize, a deadlock or a lock timeout → 503
// database_busy; a full disk → 507 storage_full; statement_timeout or an
// expired context deadline → 503 query_timeout; a server that cannot be
// reached, refuses connections or is shutting down → 503
// database_unavailable. A cancelled context stays as it is: the client
// went away.
func Transient(err error) error {
	if t, ok := transient(err); ok {
		return t
	}
	return err
}

func transient(err error) (error, bool) {
	if err == nil || apperr.KindOf(err) != apperr.Internal || errors.Is(err, context.Canceled) {
		return err, false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return retryLater("query_timeout", "the query took too long, retry shortly", err), true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case codeSerializationFailure, codeDeadlockDetected, codeLockNotAvailable:
			return retryLater("database_busy", "the database is busy, retry shortly", err), true
		case codeQueryCanceled:
			return retryLater("query_timeout", "the query took too long, retry shortly", err), true
		case codeDiskFull:
			return &apperr.Error{Kind: apperr.InsufficientStorage, Code: "storage_full",
				Message: "the database's storage is full; the change was not stored", Err: err}, true
		case codeTooManyConnections, codeAdminShutdown, codeCannotConnectNow:
			return unavailable(err), true
		}
		return err, false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return unavailable(err), true
	}
	return err, false
}

// withContext makes err, which ctx's end may have caused, say so: a
// statement cut short by a cancel request fails with a plain 57014, in
// which errors.Is would not find context.Canceled or DeadlineExceeded.
func withContext(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", err, ctx.Err())
}

func unavailable(err error) error {
	return retryLater("database_unavailable", "the database cannot be reached, retry shortly", err)
}

func retryLater(code, msg string, err error) error {
	return &apperr.Error{Kind: apperr.Unavailable, Code: code, Message: msg,
		Err: &apperr.Retry{After: BusyRetryAfter, Err: err}}
}
