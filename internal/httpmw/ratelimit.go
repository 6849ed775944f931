package httpmw

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/maypok86/otter/v2"
	"golang.org/x/time/rate"

	"github.com/marketpulse/api/internal/problem"
)

// RateLimitOptions configure RateLimit.
type RateLimitOptions struct {
	RPS        float64 // sustained requests per second per client
	Burst      int     // bucket size
	TrustProxy bool    // client address from the first X-Forwarded-For entry
	MaxClients int     // clients tracked at once; the least active are forgotten first
	// Exempt paths (health probes, metrics scrapes) are never limited.
	Exempt []string
}

// RateLimiter applies a token bucket per client address. Allowed responses
// carry RateLimit-Limit/-Remaining/-Reset; refused ones get 429 with
// Retry-After. Close stops its background clean-up.
type RateLimiter struct {
	Middleware Middleware
	buckets    *otter.Cache[string, *rate.Limiter]
}

// Close stops the goroutines of the bucket store.
func (l *RateLimiter) Close() { l.buckets.StopAllGoroutines() }

// NewRateLimiter builds the per-client rate limiter.
func NewRateLimiter(opts RateLimitOptions) *RateLimiter {
	if opts.MaxClients <= 0 {
		opts.MaxClients = 100_000
	}
	// A bucket idle for longer than it takes to refill is as good as new.
	idle := time.Duration(float64(opts.Burst)/opts.RPS*float64(time.Second)) + time.Minute
	buckets := otter.Must(&otter.Options[string, *rate.Limiter]{
		MaximumSize:      opts.MaxClients,
		ExpiryCalculator: otter.ExpiryAccessing[string, *rate.Limiter](idle),
	})
	newBucket := otter.LoaderFunc[string, *rate.Limiter](func(context.Context, string) (*rate.Limiter, error) {
		return rate.NewLimiter(rate.Limit(opts.RPS), opts.Burst), nil
	})
	exempt := make(map[string]bool, len(opts.Exempt))
	for _, p := range opts.Exempt {
		exempt[p] = true
	}
	limit := strconv.Itoa(opts.Burst)

	mw := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if exempt[r.URL.Path] {
				next.ServeHTTP(w, r)
				return
			}
			ctx := r.Context()
			b, _ := buckets.Get(ctx, clientKey(r, opts.TrustProxy), newBucket) // the loader never fails
			now := time.Now()
			res := b.ReserveN(now, 1)
			h := w.Header()
			h.Set("RateLimit-Limit", limit)
			if delay := res.DelayFrom(now); delay > 0 {
				res.CancelAt(now)
				secs := strconv.Itoa(int(math.Ceil(delay.Seconds())))
				h.Set("RateLimit-Remaining", "0")
				h.Set("RateLimit-Reset", secs)
				h.Set("Retry-After", secs)
				problem.Write(w, problem.New(ctx, http.StatusTooManyRequests, "rate_limited",
					"too many requests: retry after "+secs+" s"))
				return
			}
			remaining := int(b.TokensAt(now))
			h.Set("RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
			h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil(float64(opts.Burst-remaining)/opts.RPS))))
			next.ServeHTTP(w, r)
		})
	}
	return &RateLimiter{Middleware: mw, buckets: buckets}
}

// clientKey identifies the client: its IP address, or with trustProxy the
// first address of X-Forwarded-For.
func clientKey(r *http.Request, trustProxy bool) string {
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
