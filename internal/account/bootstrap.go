package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
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
	u, err := s.db.Read.GetUserByEmail(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		return s.createAdmin(ctx, email, password)
	}
	if err != nil {
		return "", fmt.Errorf("ensure admin: %w", err)
	}
	return s.keepAdmin(ctx, u)
}

// createAdmin creates the admin account, or, when another instance (or a
// registration) created an account of that email meanwhile, treats that
// one as EnsureAdmin treats an existing account.
func (s *Service) createAdmin(ctx context.Context, email, password string) (string, error) {
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return "", fmt.Errorf("ensure admin: %w", err)
	}
	created, err := s.db.Write.CreateUser(ctx, db.CreateUserParams{Email: email, PasswordHash: hash, DisplayName: "Administrator", Role: string(RoleAdmin)})
	if err == nil {
		s.notify(UserCreated, created.ID)
		return AdminCreated, nil
	}
	if apperr.KindOf(store.Translate(err, "admin")) != apperr.Conflict {
		return "", fmt.Errorf("ensure admin: create: %w", err)
	}
	u, err := s.db.Write.GetUserByEmail(ctx, email)
	if err != nil {
		return "", fmt.Errorf("ensure admin: read the account created meanwhile: %w", err)
	}
	return s.keepAdmin(ctx, u)
}

// keepAdmin leaves the existing admin u active, and refuses an account of
// another role.
func (s *Service) keepAdmin(ctx context.Context, u db.User) (string, error) {
	if Role(u.Role) != RoleAdmin {
		return "", fmt.Errorf("user %d: %w", u.ID, ErrNotAdmin)
	}
	if u.Active == 1 {
		return AdminUnchanged, nil
	}
	if _, err := s.db.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: u.Role, Active: 1}); err != nil {
		return "", fmt.Errorf("ensure admin: reactivate user %d: %w", u.ID, err)
	}
	s.notify(AccessChanged, u.ID)
	return AdminReactivated, nil
}
