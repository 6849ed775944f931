package httpapi

import (
	"context"

	"github.com/marketpulse/api/internal/account"
)

// Principal is who is calling, as resolved by the security handler. What a
// principal may do is account's rule.
type Principal = account.Principal

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
		return Principal{}, account.ErrUnauthorized
	}
	if err := p.RequireUser(); err != nil {
		return Principal{}, err
	}
	return p, nil
}

// requireAdmin returns the caller if it is an admin user or the admin token.
func requireAdmin(ctx context.Context) (Principal, error) {
	p, ok := principalFrom(ctx)
	if !ok {
		return Principal{}, account.ErrUnauthorized
	}
	if err := p.RequireAdmin(); err != nil {
		return Principal{}, err
	}
	return p, nil
}
