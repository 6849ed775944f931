package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
)

// GetMe implements getMe.
func (h *Handler) GetMe(ctx context.Context) (*oas.User, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	u, err := h.Account.Me(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	out := toUser(u)
	return &out, nil
}

// UpdateMe implements updateMe.
func (h *Handler) UpdateMe(ctx context.Context, req *oas.UserUpdate) (*oas.User, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	var patch account.ProfilePatch
	if v, ok := req.Email.Get(); ok {
		patch.Email = new(string(v))
	}
	if v, ok := req.DisplayName.Get(); ok {
		patch.DisplayName = new(string(v))
	}
	patch.CurrentPassword = req.CurrentPassword.Or("")
	u, err := h.Account.UpdateProfile(ctx, p.UserID, patch)
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	out := toUser(u)
	return &out, nil
}

// ChangePassword implements changePassword.
func (h *Handler) ChangePassword(ctx context.Context, req *oas.PasswordChange) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	err = h.Account.ChangePassword(ctx, p.UserID, account.PasswordChange{
		CurrentPassword: req.CurrentPassword, NewPassword: string(req.NewPassword),
	})
	return apperr.Within(err, "body")
}
