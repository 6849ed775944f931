package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/marketpulse/api/internal/apperr"
)

// Outcomes of EnsureAdmin.
const (
	AdminCreated     = "created"
	AdminReactivated = "reactivated"
	AdminUnchanged   = "unchanged"
)

// ErrNotAdmin is the error of EnsureAdmin when the account of the admin
// email exists and is not an admin: the bootstrap never promotes, since
// anyone may have registered that email or changed theirs to it.
var ErrNotAdmin = errors.New("the account of that email is not an admin, and the bootstrap never promotes an account")

// EnsureAdmin creates the admin account email with password if no account
// has that email (any case). An existing admin is left as it is, except
// that a deactivated one is reactivated; an existing account of another
// role is refused with ErrNotAdmin (promote it explicitly, or choose
// another email). It never changes an existing account's password, so
// running it again is a no-op. It returns what it did: AdminCreated,
// AdminReactivated or AdminUnchanged.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (string, error) {
	u, err := s.st.GetUserByEmail(ctx, email)
	if apperr.KindOf(err) == apperr.NotFound {
		return s.createAdmin(ctx, email, password)
	}
	if err != nil {
		return "", fmt.Errorf("ensure admin: %w", err)
	}
	return s.keepAdmin(ctx, u.User)
}

// createAdmin creates the admin account, or, when another instance (or a
// registration) created an account of that email meanwhile, treats that
// one as EnsureAdmin treats an existing account.
func (s *Service) createAdmin(ctx context.Context, email, password string) (string, error) {
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return "", fmt.Errorf("ensure admin: %w", err)
	}
	created, err := s.st.CreateUser(ctx, NewUser{Email: email, PasswordHash: hash, DisplayName: "Administrator", Role: RoleAdmin})
	if err == nil {
		s.notify(UserCreated, created.ID)
		return AdminCreated, nil
	}
	if apperr.KindOf(err) != apperr.Conflict {
		return "", fmt.Errorf("ensure admin: create: %w", err)
	}
	// Read in a write transaction: on SQLite that is the writer, which has
	// seen the account the read pool may not have yet.
	var u User
	err = s.st.InTx(ctx, func(tx Tx) error {
		found, err := tx.GetUserByEmail(ctx, email)
		u = found.User
		return err
	})
	if err != nil {
		return "", fmt.Errorf("ensure admin: read the account created meanwhile: %w", err)
	}
	return s.keepAdmin(ctx, u)
}

// keepAdmin leaves the existing admin u active, and refuses an account of
// another role.
func (s *Service) keepAdmin(ctx context.Context, u User) (string, error) {
	if u.Role != RoleAdmin {
		return "", fmt.Errorf("user %d: %w", u.ID, ErrNotAdmin)
	}
	if u.Active {
		return AdminUnchanged, nil
	}
	if _, err := s.st.UpdateUserAccess(ctx, u.ID, u.Role, true); err != nil {
		return "", fmt.Errorf("ensure admin: reactivate user %d: %w", u.ID, err)
	}
	s.notify(AccessChanged, u.ID)
	return AdminReactivated, nil
}
