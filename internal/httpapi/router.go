package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpmw"
	"github.com/marketpulse/api/internal/telemetry"
)

// Router is the complete HTTP handler: the middleware stack of STYLE.md
// around the ogen server.
//
//	recover → request id → access log → security headers → CORS → body limit → rate limit → ogen
type Router struct {
	http.Handler
	limiter *httpmw.RateLimiter
}

// Close stops the background work of the middleware.
func (r *Router) Close() { r.limiter.Close() }

// NewRouter builds the stack around an ogen server for h.
func NewRouter(cfg config.HTTP, adminToken string, h *Handler, t *telemetry.Telemetry, log *slog.Logger) (*Router, error) {
	srv, err := oas.NewServer(h, NewSecurity(adminToken),
		oas.WithErrorHandler(ErrorHandler(log)),
		oas.WithNotFound(NotFound),
		oas.WithMethodNotAllowed(MethodNotAllowed),
		oas.WithMeterProvider(t.MeterProvider),
	)
	if err != nil {
		return nil, fmt.Errorf("build ogen server: %w", err)
	}
	operation := func(r *http.Request) string {
		if route, ok := srv.FindPath(r.Method, r.URL); ok {
			return route.OperationID()
		}
		return ""
	}
	limiter := httpmw.NewRateLimiter(httpmw.RateLimitOptions{
		RPS: cfg.RateLimitRPS, Burst: cfg.RateLimitBurst, TrustProxy: cfg.TrustProxy,
		Exempt: []string{"/api/system/health", "/metrics"},
	})
	handler := httpmw.Chain(srv,
		httpmw.Recover(log),
		httpmw.RequestID(),
		httpmw.AccessLog(log, operation, t.ObserveRequest),
		httpmw.SecurityHeaders(),
		httpmw.CORS(cfg.CORSOrigins),
		httpmw.BodyLimit(cfg.MaxBodyBytes),
		limiter.Middleware,
	)
	return &Router{Handler: handler, limiter: limiter}, nil
}
