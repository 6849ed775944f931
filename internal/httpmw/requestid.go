package httpmw

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net/http"

	"github.com/marketpulse/api/internal/problem"
)

// RequestIDHeader carries the request id both ways.
const RequestIDHeader = "X-Request-ID"

// requestIDKey is RequestIDHeader in canonical form, to set it without
// canonicalising (an allocation) per request.
var requestIDKey = http.CanonicalHeaderKey(RequestIDHeader)

// RequestID accepts a sane X-Request-ID from the client or generates one,
// echoes it, and stores it (with the path) for logs and problem documents.
func RequestID() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The map is indexed by the canonical key: Header.Get would
			// canonicalise RequestIDHeader (an allocation) on every call.
			var id string
			if v := r.Header[requestIDKey]; len(v) > 0 {
				id = v[0]
			}
			var (
				ctx  context.Context
				echo []string // the header value, shared with the context
			)
			if validRequestID(id) {
				ctx, echo = problem.WithRequestHeader(r.Context(), id, r.URL.Path)
			} else {
				ctx, echo = problem.WithNewRequest(r.Context(), newRequestID(), r.URL.Path)
			}
			w.Header()[requestIDKey] = echo
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// validRequestID allows 1–64 characters of [A-Za-z0-9._:-], so an id can be
// logged and echoed without escaping.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := range len(id) {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits, sent in hex. A request id must be
// unique, not secret: the runtime's ChaCha8 generator (math/rand/v2, seeded
// from the OS) gives that without crypto/rand's system call per request.
func newRequestID() [16]byte {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	return b
}
