package httpmw

import (
	"net/http"
	"net/netip"
	"time"

	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/ratelimit"
)

// RateLimitOptions configure RateLimit.
type RateLimitOptions struct {
	RPS        float64 // sustained requests per second per client
	Burst      int     // bucket size
	MaxClients int     // clients tracked at once; beyond, new clients share one bucket
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// (see ClientIP).
	TrustedProxies []netip.Prefix
	// Exempt paths (health probes, metrics scrapes) are never limited.
	Exempt []string
	// Cluster, when set, shares the limit with the other instances
	// (ratelimit.Approximate: no round trip per request).
	Cluster *ratelimit.Cluster
}

// RateLimiter applies a token bucket per client address. Allowed responses
// carry RateLimit-Limit/-Remaining/-Reset; refused ones get 429 with
// Retry-After. Close stops its background clean-up.
type RateLimiter struct {
	Middleware Middleware
	buckets    *ratelimit.Store[netip.Addr]
}

// Close stops the goroutines of the bucket store.
func (l *RateLimiter) Close() { l.buckets.Close() }

// NewRateLimiter builds the per-client rate limiter.
func NewRateLimiter(opts RateLimitOptions) *RateLimiter {
	buckets := ratelimit.New[netip.Addr](opts.RPS, opts.Burst, opts.MaxClients, ratelimit.Approximate(opts.Cluster, "ip"))
	exempt := make(map[string]bool, len(opts.Exempt))
	for _, p := range opts.Exempt {
		exempt[p] = true
	}
	mw := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if exempt[r.URL.Path] {
				next.ServeHTTP(w, r)
				return
			}
			d := buckets.Take(ClientIP(r, opts.TrustedProxies), time.Now())
			d.SetHeaders(w.Header())
			if !d.OK {
				problem.Write(w, problem.FromError(r.Context(), d.Err()))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	return &RateLimiter{Middleware: mw, buckets: buckets}
}
