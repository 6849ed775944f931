package account

import (
	"context"
	"time"
)

// Storage is what account needs of a database engine; SQLite and Postgres
// implement it. Errors come back translated into apperr kinds: a missing
// account or session is NotFound, a taken email (whatever its case)
// Conflict, a busy database Unavailable.
type Storage interface {
	// Reads, outside a transaction (the read pool).

	GetUser(ctx context.Context, id int64) (StoredUser, error)
	// GetUserByEmail finds the account of email whatever its case.
	GetUserByEmail(ctx context.Context, email string) (StoredUser, error)
	// ListUsers returns up to limit accounts in (created_at, id) order
	// after the keyset (afterCreatedAt, afterID); a zero afterCreatedAt
	// starts from the oldest.
	ListUsers(ctx context.Context, afterCreatedAt time.Time, afterID int64, limit int) ([]User, error)
	// GetSessionByDigest returns the session of a token digest unexpired at
	// now whose user is active, with that user's role.
	GetSessionByDigest(ctx context.Context, digest [32]byte, now time.Time) (StoredSession, Role, error)

	// Writes of one statement, each its own transaction.

	CreateUser(ctx context.Context, u NewUser) (User, error)
	UpdateUserPassword(ctx context.Context, userID int64, hash string) error
	UpdateUserAccess(ctx context.Context, userID int64, role Role, active bool) (User, error)
	CreateSession(ctx context.Context, s NewSession) (StoredSession, error)
	// DeleteSession ends the session id of userID and returns its token
	// digest; NotFound when it is gone already.
	DeleteSession(ctx context.Context, id, userID int64) ([]byte, error)
	// TouchSession records a use of session id at now unless the last one
	// recorded is after staleBefore.
	TouchSession(ctx context.Context, id int64, now, staleBefore time.Time) error
	// DeleteExpiredSessions deletes up to limit sessions expired at now and
	// returns how many. Sweeps running at once on several instances share
	// the work (each session is deleted once) and never fail for it.
	DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) (int64, error)

	// InTx runs fn in one write transaction and commits when fn returns nil.
	// fn may run more than once (PostgreSQL retries serialization failures):
	// it must not have effects outside the transaction (notify, cache
	// invalidation, channel sends happen after InTx returns).
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is what account does inside one write transaction.
type Tx interface {
	GetUser(ctx context.Context, id int64) (StoredUser, error)
	GetUserByEmail(ctx context.Context, email string) (StoredUser, error)
	UpdateUserProfile(ctx context.Context, userID int64, email, displayName string) (User, error)
	UpdateUserPassword(ctx context.Context, userID int64, hash string) error
	UpdateUserAccess(ctx context.Context, userID int64, role Role, active bool) (User, error)
	// ListSessions returns up to limit of userID's sessions unexpired at now
	// with an id below beforeID, newest first.
	ListSessions(ctx context.Context, userID, beforeID int64, now time.Time, limit int) ([]StoredSession, error)
	// DeleteUserSessions ends every session of userID.
	DeleteUserSessions(ctx context.Context, userID int64) error
}

// StoredUser is an account with its password hash, which only the checks
// of a password read.
type StoredUser struct {
	User
	PasswordHash string
}

// NewUser is an account to create, its password already hashed.
type NewUser struct {
	Email, PasswordHash, DisplayName string
	Role                             Role
}

// NewSession is a session to create: the digest of its token, never the
// token.
type NewSession struct {
	Digest    [32]byte
	UserID    int64
	ExpiresAt time.Time
	UserAgent string
}

// StoredSession is a session as stored.
type StoredSession struct {
	ID, UserID int64
	Digest     []byte // SHA-256 of the token
	ExpiresAt  time.Time
	LastUsedAt time.Time
}

// storedTime is t as both engines store it: UTC milliseconds. PostgreSQL's
// timestamptz(3) and SQLite's strftime('%f') would each round a finer t
// on their own; cutting it here first makes what is stored, and what a
// bound compares, the same instant on both.
func storedTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Millisecond)
}
