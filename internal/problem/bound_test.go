package problem_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/contract"
	"github.com/marketpulse/api/internal/problem"
)

// Every problem document, whatever the request echoed into it, must satisfy
// openapi.yaml's Problem schema (maxLength counts characters, maxItems).
func TestProblemsStayWithinTheSpec(t *testing.T) {
	t.Parallel()
	v := contract.Load(t)
	many := make([]apperr.FieldError, 150)
	for i := range many {
		many[i] = apperr.FieldError{Path: "body/" + strings.Repeat("k", 600), Message: strings.Repeat("ü", 600)}
	}
	tests := []struct {
		name     string
		path     string
		build    func(context.Context) error // nil: problem.New with a long detail
		detail   string
		wantCode string
	}{
		{name: "long path", path: "/api/" + strings.Repeat("x", 5000), detail: "no operation at GET /api/" + strings.Repeat("x", 5000), wantCode: "route_not_found"},
		{name: "long multibyte path", path: "/api/" + strings.Repeat("é", 3000), detail: strings.Repeat("é", 3000), wantCode: "route_not_found"},
		{name: "invalid UTF-8", path: "/api/\xc0\xaf" + strings.Repeat("\xff", 3000), detail: "bad \xc0\xaf", wantCode: "route_not_found"},
		{name: "many long field errors", path: "/api/dashboards", build: func(context.Context) error {
			return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_body", Message: strings.Repeat("m", 3000), Fields: many}
		}, wantCode: "invalid_body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := problem.WithRequest(context.Background(), "req-1", tt.path)
			p := problem.New(ctx, http.StatusNotFound, tt.wantCode, tt.detail)
			if tt.build != nil {
				p = problem.FromError(ctx, tt.build(ctx))
			}
			w := httptest.NewRecorder()
			w.Header().Set("X-Request-ID", "req-1")
			problem.Write(w, p)
			body := w.Body.Bytes()
			if !utf8.Valid(body) {
				t.Errorf("problem is not valid UTF-8: %q", body)
			}
			req := httptest.NewRequest(http.MethodGet, "/not-an-operation", nil)
			if err := v.Check(req, w.Code, w.Header(), body); err != nil {
				t.Error(err)
			}
			if r := p.Response; utf8.RuneCountInString(r.Instance.Value) > 2048 || utf8.RuneCountInString(r.Detail.Value) > 2048 || len(r.Errors) > 100 {
				t.Errorf("problem returned by New/FromError is out of bounds: instance %d, detail %d, errors %d",
					utf8.RuneCountInString(r.Instance.Value), utf8.RuneCountInString(r.Detail.Value), len(r.Errors))
			}
		})
	}
}

// A short, valid problem is echoed unchanged.
func TestShortProblemsAreUnchanged(t *testing.T) {
	t.Parallel()
	path := "/api/assets/" + strings.Repeat("é", 10)
	ctx := problem.WithRequest(context.Background(), "r", path)
	err := apperr.NewField(apperr.Invalid, "invalid_parameter", "query/limit", "must be at most 500")
	p := problem.FromError(ctx, err)
	got := fmt.Sprint(p.Response.Instance.Value, "|", p.Response.Detail.Value, "|", p.Response.Errors[0].Pointer, "|", p.Response.Errors[0].Message)
	if want := path + "|must be at most 500|/query/limit|must be at most 500"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
