package account

import (
	"context"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is the account storage of a SQLite database: reads on its read
// pool, writes on its single writer.
func SQLite(d *store.DB) Storage { return sqliteStorage{d: d} }

type sqliteStorage struct{ d *store.DB }

var (
	_ Storage = sqliteStorage{}
	_ Tx      = sqliteQueries{}
)

// sqliteQueries are the statements of accounts on one of the pools or in a
// transaction: Storage's reads and sqliteTx share them.
type sqliteQueries struct{ q *db.Queries }

func (s sqliteStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(q *db.Queries) error { return fn(sqliteQueries{q}) })
}

func (s sqliteStorage) GetUser(ctx context.Context, id int64) (StoredUser, error) {
	return sqliteQueries{s.d.Read}.GetUser(ctx, id)
}

func (s sqliteStorage) GetUserByEmail(ctx context.Context, email string) (StoredUser, error) {
	return sqliteQueries{s.d.Read}.GetUserByEmail(ctx, email)
}

func (s sqliteStorage) ListUsers(ctx context.Context, afterCreatedAt time.Time, afterID int64, limit int) ([]User, error) {
	arg := db.ListUsersParams{AfterID: afterID, MaxRows: int64(limit)}
	if !afterCreatedAt.IsZero() {
		arg.AfterCreatedAt = storedTime(afterCreatedAt)
	}
	rows, err := s.d.Read.ListUsers(ctx, arg)
	if err != nil {
		return nil, store.Translate(err, "accounts")
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = sqliteUser(r).User
	}
	return out, nil
}

func (s sqliteStorage) GetSessionByDigest(ctx context.Context, digest [32]byte, now time.Time) (StoredSession, Role, error) {
	r, err := s.d.Read.GetSessionByTokenHash(ctx, db.GetSessionByTokenHashParams{TokenHash: digest[:], Now: storedTime(now)})
	if err != nil {
		return StoredSession{}, "", store.Translate(err, "session")
	}
	return StoredSession{ID: r.ID, UserID: r.UserID, Digest: digest[:], ExpiresAt: r.ExpiresAt.UTC(), LastUsedAt: r.LastUsedAt.UTC()},
		Role(r.Role), nil
}

func (s sqliteStorage) CreateUser(ctx context.Context, u NewUser) (User, error) {
	r, err := s.d.Write.CreateUser(ctx, db.CreateUserParams{
		Email: u.Email, PasswordHash: u.PasswordHash, DisplayName: u.DisplayName, Role: string(u.Role),
	})
	if err != nil {
		return User{}, store.Translate(err, "account")
	}
	return sqliteUser(r).User, nil
}

func (s sqliteStorage) UpdateUserPassword(ctx context.Context, userID int64, hash string) error {
	return sqliteQueries{s.d.Write}.UpdateUserPassword(ctx, userID, hash)
}

func (s sqliteStorage) UpdateUserAccess(ctx context.Context, userID int64, role Role, active bool) (User, error) {
	return sqliteQueries{s.d.Write}.UpdateUserAccess(ctx, userID, role, active)
}

func (s sqliteStorage) CreateSession(ctx context.Context, n NewSession) (StoredSession, error) {
	r, err := s.d.Write.CreateSession(ctx, db.CreateSessionParams{
		TokenHash: n.Digest[:], UserID: n.UserID, ExpiresAt: storedTime(n.ExpiresAt), UserAgent: n.UserAgent,
	})
	if err != nil {
		return StoredSession{}, store.Translate(err, "session")
	}
	return sqliteSession(r), nil
}

func (s sqliteStorage) DeleteSession(ctx context.Context, id, userID int64) ([]byte, error) {
	digest, err := s.d.Write.DeleteSessionReturningHash(ctx, db.DeleteSessionReturningHashParams{ID: id, UserID: userID})
	if err != nil {
		return nil, store.Translate(err, "session")
	}
	return digest, nil
}

func (s sqliteStorage) TouchSession(ctx context.Context, id int64, now, staleBefore time.Time) error {
	_, err := s.d.Write.TouchSession(ctx, db.TouchSessionParams{
		Now: storedTime(now), ID: id, StaleBefore: storedTime(staleBefore),
	})
	return store.Translate(err, "session")
}

// DeleteExpiredSessions is one DELETE on the single writer: two sweeps
// never overlap.
func (s sqliteStorage) DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) (int64, error) {
	n, err := s.d.Write.DeleteExpiredSessions(ctx, db.DeleteExpiredSessionsParams{Now: storedTime(now), MaxRows: int64(limit)})
	return n, store.Translate(err, "sessions")
}

func (q sqliteQueries) GetUser(ctx context.Context, id int64) (StoredUser, error) {
	u, err := q.q.GetUser(ctx, id)
	if err != nil {
		return StoredUser{}, store.Translate(err, "account")
	}
	return sqliteUser(u), nil
}

func (q sqliteQueries) GetUserByEmail(ctx context.Context, email string) (StoredUser, error) {
	u, err := q.q.GetUserByEmail(ctx, email)
	if err != nil {
		return StoredUser{}, store.Translate(err, "account")
	}
	return sqliteUser(u), nil
}

func (q sqliteQueries) UpdateUserProfile(ctx context.Context, userID int64, email, displayName string) (User, error) {
	u, err := q.q.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: userID, Email: email, DisplayName: displayName})
	if err != nil {
		return User{}, store.Translate(err, "account")
	}
	return sqliteUser(u).User, nil
}

func (q sqliteQueries) UpdateUserPassword(ctx context.Context, userID int64, hash string) error {
	_, err := q.q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{PasswordHash: hash, ID: userID})
	return store.Translate(err, "account")
}

func (q sqliteQueries) UpdateUserAccess(ctx context.Context, userID int64, role Role, active bool) (User, error) {
	u, err := q.q.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: userID, Role: string(role), Active: sqliteBool(active)})
	if err != nil {
		return User{}, store.Translate(err, "account")
	}
	return sqliteUser(u).User, nil
}

func (q sqliteQueries) ListSessions(ctx context.Context, userID, beforeID int64, now time.Time, limit int) ([]StoredSession, error) {
	rows, err := q.q.ListUserSessions(ctx, db.ListUserSessionsParams{
		UserID: userID, BeforeID: beforeID, Now: storedTime(now), MaxRows: int64(limit),
	})
	if err != nil {
		return nil, store.Translate(err, "sessions")
	}
	out := make([]StoredSession, len(rows))
	for i, r := range rows {
		out[i] = sqliteSession(r)
	}
	return out, nil
}

func (q sqliteQueries) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := q.q.DeleteUserSessions(ctx, db.DeleteUserSessionsParams{UserID: userID})
	return store.Translate(err, "sessions")
}

func sqliteUser(u db.User) StoredUser {
	return StoredUser{
		User: User{
			ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: Role(u.Role), Active: u.Active != 0,
			CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(),
		},
		PasswordHash: u.PasswordHash,
	}
}

func sqliteSession(s db.Session) StoredSession {
	return StoredSession{ID: s.ID, UserID: s.UserID, Digest: s.TokenHash, ExpiresAt: s.ExpiresAt.UTC(), LastUsedAt: s.LastUsedAt.UTC()}
}

// sqliteBool is SQLite's form of a boolean column.
func sqliteBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
