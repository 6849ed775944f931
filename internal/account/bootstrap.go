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
	AdminCreated   = "created"
	AdminPromoted  = "promoted"
	AdminUnchanged = "unchanged"
)

// EnsureAdmin creates the admin account email with password, or makes an
// existing account of that email (any case) an active admin. It never
// changes an existing account's password, so running it again is a no-op.
// It returns what it did: AdminCreated, AdminPromoted or AdminUnchanged.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (string, error) {
	d := s.db
	u, err := d.Read.GetUserByEmail(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		hash, err := s.hasher.Hash(ctx, password)
		if err != nil {
			return "", fmt.Errorf("ensure admin: %w", err)
		}
		created, err := d.Write.CreateUser(ctx, db.CreateUserParams{Email: email, PasswordHash: hash, DisplayName: "Administrator", Role: string(RoleAdmin)})
		if err == nil {
			s.notify(UserCreated, created.ID)
			return AdminCreated, nil
		}
		if apperr.KindOf(store.Translate(err, "admin")) != apperr.Conflict {
			return "", fmt.Errorf("ensure admin: create: %w", err)
		}
		// Another instance created it meanwhile: promote what is there.
		u, err = d.Write.GetUserByEmail(ctx, email)
	}
	if err != nil {
		return "", fmt.Errorf("ensure admin: %w", err)
	}
	if Role(u.Role) == RoleAdmin && u.Active == 1 {
		return AdminUnchanged, nil
	}
	if _, err := d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: string(RoleAdmin), Active: 1}); err != nil {
		return "", fmt.Errorf("ensure admin: promote user %d: %w", u.ID, err)
	}
	s.notify(AccessChanged, u.ID)
	return AdminPromoted, nil
}
