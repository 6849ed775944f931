package httpmw

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/ratelimit"
)

// RateLimitOptions configure RateLimit.
type RateLimitOptions struct {
	RPS        float64 // sustained requests per second per client
	Burst      int     // bucket size
	TrustProxy bool    // client address from the first X-Forwarded-For entry
	MaxClients int     // clients tracked at once; beyond, new clients share one bucket
	// Exempt paths (health probes, metrics scrapes) are never limited.
	Exempt []string
}

// RateLimiter applies a token bucket per client address. Allowed responses
// carry RateLimit-Limit/-Remaining/-Reset; refused ones get 429 with
// Retry-After. Close stops its background clean-up.
type RateLimiter struct {
	Middleware Middleware
	buckets    *ratelimit.Store[string]
}

// Close stops the goroutines of the bucket store.
func (l *RateLimiter) Close() { l.buckets.Close() }

// NewRateLimiter builds the per-client rate limiter.
func NewRateLimiter(opts RateLimitOptions) *RateLimiter {
	buckets := ratelimit.New[string](opts.RPS, opts.Burst, opts.MaxClients)
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
			d := buckets.Take(ClientIP(r, opts.TrustProxy), time.Now())
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

// ClientIP identifies the client: its IP address, or with trustProxy the
// first address of X-Forwarded-For.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
