package httpapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/ratelimit"
)

// Security resolves bearer tokens for the operations that need one, through
// account, and rate limits authenticated users, per user.
type Security struct {
	accounts *account.Service
	perUser  *ratelimit.Store[int64]
	log      *slog.Logger
}

var _ oas.SecurityHandler = (*Security)(nil)

// NewSecurity checks bearer tokens with accounts; users get perUser's rate
// limit.
func NewSecurity(accounts *account.Service, perUser *ratelimit.Store[int64], log *slog.Logger) *Security {
	return &Security{accounts: accounts, perUser: perUser, log: log}
}

// HandleBearerAuth puts the caller's Principal in the context. Every way a
// token can be wrong is the same 401 unauthorized; only a database failure
// differs (503). Users' calls tell the per-user limit in RateLimit-*; a
// user over it gets 429 rate_limited, whose headers classify sets.
func (s *Security) HandleBearerAuth(ctx context.Context, _ oas.OperationName, t oas.BearerAuth) (context.Context, error) {
	now := time.Now()
	p, err := s.accounts.ResolveToken(ctx, t.Token, now)
	if err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			s.log.ErrorContext(ctx, "resolve bearer token", "err", err, "request_id", problem.RequestID(ctx))
			return ctx, &apperr.Error{Kind: apperr.Unavailable, Code: "unavailable",
				Message: "the token cannot be checked now, retry shortly"}
		}
		return ctx, err
	}
	if !p.Machine {
		d := s.perUser.Take(p.UserID, now)
		if !d.OK {
			return ctx, d.Err()
		}
		if h := clientInfoFrom(ctx).header; h != nil {
			d.SetHeaders(h)
		}
	}
	return withPrincipal(ctx, p), nil
}
