package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/ogen-go/ogen/ogenerrors"
	"github.com/ogen-go/ogen/validate"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/ratelimit"
)

// NewError turns an error returned by an operation (or by ogen's security
// check, which also ends here) into a problem document.
func (h *Handler) NewError(ctx context.Context, err error) *oas.ProblemStatusCode {
	return problem.Bound(classify(ctx, h.Log, err))
}

// ErrorHandler answers ogen's own errors (decoding, validation, security) in
// the same problem shape as handler errors.
func ErrorHandler(log *slog.Logger) ogenerrors.ErrorHandler {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, err error) {
		problem.Write(w, classify(ctx, log, err))
	}
}

// classify is the one place that turns any error into a problem. Internal
// errors are logged here, once, with the request id; the client only learns
// "internal error".
func classify(ctx context.Context, log *slog.Logger, err error) *oas.ProblemStatusCode {
	var (
		maxBytes *http.MaxBytesError
		ctErr    *validate.InvalidContentTypeError
		secErr   *ogenerrors.SecurityError
		params   *ogenerrors.DecodeParamsError
		body     *ogenerrors.DecodeBodyError
		req      *ogenerrors.DecodeRequestError
		ae       *apperr.Error
	)
	switch {
	case errors.As(err, &ae) && ae.Kind != apperr.Internal:
		if ae.Kind == apperr.TooManyRequests || ae.Kind == apperr.Unavailable {
			setRetryHeaders(ctx, err)
		}
		return problem.FromError(ctx, err)
	case errors.As(err, &maxBytes):
		return problem.BodyTooLarge(ctx, maxBytes.Limit)
	case errors.As(err, &ctErr):
		return problem.New(ctx, http.StatusUnsupportedMediaType, "unsupported_media_type",
			"Content-Type must be application/json")
	case errors.As(err, &secErr):
		return problem.New(ctx, http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
	case errors.As(err, &params):
		p := problem.New(ctx, http.StatusBadRequest, "invalid_parameter", "a request parameter is invalid")
		p.Response.Errors = paramErrors(params)
		return p
	case errors.Is(err, validate.ErrBodyRequired):
		return problem.New(ctx, http.StatusBadRequest, "invalid_body", "a request body is required")
	case errors.As(err, &body), errors.As(err, &req):
		p := problem.New(ctx, http.StatusBadRequest, "invalid_body", "the request body is not valid JSON for this operation")
		p.Response.Errors = bodyErrors(err)
		return p
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		return problem.New(ctx, 499, "client_closed_request", "client closed the request")
	}
	code := ogenerrors.ErrorCode(err)
	if code >= http.StatusInternalServerError {
		log.ErrorContext(ctx, "request failed", "err", err, "request_id", problem.RequestID(ctx))
		return problem.New(ctx, http.StatusInternalServerError, "internal", "internal error")
	}
	return problem.New(ctx, code, strings.ToLower(strings.ReplaceAll(http.StatusText(code), " ", "_")), "")
}

// retryHeaders is the cause of a 429 or 503 that tells when to retry: an
// *apperr.Retry (Retry-After), or the *ratelimit.Exceeded built on it
// (Retry-After, and RateLimit-* for a rate limit).
type retryHeaders interface {
	SetHeaders(h map[string][]string)
}

var (
	_ retryHeaders = (*ratelimit.Exceeded)(nil)
	_ retryHeaders = (*apperr.Retry)(nil)
)

// setRetryHeaders is the one place an operation's (or the security
// handler's) 429 or 503 gets its header fields, from the cause the error
// carries (see retryHeaders).
func setRetryHeaders(ctx context.Context, err error) {
	var rh retryHeaders
	if h := clientInfoFrom(ctx).header; h != nil && errors.As(err, &rh) {
		rh.SetHeaders(h)
	}
}

// paramErrors points at the offending parameters, e.g. /query/limit.
func paramErrors(e *ogenerrors.DecodeParamsError) []oas.FieldError {
	var pe *ogenerrors.DecodeParamError
	if !errors.As(e, &pe) {
		return nil
	}
	return []oas.FieldError{{
		Pointer: "/" + string(pe.In) + "/" + pe.Name,
		Message: fieldMessage(pe.Err),
	}}
}

// bodyErrors lists the fields that failed validation, if ogen got that far.
func bodyErrors(err error) []oas.FieldError {
	var ve *validate.Error
	if !errors.As(err, &ve) {
		return []oas.FieldError{{Pointer: "/body", Message: "is not valid JSON for this operation"}}
	}
	out := make([]oas.FieldError, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		out = append(out, oas.FieldError{Pointer: "/body/" + f.Name, Message: fieldMessage(f.Error)})
	}
	return out
}

// NotFound answers routes that openapi.yaml does not declare.
func NotFound(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, problem.New(r.Context(), http.StatusNotFound, "route_not_found",
		"no operation at "+r.Method+" "+r.URL.Path))
}

// MethodNotAllowed answers a declared path with an undeclared method.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request, allowed string) {
	w.Header().Set("Allow", allowed)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	problem.Write(w, problem.New(r.Context(), http.StatusMethodNotAllowed, "method_not_allowed",
		r.Method+" is not allowed here; allowed: "+allowed))
}
