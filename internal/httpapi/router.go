package httpapi

import (
	"fmt"

	"log/slog"
	"net/http"

	ogenerrors "github.com/go-faster/errors"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpmw"
	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/telemetry"
)

// Router is the complete HTTP handler: the middleware stack of STYLE.md
// around the ogen server.
//
//	recover → request id → access log → security headers → CORS → body limit → rate limit (per IP) → client info → streams → warm path → ogen
//
// Calls with a user's token are also rate limited per user, by Security.
type Router struct {
	http.Handler
	limiter *httpmw.RateLimiter
	perUser *ratelimit.Store[int64]
	sec     *Security
}

// Close stops the background work of the rate limits.
func (r *Router) Close() {
	r.limiter.Close()
	r.perUser.Close()
}

// DisableErrorTraces turns off, for the whole process, the caller frames
// that ogen's decoders capture in every error, one per absent optional
// parameter: capturing them was half the CPU of a GET with a few optional
// parameters, and no one reads them (errors become problem documents
// without stacks). The service calls it once at start, before serving.
func DisableErrorTraces() { ogenerrors.DisableTrace() }

// NewRouter builds the stack around an ogen server for h.
func NewRouter(cfg config.HTTP, h *Handler, t *telemetry.Telemetry, log *slog.Logger) (*Router, error) {
	perUser := ratelimit.New[int64](cfg.UserRateLimitRPS, cfg.UserRateLimitBurst, 0, ratelimit.Approximate(h.RateLimits, "user"))
	sec := NewSecurity(h.Account, perUser, log)
	srv, err := oas.NewServer(h, h, sec,
		oas.WithErrorHandler(ErrorHandler(log)),
		oas.WithNotFound(NotFound),
		oas.WithMethodNotAllowed(MethodNotAllowed),
	)
	if err != nil {
		perUser.Close()
		return nil, fmt.Errorf("build ogen server: %w", err)
	}
	operation := func(r *http.Request) string {
		if route, ok := srv.FindPath(r.Method, r.URL); ok {
			return route.OperationID()
		}
		return ""
	}
	limiter := httpmw.NewRateLimiter(httpmw.RateLimitOptions{
		RPS: cfg.RateLimitRPS, Burst: cfg.RateLimitBurst, TrustedProxies: cfg.TrustedProxies,
		Exempt: []string{"/api/system/health", "/metrics"}, Cluster: h.RateLimits,
	})
	handler := httpmw.Chain(h.withStream(h.withWarm(srv)),
		httpmw.Recover(log),
		httpmw.RequestID(),
		httpmw.AccessLog(log, operation, t.ObserveRequest),
		httpmw.SecurityHeaders(),
		httpmw.CORS(cfg.CORSOrigins),
		httpmw.BodyLimit(cfg.MaxBodyBytes),
		httpmw.ValidUTF8(),
		limiter.Middleware,
		withClientInfo(cfg.TrustedProxies),
	)
	return &Router{Handler: handler, limiter: limiter, perUser: perUser, sec: sec}, nil
}
