package httpmw

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/problem"
)

// Observer receives one call per finished request, e.g. to record metrics.
type Observer func(ctx context.Context, operation, method string, status int, d time.Duration)

// Request is one access line.
type Request struct {
	Method, Path, Operation, RequestID string
	Status                             int
	Duration                           time.Duration
	Bytes                              int64
}

// RequestLogger is a slog.Handler that writes access lines faster than
// slog's API can (no attribute values, no reflection), in the same format.
// LogRequest reports false when it cannot write r exactly as slog would
// (e.g. a path that needs escaping): the line then goes through slog.
type RequestLogger interface {
	LogRequest(level slog.Level, r Request) bool
}

// AccessLog logs one structured line per request and reports it to observe.
// operation names the matched OpenAPI operation ("" when none matched).
// When log's handler is a RequestLogger, lines take its fast path.
func AccessLog(log *slog.Logger, operation func(*http.Request) string, observe Observer) Middleware {
	fast, _ := log.Handler().(RequestLogger)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := recorders.Get().(*recorder)
			rec.ResponseWriter = w
			next.ServeHTTP(rec, r)
			d := time.Since(start)
			status, bytes := rec.status, rec.bytes
			*rec = recorder{}
			recorders.Put(rec)
			if status == 0 {
				status = http.StatusOK
			}
			op := operation(r)
			if op == "" {
				op = "unknown"
			}
			if observe != nil {
				observe(r.Context(), op, r.Method, status, d)
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			ctx := r.Context()
			if !log.Enabled(ctx, level) {
				return
			}
			id := problem.RequestID(ctx)
			if fast != nil && fast.LogRequest(level, Request{
				Method: r.Method, Path: r.URL.Path, Operation: op, RequestID: id,
				Status: status, Duration: d, Bytes: bytes,
			}) {
				return
			}
			log.LogAttrs(ctx, level, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("operation", op),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000),
				slog.Int64("bytes", bytes),
				slog.String("request_id", id),
			)
		})
	}
}

// recorders reuses the writers of finished requests: nothing keeps a
// request's writer once its handler has returned (net/http forbids using it
// after), so the access log needs no allocation of its own.
var recorders = sync.Pool{New: func() any { return new(recorder) }}

// recorder remembers the status and counts the bytes of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
