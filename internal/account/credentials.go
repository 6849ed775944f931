package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/store"
)

// Credentials are the input of Login; ClientIP is throttled, UserAgent is
// recorded with the session.
type Credentials struct {
	Email, Password     string
	ClientIP, UserAgent string
}

// Session is a started session: its bearer token (returned only here), its
// expiry and its user.
type Session struct {
	Token     string
	ExpiresAt time.Time
	User      User
}

// Login starts a session. Attempts are throttled per client address and
// per account (429 too_many_attempts); an unknown email, a wrong password
// and a deactivated account are the same 401 invalid_credentials after the
// same work (one argon2id verification).
func (s *Service) Login(ctx context.Context, in Credentials) (Session, error) {
	if err := throttle(s.loginPerIP, in.ClientIP); err != nil {
		return Session{}, err
	}
	if err := throttle(s.loginPerAccount, loginKey(in.Email)); err != nil {
		return Session{}, err
	}
	u, err := s.checkCredentials(ctx, in.Email, in.Password)
	if err != nil {
		return Session{}, err
	}
	return s.startSession(ctx, userOf(u), in.UserAgent)
}

// checkCredentials returns the active account of email if password is its
// password, upgrading the stored hash when its parameters are outdated.
func (s *Service) checkCredentials(ctx context.Context, email, password string) (db.User, error) {
	u, err := s.db.Read.GetUserByEmail(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.hasher.VerifyDummy(ctx, password); err != nil {
			return db.User{}, fmt.Errorf("login: %w", hashFailure(err))
		}
		return db.User{}, invalidCredentials()
	}
	if err != nil {
		return db.User{}, fmt.Errorf("login: %w", store.Translate(err, "account"))
	}
	needsRehash, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	switch {
	case errors.Is(err, auth.ErrMismatch):
		return db.User{}, invalidCredentials()
	case err != nil:
		return db.User{}, fmt.Errorf("login: verify password of user %d: %w", u.ID, hashFailure(err))
	case u.Active == 0:
		return db.User{}, invalidCredentials()
	}
	if needsRehash {
		s.rehash(ctx, u.ID, password)
	}
	return u, nil
}

// rehash stores password with the current parameters. Failing only delays
// the upgrade to the next login, so it is logged, not returned.
func (s *Service) rehash(ctx context.Context, userID int64, password string) {
	hash, err := s.hasher.Hash(ctx, password)
	if err == nil {
		_, err = s.db.Write.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{PasswordHash: hash, ID: userID})
	}
	if err != nil {
		s.log.WarnContext(ctx, "upgrade password hash", "user_id", userID, "err", err)
	}
}

func invalidCredentials() error {
	return apperr.New(apperr.Unauthorized, "invalid_credentials", "the email or password is wrong")
}

// PasswordChange is the input of ChangePassword.
type PasswordChange struct {
	CurrentPassword, NewPassword string
}

// ChangePassword sets userID's password. It needs the current password
// (attempts count against the account's login throttle; a wrong one is 403
// wrong_password at "currentPassword") and revokes every session of the
// account, the caller's included.
func (s *Service) ChangePassword(ctx context.Context, userID int64, in PasswordChange) error {
	u, err := s.db.Read.GetUser(ctx, userID)
	if err != nil {
		return store.Translate(err, "account")
	}
	if err := throttle(s.loginPerAccount, loginKey(u.Email)); err != nil {
		return err
	}
	_, err = s.hasher.Verify(ctx, in.CurrentPassword, u.PasswordHash)
	if errors.Is(err, auth.ErrMismatch) {
		return &apperr.Error{Kind: apperr.Forbidden, Code: "wrong_password", Message: "the current password is wrong",
			Fields: []apperr.FieldError{{Path: "currentPassword", Message: "does not match"}}}
	}
	if err != nil {
		return fmt.Errorf("change password of user %d: %w", u.ID, hashFailure(err))
	}
	hash, err := s.hasher.Hash(ctx, in.NewPassword)
	if err != nil {
		return fmt.Errorf("change password of user %d: %w", u.ID, hashFailure(err))
	}
	var revoked [][]byte
	err = s.db.InTx(ctx, func(q *db.Queries) error {
		if _, err := q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{PasswordHash: hash, ID: u.ID}); err != nil {
			return fmt.Errorf("change password of user %d: %w", u.ID, err)
		}
		revoked, err = revokeSessions(ctx, q, u.ID)
		return err
	})
	if err != nil {
		return err
	}
	s.tokens.forget(ctx, revoked)
	s.notify(SessionsRevoked, u.ID)
	return nil
}
