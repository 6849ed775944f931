package httpmw

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/marketpulse/api/internal/problem"
)

// Recover turns a panic into a logged 500 problem; the client never sees the
// panic value or the stack.
func Recover(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				// Recover runs outside RequestID: take the id it put on the
				// response so the log line and the problem carry it.
				ctx := problem.WithRequest(r.Context(), w.Header().Get(RequestIDHeader), r.URL.Path)
				log.ErrorContext(ctx, "panic serving request",
					"panic", v, "method", r.Method, "path", r.URL.Path,
					"request_id", problem.RequestID(ctx), "stack", string(debug.Stack()))
				problem.Write(w, problem.New(ctx, http.StatusInternalServerError, "internal", "internal error"))
			}()
			next.ServeHTTP(w, r)
		})
	}
}
