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
