package httpapi

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/marketpulse/api/internal/httpmw"
)

// clientInfo is what operations need of the HTTP request that ogen's typed
// handlers do not pass them: the client's address (for throttles) and its
// User-Agent (recorded with a session).
//
// It also holds the response's header map, for the only two places that
// add fields to an answer ogen writes (ogen's responses carry no headers
// of their own): the security handler, which tells the per-user rate limit
// in RateLimit-* on every call, and classify, which turns the
// *apperr.Retry cause of a 429 or 503 into Retry-After. Operations and
// domains never set headers: a refusal is an error carrying its wait, so
// nothing is lost when they are called outside the router.
type clientInfo struct {
	ip        netip.Addr
	userAgent string
	header    http.Header
	// target is the request target, which the warm path may serve when
	// warm is set (see warm.go).
	target warmKey
	warm   bool
}

type clientInfoKey struct{}

// withClientInfo is the innermost middleware, so that its header map is the
// one of the writer ogen answers on.
func withClientInfo(trusted []netip.Prefix) httpmw.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := &clientCtx{Context: r.Context(), info: clientInfo{ip: httpmw.ClientIP(r, trusted), userAgent: r.UserAgent(), header: w.Header()}}
			c.info.target, c.info.warm = warmable(r)
			next.ServeHTTP(w, r.WithContext(c))
		})
	}
}

// clientCtx is the context carrying a clientInfo, in one allocation (a
// context.WithValue of a *clientInfo would be two).
type clientCtx struct {
	context.Context
	info clientInfo
}

func (c *clientCtx) Value(key any) any {
	if key == (clientInfoKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// clientInfoFrom returns what is known of the client; outside the router (a
// handler called directly) nothing is, and the header map is nil.
func clientInfoFrom(ctx context.Context) clientInfo {
	if c, ok := ctx.Value(clientInfoKey{}).(*clientCtx); ok {
		return c.info
	}
	return clientInfo{}
}
