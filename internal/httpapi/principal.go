package httpapi

import (
	"context"

	"github.com/marketpulse/api/internal/apperr"
)

// Principal is who is calling, as resolved by the security handler.
type Principal struct {
	UserID  int64 // 0 for the static admin token (a machine, not a user)
	Admin   bool  // role admin, or the static admin token
	Machine bool  // authenticated with the static ADMIN_TOKEN
	// SessionID is the session the bearer token belongs to (0 for Machine).
	SessionID int64
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// principalFrom returns the caller of an operation that declares bearerAuth.
func principalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// requireUser returns the calling user, or 403 for the machine token (which
// owns no dashboards and has no account).
func requireUser(ctx context.Context) (Principal, error) {
	p, ok := principalFrom(ctx)
	if !ok {
		return Principal{}, unauthorized()
	}
	if p.UserID == 0 {
		return Principal{}, apperr.New(apperr.Forbidden, "forbidden", "this operation needs a user token")
	}
	return p, nil
}

// requireAdmin returns the caller if it is an admin user or the admin token.
func requireAdmin(ctx context.Context) (Principal, error) {
	p, ok := principalFrom(ctx)
	if !ok {
		return Principal{}, unauthorized()
	}
	if !p.Admin {
		return Principal{}, apperr.New(apperr.Forbidden, "forbidden", "this operation is for administrators")
	}
	return p, nil
}
