package account

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
)

// Credentials are the input of Login; ClientIP is throttled, UserAgent is
// recorded with the session.
type Credentials struct {
	Email, Password string
	ClientIP        netip.Addr
	UserAgent       string
}

// Session is a started session: its bearer token (returned only here), its
// expiry and its user.
type Session struct {
	Token     string
	ExpiresAt time.Time
	User      User
}

// Login starts a session. Attempts are throttled per client address, per
// client address on the account and, by a delay, per account (see
// throttles): 429 too_many_attempts. An unknown email, a wrong password and
// a deactivated account are the same 401 invalid_credentials after the same
// work (one argon2id verification) and count as the same failure.
func (s *Service) Login(ctx context.Context, in Credentials) (Session, error) {
	if err := s.throttles.beforeLogin(ctx, in.Email, in.ClientIP); err != nil {
		return Session{}, err
	}
	u, err := s.checkCredentials(ctx, in.Email, in.Password)
	if apperr.KindOf(err) == apperr.Unauthorized {
		s.throttles.loginFailed(in.Email, in.ClientIP)
	}
	if err != nil {
		return Session{}, err
	}
	return s.startSession(ctx, u.User, in.UserAgent)
}

// checkCredentials returns the active account of email if password is its
// password, upgrading the stored hash when its parameters are outdated.
func (s *Service) checkCredentials(ctx context.Context, email, password string) (StoredUser, error) {
	u, err := s.st.GetUserByEmail(ctx, email)
	if apperr.KindOf(err) == apperr.NotFound {
		if err := s.hasher.VerifyDummy(ctx, password); err != nil {
			return StoredUser{}, fmt.Errorf("login: %w", hashFailure(err))
		}
		return StoredUser{}, invalidCredentials()
	}
	if err != nil {
		return StoredUser{}, fmt.Errorf("login: %w", err)
	}
	needsRehash, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	switch {
	case errors.Is(err, auth.ErrMismatch):
		return StoredUser{}, invalidCredentials()
	case err != nil:
		return StoredUser{}, fmt.Errorf("login: verify password of user %d: %w", u.ID, hashFailure(err))
	case !u.Active:
		return StoredUser{}, invalidCredentials()
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
		err = s.st.UpdateUserPassword(ctx, userID, hash)
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
// (a wrong one is 403 wrong_password at "currentPassword"; wrong ones are
// throttled per user, apart from logins: 429 too_many_attempts) and revokes
// every session of the account, the caller's included.
func (s *Service) ChangePassword(ctx context.Context, userID int64, in PasswordChange) error {
	u, err := s.st.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.checkCurrentPassword(ctx, u, in.CurrentPassword); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	hash, err := s.hasher.Hash(ctx, in.NewPassword)
	if err != nil {
		return fmt.Errorf("change password of user %d: %w", u.ID, hashFailure(err))
	}
	var revoked [][]byte
	err = s.st.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateUserPassword(ctx, u.ID, hash); err != nil {
			return fmt.Errorf("change password of user %d: %w", u.ID, err)
		}
		revoked, err = revokeSessions(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		return err
	}
	s.tokens.forget(ctx, revoked)
	s.notify(SessionsRevoked, u.ID)
	return nil
}

// checkCurrentPassword is the proof a signed-in caller gives before a
// sensitive change of account u (its password or email): a password that
// is not u's is 403 wrong_password at "currentPassword" and spends one of
// the account's password-proof attempts; with none left, even the right one
// is 429 too_many_attempts until the bucket refills.
func (s *Service) checkCurrentPassword(ctx context.Context, u StoredUser, password string) error {
	if err := refused(s.throttles.passwordChange.Peek(u.ID, time.Now())); err != nil {
		return err
	}
	_, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	if errors.Is(err, auth.ErrMismatch) {
		s.throttles.passwordChange.Take(u.ID, time.Now())
		return wrongPassword()
	}
	if err != nil {
		return fmt.Errorf("verify password of user %d: %w", u.ID, hashFailure(err))
	}
	return nil
}

func wrongPassword() error {
	return &apperr.Error{Kind: apperr.Forbidden, Code: "wrong_password", Message: "the current password is wrong",
		Fields: []apperr.FieldError{{Path: "currentPassword", Message: "does not match"}}}
}
