package httpapi

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/marketpulse/api/gen/oas"
)

// CheckToken runs the router's security handler on token, as ogen does
// before an operation that declares bearerAuth.
func (r *Router) CheckToken(ctx context.Context, token string) (context.Context, error) {
	return r.sec.HandleBearerAuth(ctx, oas.GetMeOperation, oas.BearerAuth{Token: token})
}

// WithResponseHeader is the context the router's client-info middleware
// gives a request whose response headers are h.
func WithResponseHeader(ctx context.Context, h http.Header) context.Context {
	return context.WithValue(ctx, clientInfoKey{}, &clientInfo{header: h, ip: netip.MustParseAddr("192.0.2.1")})
}

// WarmServed is how many requests the warm path has answered.
func (h *Handler) WarmServed() uint64 { return h.warm.served.Load() }
