package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/httpmw"
)

// The exchange is what an operation may need from the HTTP exchange that
// ogen's typed handlers do not give it: the client address (for throttles),
// the User-Agent (recorded with a session) and the response headers.
//
// It is the one way operations and the security handler add response
// headers, such as Retry-After and RateLimit-* on a 429: ogen's error
// responses (NewError → *oas.ProblemStatusCode) carry no headers, but ogen
// writes its response to the same http.ResponseWriter whose header map the
// exchange holds, so headers set there before returning are sent with the
// problem (or the success response).
type exchange struct {
	header    http.Header
	clientIP  string
	userAgent string
}

type exchangeKey struct{}

// withExchange is the innermost middleware, so that its header map is the one
// of the writer ogen answers on.
func withExchange(trustProxy bool) httpmw.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			x := &exchange{header: w.Header(), clientIP: httpmw.ClientIP(r, trustProxy), userAgent: r.UserAgent()}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x)))
		})
	}
}

// exchangeFrom returns the exchange of the request; outside the router (a
// handler called directly) headers go nowhere and the client is unknown.
func exchangeFrom(ctx context.Context) *exchange {
	if x, ok := ctx.Value(exchangeKey{}).(*exchange); ok {
		return x
	}
	return &exchange{header: http.Header{}}
}

// tooManyAttempts refuses a throttled login or registration.
func tooManyAttempts(ctx context.Context, retryAfter time.Duration) error {
	secs := strconv.Itoa(max(int((retryAfter+time.Second-1)/time.Second), 1))
	exchangeFrom(ctx).header.Set("Retry-After", secs)
	return apperr.New(apperr.TooManyRequests, "too_many_attempts", "too many attempts: retry after %s s", secs)
}
