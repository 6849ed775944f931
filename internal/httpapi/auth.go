package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
)

// Register implements register.
func (h *Handler) Register(ctx context.Context, req *oas.RegisterRequest) (*oas.User, error) {
	u, err := h.Account.Register(ctx, account.Registration{
		Email: string(req.Email), Password: string(req.Password), DisplayName: string(req.DisplayName),
		ClientIP: clientInfoFrom(ctx).ip,
	})
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	out := toUser(u)
	return &out, nil
}

// Login implements login.
func (h *Handler) Login(ctx context.Context, req *oas.LoginRequest) (*oas.Session, error) {
	c := clientInfoFrom(ctx)
	s, err := h.Account.Login(ctx, account.Credentials{
		Email: req.Email, Password: req.Password, ClientIP: c.ip, UserAgent: c.userAgent,
	})
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return &oas.Session{Token: s.Token, ExpiresAt: s.ExpiresAt, User: toUser(s.User)}, nil
}

// Logout implements logout.
func (h *Handler) Logout(ctx context.Context) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	return h.Account.Logout(ctx, p)
}
