package account

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is the account storage of a PostgreSQL database: reads and
// single-statement writes on the pool, transactions SERIALIZABLE (retried
// by pgstore when they fail to serialize).
func Postgres(d *pgstore.DB) Storage { return pgStorage{d: d, pgQueries: pgQueries{pgdb.New(d.Pool)}} }

type pgStorage struct {
	d *pgstore.DB
	pgQueries
}

// pgQueries are the statements of accounts on the pool or in a
// transaction: Storage's reads and writes and Tx share them.
type pgQueries struct{ q *pgdb.Queries }

var (
	_ Storage = pgStorage{}
	_ Tx      = pgQueries{}
)

func (s pgStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(tx pgx.Tx) error { return fn(pgQueries{pgdb.New(tx)}) })
}

func (q pgQueries) GetUser(ctx context.Context, id int64) (StoredUser, error) {
	u, err := q.q.GetUser(ctx, id)
	if err != nil {
		return StoredUser{}, pgstore.Translate(err, "account")
	}
	return pgUser(u), nil
}

func (q pgQueries) GetUserByEmail(ctx context.Context, email string) (StoredUser, error) {
	u, err := q.q.GetUserByEmail(ctx, email)
	if err != nil {
		return StoredUser{}, pgstore.Translate(err, "account")
	}
	return pgUser(u), nil
}

func (q pgQueries) ListUsers(ctx context.Context, afterCreatedAt time.Time, afterID int64, limit int) ([]User, error) {
	arg := pgdb.ListUsersParams{AfterID: afterID, MaxRows: int64(limit)}
	if !afterCreatedAt.IsZero() {
		arg.AfterCreatedAt = sql.NullTime{Time: storedTime(afterCreatedAt), Valid: true}
	}
	rows, err := q.q.ListUsers(ctx, arg)
	if err != nil {
		return nil, pgstore.Translate(err, "accounts")
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = pgUser(r).User
	}
	return out, nil
}

func (q pgQueries) GetSessionByDigest(ctx context.Context, digest [32]byte, now time.Time) (StoredSession, Role, error) {
	r, err := q.q.GetSessionByTokenHash(ctx, pgdb.GetSessionByTokenHashParams{TokenHash: digest[:], Now: storedTime(now)})
	if err != nil {
		return StoredSession{}, "", pgstore.Translate(err, "session")
	}
	return StoredSession{ID: r.ID, UserID: r.UserID, Digest: digest[:], ExpiresAt: r.ExpiresAt.UTC(), LastUsedAt: r.LastUsedAt.UTC()},
		Role(r.Role), nil
}

func (q pgQueries) CreateUser(ctx context.Context, u NewUser) (User, error) {
	r, err := q.q.CreateUser(ctx, pgdb.CreateUserParams{
		Email: u.Email, PasswordHash: u.PasswordHash, DisplayName: u.DisplayName, Role: string(u.Role),
	})
	if err != nil {
		return User{}, pgstore.Translate(err, "account")
	}
	return pgUser(r).User, nil
}

func (q pgQueries) UpdateUserProfile(ctx context.Context, userID int64, email, displayName string) (User, error) {
	u, err := q.q.UpdateUserProfile(ctx, pgdb.UpdateUserProfileParams{ID: userID, Email: email, DisplayName: displayName})
	if err != nil {
		return User{}, pgstore.Translate(err, "account")
	}
	return pgUser(u).User, nil
}

func (q pgQueries) UpdateUserPassword(ctx context.Context, userID int64, hash string) error {
	_, err := q.q.UpdateUserPassword(ctx, pgdb.UpdateUserPasswordParams{PasswordHash: hash, ID: userID})
	return pgstore.Translate(err, "account")
}

func (q pgQueries) UpdateUserAccess(ctx context.Context, userID int64, role Role, active bool) (User, error) {
	u, err := q.q.UpdateUserAccess(ctx, pgdb.UpdateUserAccessParams{ID: userID, Role: string(role), Active: active})
	if err != nil {
		return User{}, pgstore.Translate(err, "account")
	}
	return pgUser(u).User, nil
}

func (q pgQueries) CreateSession(ctx context.Context, n NewSession) (StoredSession, error) {
	r, err := q.q.CreateSession(ctx, pgdb.CreateSessionParams{
		TokenHash: n.Digest[:], UserID: n.UserID, ExpiresAt: storedTime(n.ExpiresAt), UserAgent: n.UserAgent,
	})
	if err != nil {
		return StoredSession{}, pgstore.Translate(err, "session")
	}
	return pgSession(r), nil
}

func (q pgQueries) DeleteSession(ctx context.Context, id, userID int64) ([]byte, error) {
	digest, err := q.q.DeleteSessionReturningHash(ctx, pgdb.DeleteSessionReturningHashParams{ID: id, UserID: userID})
	if err != nil {
		return nil, pgstore.Translate(err, "session")
	}
	return digest, nil
}

func (q pgQueries) TouchSession(ctx context.Context, id int64, now, staleBefore time.Time) error {
	_, err := q.q.TouchSession(ctx, pgdb.TouchSessionParams{
		Now: storedTime(now), ID: id, StaleBefore: storedTime(staleBefore),
	})
	return pgstore.Translate(err, "session")
}

// DeleteExpiredSessions runs outside InTx, in READ COMMITTED: the query
// locks the rows it deletes and skips those another instance's sweep holds,
// so concurrent sweeps neither wait nor fail to serialize.
func (q pgQueries) DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) (int64, error) {
	n, err := q.q.DeleteExpiredSessions(ctx, pgdb.DeleteExpiredSessionsParams{Now: storedTime(now), MaxRows: int64(limit)})
	return n, pgstore.Translate(err, "sessions")
}

func (q pgQueries) ListSessions(ctx context.Context, userID, beforeID int64, now time.Time, limit int) ([]StoredSession, error) {
	rows, err := q.q.ListUserSessions(ctx, pgdb.ListUserSessionsParams{
		UserID: userID, BeforeID: beforeID, Now: storedTime(now), MaxRows: int64(limit),
	})
	if err != nil {
		return nil, pgstore.Translate(err, "sessions")
	}
	out := make([]StoredSession, len(rows))
	for i, r := range rows {
		out[i] = pgSession(r)
	}
	return out, nil
}

func (q pgQueries) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := q.q.DeleteUserSessions(ctx, pgdb.DeleteUserSessionsParams{UserID: userID})
	return pgstore.Translate(err, "sessions")
}

func pgUser(u pgdb.User) StoredUser {
	return StoredUser{
		User: User{
			ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: Role(u.Role), Active: u.Active,
			CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(),
		},
		PasswordHash: u.PasswordHash,
	}
}

func pgSession(s pgdb.Session) StoredSession {
	return StoredSession{ID: s.ID, UserID: s.UserID, Digest: s.TokenHash, ExpiresAt: s.ExpiresAt.UTC(), LastUsedAt: s.LastUsedAt.UTC()}
}
