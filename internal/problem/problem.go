// Package problem builds and writes RFC 9457 problem documents. It is the one
// place that maps an error kind to an HTTP status, for handler errors,
// ogen's decoding errors and the middleware alike.
package problem

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
)

// TypeBase prefixes every problem type URI.
const TypeBase = "https://marketpulse.dev/problems/"

// New builds a problem for status with a stable code and a client-safe detail;
// detail and the request path are cut to the spec's bounds (see Bound).
func New(ctx context.Context, status int, code, detail string) *oas.ProblemStatusCode {
	p := &oas.ProblemStatusCode{
		StatusCode: status,
		Response: oas.Problem{
			Type:      TypeBase + code,
			Title:     http.StatusText(status),
			Status:    int32(status),
			Code:      code,
			RequestId: RequestID(ctx),
		},
	}
	if detail != "" {
		p.Response.Detail = oas.NewOptString(detail)
	}
	if path := instance(ctx); path != "" {
		p.Response.Instance = oas.NewOptString(path)
	}
	return Bound(p)
}

// FromError classifies err. Internal errors get a generic detail: their text
// may hold anything and is for the logs only.
func FromError(ctx context.Context, err error) *oas.ProblemStatusCode {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind == apperr.Internal {
		return New(ctx, http.StatusInternalServerError, "internal", "internal error")
	}
	p := New(ctx, Status(ae.Kind), ae.Code, ae.Message)
	for _, f := range ae.Fields {
		p.Response.Errors = append(p.Response.Errors, oas.FieldError{Pointer: "/" + f.Path, Message: f.Message})
	}
	return Bound(p)
}

// Status maps an error kind to its HTTP status.
func Status(k apperr.Kind) int {
	switch k {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	case apperr.PreconditionFailed:
		return http.StatusPreconditionFailed
	case apperr.Unprocessable:
		return http.StatusUnprocessableEntity
	case apperr.TooManyRequests:
		return http.StatusTooManyRequests
	case apperr.InsufficientStorage:
		return http.StatusInsufficientStorage
	default:
		return http.StatusInternalServerError
	}
}

// Write sends p as application/problem+json.
func Write(w http.ResponseWriter, p *oas.ProblemStatusCode) {
	e := jx.GetEncoder()
	defer jx.PutEncoder(e)
	Bound(p).Response.Encode(e)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.StatusCode)
	_, _ = w.Write(e.Bytes())
}
