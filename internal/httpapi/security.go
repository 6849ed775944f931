package httpapi

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/httpmw"
	"github.com/marketpulse/api/internal/problem"
)

// Security resolves bearer tokens for the operations that need one: the
// static ADMIN_TOKEN (a machine with admin rights) or a user's session token.
// Authenticated users are rate limited here, per user.
type Security struct {
	adminDigest  [32]byte
	adminEnabled bool
	tokens       *tokens
	perUser      *httpmw.Buckets[int64]
	log          *slog.Logger
}

var _ oas.SecurityHandler = (*Security)(nil)

// NewSecurity checks bearer tokens: adminToken (empty disables it) and the
// session tokens of h's users, who get perUser's rate limit.
func NewSecurity(adminToken string, h *Handler, perUser *httpmw.Buckets[int64]) *Security {
	s := &Security{adminEnabled: adminToken != "", tokens: h.tokens, perUser: perUser, log: h.Log}
	if s.adminEnabled {
		s.adminDigest = auth.Digest(adminToken)
	}
	return s
}

// HandleBearerAuth puts the caller's Principal in the context. Every way a
// token can be wrong (malformed, unknown, expired, revoked, inactive user)
// is the same 401 unauthorized; only a database failure differs (503). The
// admin token is compared by digest in constant time, so neither its length
// nor its prefix leaks through timing. A user over their rate limit gets 429
// rate_limited, with the headers set through the exchange.
func (s *Security) HandleBearerAuth(ctx context.Context, _ oas.OperationName, t oas.BearerAuth) (context.Context, error) {
	digest := auth.Digest(t.Token)
	if s.adminEnabled && subtle.ConstantTimeCompare(digest[:], s.adminDigest[:]) == 1 {
		return withPrincipal(ctx, Principal{Admin: true, Machine: true}), nil
	}
	if !auth.LooksLikeToken(t.Token) {
		return ctx, unauthorized()
	}
	now := time.Now()
	e, err := s.tokens.resolve(ctx, digest, now)
	if err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			s.log.ErrorContext(ctx, "resolve bearer token", "err", err, "request_id", problem.RequestID(ctx))
			return ctx, &apperr.Error{Kind: apperr.Unavailable, Code: "unavailable",
				Message: "the token cannot be checked now, retry shortly"}
		}
		return ctx, err
	}
	if ok, secs := s.perUser.Take(e.UserID, now, exchangeFrom(ctx).header); !ok {
		return ctx, apperr.New(apperr.TooManyRequests, "rate_limited", "too many requests: retry after %s s", secs)
	}
	return withPrincipal(ctx, Principal{UserID: e.UserID, Admin: e.Admin, SessionID: e.SessionID}), nil
}

// close waits for background work.
func (s *Security) close() { s.tokens.close() }

func unauthorized() error {
	return apperr.New(apperr.Unauthorized, "unauthorized", "a valid bearer token is required")
}
