package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/store"
)

// GetMe implements getMe.
func (h *Handler) GetMe(ctx context.Context) (*oas.User, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	u, err := h.DB.Read.GetUser(ctx, p.UserID)
	if err != nil {
		return nil, store.Translate(err, "account")
	}
	out := toUser(u)
	return &out, nil
}

// UpdateMe implements updateMe: a new display name and/or email (unique
// whatever its case: 409 email_taken).
func (h *Handler) UpdateMe(ctx context.Context, req *oas.UserUpdate) (*oas.User, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	var out db.User
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		u, err := q.GetUser(ctx, p.UserID)
		if err != nil {
			return store.Translate(err, "account")
		}
		out, err = q.UpdateUserProfile(ctx, db.UpdateUserProfileParams{
			ID:          u.ID,
			Email:       string(req.Email.Or(oas.Email(u.Email))),
			DisplayName: string(req.DisplayName.Or(oas.DisplayName(u.DisplayName))),
		})
		if err != nil {
			return accountWriteError(err, "update account")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := toUser(out)
	return &res, nil
}

// ChangePassword implements changePassword: it needs the current password
// (attempts are throttled like logins of the account) and revokes every
// session of the account, the caller's included.
func (h *Handler) ChangePassword(ctx context.Context, req *oas.PasswordChange) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	u, err := h.DB.Read.GetUser(ctx, p.UserID)
	if err != nil {
		return store.Translate(err, "account")
	}
	if ok, wait := h.Accounts.LoginPerAccount.Allow(ctx, strings.ToLower(u.Email)); !ok {
		return tooManyAttempts(ctx, wait)
	}
	_, err = h.Accounts.Hasher.Verify(ctx, req.CurrentPassword, u.PasswordHash)
	if errors.Is(err, auth.ErrMismatch) {
		return &apperr.Error{Kind: apperr.Forbidden, Code: "wrong_password", Message: "the current password is wrong",
			Fields: []apperr.FieldError{{Path: "body/currentPassword", Message: "does not match"}}}
	}
	if err != nil {
		return fmt.Errorf("change password of user %d: %w", u.ID, err)
	}
	hash, err := h.Accounts.Hasher.Hash(ctx, string(req.NewPassword))
	if err != nil {
		return fmt.Errorf("change password of user %d: %w", u.ID, err)
	}
	var revoked [][]byte
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		if _, err := q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{PasswordHash: hash, ID: u.ID}); err != nil {
			return fmt.Errorf("change password of user %d: %w", u.ID, err)
		}
		revoked, err = revokeSessions(ctx, q, u.ID)
		return err
	})
	if err != nil {
		return err
	}
	h.tokens.forget(ctx, revoked)
	return nil
}
