package problem

import (
	"context"
	"fmt"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
)

// BodyTooLarge is the 413 of a request body above limit bytes, whether the
// middleware saw it in Content-Length or the decoder hit the cap.
func BodyTooLarge(ctx context.Context, limit int64) *oas.ProblemStatusCode {
	return New(ctx, http.StatusRequestEntityTooLarge, "body_too_large",
		fmt.Sprintf("request body must be at most %d bytes", limit))
}

// TooManyRequests is the 429 of a caller over a rate limit or throttle,
// code saying which ("rate_limited", "too_many_attempts"), retryAfter the
// whole seconds also sent as Retry-After.
func TooManyRequests(ctx context.Context, code, retryAfter string) *oas.ProblemStatusCode {
	return New(ctx, http.StatusTooManyRequests, code, "too many "+tooManyWhat(code)+": retry after "+retryAfter+" s")
}

func tooManyWhat(code string) string {
	if code == "too_many_attempts" {
		return "attempts"
	}
	return "requests"
}
