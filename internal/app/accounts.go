package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"go.uber.org/fx"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/store"
)

// newAccounts builds the password hasher and the login throttles.
func newAccounts(lc fx.Lifecycle, cfg config.Config) (*httpapi.Accounts, error) {
	a, err := httpapi.NewAccounts(cfg.Auth)
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(a.Close))
	return a, nil
}

// ensureAdmin makes ADMIN_EMAIL an active admin at start, before the
// listener serves, when ADMIN_EMAIL and ADMIN_PASSWORD are set.
func ensureAdmin(lc fx.Lifecycle, cfg config.Config, d *store.DB, a *httpapi.Accounts, log *slog.Logger) {
	if cfg.Auth.AdminEmail == "" || cfg.Auth.AdminPassword == "" {
		return
	}
	lc.Append(fx.StartHook(func(ctx context.Context) error {
		outcome, err := EnsureAdmin(ctx, d, a.Hasher, cfg.Auth.AdminEmail, cfg.Auth.AdminPassword)
		if err != nil {
			return err
		}
		log.Info("admin account", "email", cfg.Auth.AdminEmail, "outcome", outcome)
		return nil
	}))
}

// Outcomes of EnsureAdmin.
const (
	AdminCreated   = "created"
	AdminPromoted  = "promoted"
	AdminUnchanged = "unchanged"
)

// EnsureAdmin creates the admin account email with password, or makes an
// existing account of that email (any case) an active admin. It never
// changes an existing account's password, so running it again is a no-op.
func EnsureAdmin(ctx context.Context, d *store.DB, h *auth.Hasher, email, password string) (string, error) {
	u, err := d.Read.GetUserByEmail(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		hash, err := h.Hash(ctx, password)
		if err != nil {
			return "", fmt.Errorf("ensure admin: %w", err)
		}
		_, err = d.Write.CreateUser(ctx, db.CreateUserParams{Email: email, PasswordHash: hash, DisplayName: "Administrator", Role: "admin"})
		if err == nil {
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
	if u.Role == "admin" && u.Active == 1 {
		return AdminUnchanged, nil
	}
	if _, err := d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "admin", Active: 1}); err != nil {
		return "", fmt.Errorf("ensure admin: promote user %d: %w", u.ID, err)
	}
	return AdminPromoted, nil
}
