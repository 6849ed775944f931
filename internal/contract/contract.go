// Package contract checks, in tests, that every response the service sends
// matches openapi.yaml. Wrap a client's transport with Transport and every
// response is validated as it is read, success and error alike.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Declared4xx are the client-error statuses that an operation must declare
// explicitly (as a components/responses problem) when it can answer them,
// so that generated clients type them; the default response covers only
// the rest (405, 415, 5xx).
var Declared4xx = map[int]bool{400: true, 401: true, 403: true, 404: true, 409: true, 412: true, 413: true, 422: true, 429: true}

// Validator holds the loaded specification.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

var load = sync.OnceValues(func() (*Validator, error) {
	path, err := specPath()
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.yaml is invalid: %w", err)
	}
	// Match any host: tests serve on random loopback ports.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
})

// Load returns the validator for the repository's openapi.yaml.
func Load(tb testing.TB) *Validator {
	tb.Helper()
	v, err := load()
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// Doc is the loaded specification, for tests of the specification itself.
func (v *Validator) Doc() *openapi3.T { return v.doc }

// Check validates one response. body is the complete response body.
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		// Not an operation of the spec: it must still be a problem document.
		return v.checkProblem(status, header, body)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return fmt.Errorf("%s %s → %d does not match openapi.yaml: %w\nbody: %s", req.Method, req.URL.Path, status, err, clip(body))
	}
	if Declared4xx[status] && route.Operation.Responses.Status(status) == nil {
		return fmt.Errorf("%s %s → %d: operation %s does not declare %d (only default covers it); body: %s",
			req.Method, req.URL.Path, status, route.Operation.OperationID, status, clip(body))
	}
	if status >= 400 {
		return v.checkProblem(status, header, body)
	}
	return nil
}

// checkProblem requires an RFC 9457 body whose status matches the response.
func (v *Validator) checkProblem(status int, header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		return fmt.Errorf("status %d: Content-Type %q, want application/problem+json; body: %s", status, ct, clip(body))
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("status %d: problem body is not JSON: %w", status, err)
	}
	if err := v.doc.Components.Schemas["Problem"].Value.VisitJSON(doc); err != nil {
		return fmt.Errorf("status %d: body is not a Problem: %w; body: %s", status, err, clip(body))
	}
	m := doc.(map[string]any)
	if got, _ := m["status"].(float64); int(got) != status {
		return fmt.Errorf("problem status %v differs from HTTP status %d", m["status"], status)
	}
	if id, _ := m["requestId"].(string); id == "" || id != header.Get("X-Request-ID") {
		return fmt.Errorf("problem requestId %q differs from X-Request-ID %q", id, header.Get("X-Request-ID"))
	}
	return nil
}

// Transport validates every response that passes through base; a mismatch
// fails tb (from any goroutine) and is returned as a transport error.
func (v *Validator) Transport(tb testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusOK && resp.Header.Get("Content-Type") == "text/event-stream" {
			return resp, nil // never ends: its events are checked with CheckEvent
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if err := v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
			tb.Errorf("contract: %v", err)
			return nil, err
		}
		return resp, nil
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func clip(b []byte) string {
	if len(b) > 512 {
		return string(b[:512]) + "…"
	}
	return string(b)
}

// specPath finds openapi.yaml at the module root above the working directory.
func specPath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "openapi.yaml"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("openapi.yaml: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Operation is one operation of openapi.yaml.
type Operation struct {
	ID, Method, Path string
	Tags             []string
	Secured          bool // declares bearerAuth
}

// Operations lists every operation of openapi.yaml, in a stable order.
func (v *Validator) Operations() []Operation {
	var ops []Operation
	for path, item := range v.doc.Paths.Map() {
		for method, op := range item.Operations() {
			secured := op.Security != nil && len(*op.Security) > 0
			ops = append(ops, Operation{ID: op.OperationID, Method: method, Path: path, Tags: op.Tags, Secured: secured})
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int { return strings.Compare(a.ID, b.ID) })
	return ops
}
