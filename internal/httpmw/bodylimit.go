package httpmw

import (
	"net/http"

	"github.com/marketpulse/api/internal/problem"
)

// BodyLimit rejects a declared Content-Length above max with 413 and caps
// the bytes read from any body at max (the decoder then fails with
// *http.MaxBytesError, which the error handler also answers with 413).
func BodyLimit(max int64) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				problem.Write(w, problem.BodyTooLarge(r.Context(), max))
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}
