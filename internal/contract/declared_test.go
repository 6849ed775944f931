package contract_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/marketpulse/api/internal/contract"
)

// rateLimitExempt are the paths the per-client rate limit skips
// (internal/httpapi/router.go), so they never answer 429.
var rateLimitExempt = map[string]bool{"/api/system/health": true, "/metrics": true}

// TestDeclaredClientErrorsAreProblems: every 4xx an operation declares is a
// reusable problem response, application/problem+json with the Problem schema.
func TestDeclaredClientErrorsAreProblems(t *testing.T) {
	doc := contract.Load(t).Doc()
	for _, op := range operations(doc) {
		for code, ref := range op.op.Responses.Map() {
			if !strings.HasPrefix(code, "4") {
				continue
			}
			if !strings.HasPrefix(ref.Ref, "#/components/responses/") {
				t.Errorf("%s %s: not a components/responses reference: %q", op.id, code, ref.Ref)
			}
			mt := ref.Value.Content
			if len(mt) != 1 || mt["application/problem+json"] == nil ||
				mt["application/problem+json"].Schema.Ref != "#/components/schemas/Problem" {
				t.Errorf("%s %s: content is not exactly application/problem+json with Problem", op.id, code)
			}
		}
	}
}

// TestOperationsDeclareTheirClientErrors checks the rules by which an
// operation can answer each client error against what it declares.
func TestOperationsDeclareTheirClientErrors(t *testing.T) {
	doc := contract.Load(t).Doc()
	for _, op := range operations(doc) {
		want := expected4xx(op)
		var got []int
		for code := range contract.Declared4xx {
			if op.op.Responses.Status(code) != nil {
				got = append(got, code)
			}
		}
		for _, code := range want {
			if !slices.Contains(got, code) {
				t.Errorf("%s (%s %s) can answer %d but does not declare it", op.id, op.method, op.path, code)
			}
		}
	}
}

// expected4xx lists the statuses an operation answers by its shape alone:
// 400 for any input, 413 for a body, 401/403 for a token, 404 for a path
// parameter, 412 for If-Match, 422 for an ingest batch, 429 unless exempt.
func expected4xx(op operation) []int {
	var want []int
	hasBody := op.op.RequestBody != nil
	hasParam, hasPath, hasIfMatch := false, false, false
	for _, p := range op.op.Parameters {
		hasParam = true
		hasPath = hasPath || p.Value.In == openapi3.ParameterInPath
		hasIfMatch = hasIfMatch || p.Value.Name == "If-Match"
	}
	if hasBody || hasParam {
		want = append(want, 400)
	}
	if op.op.Security != nil && len(*op.op.Security) > 0 {
		want = append(want, 401, 403)
	}
	if hasPath {
		want = append(want, 404)
	}
	if hasIfMatch {
		want = append(want, 412)
	}
	if hasBody {
		want = append(want, 413)
	}
	if strings.HasPrefix(op.id, "ingest") {
		want = append(want, 422)
	}
	if !rateLimitExempt[op.path] {
		want = append(want, 429)
	}
	return want
}

// TestCheckRefusesUndeclaredClientError: a 4xx of the declared set that the
// operation does not declare fails the contract even though default covers it.
func TestCheckRefusesUndeclaredClientError(t *testing.T) {
	v := contract.Load(t)
	check := func(method, target string, status int) error {
		req := httptest.NewRequest(method, target, nil)
		h := http.Header{"Content-Type": {"application/problem+json"}, "X-Request-Id": {"r1"}}
		body := fmt.Sprintf(`{"type":"about:blank","title":"t","status":%d,"code":"not_found","requestId":"r1"}`, status)
		return v.Check(req, status, h, []byte(body))
	}
	if err := check(http.MethodGet, "/api/assets/AAPL", http.StatusNotFound); err != nil {
		t.Errorf("declared 404 of getAsset: %v", err)
	}
	err := check(http.MethodGet, "/api/system/health", http.StatusNotFound)
	if err == nil || !strings.Contains(err.Error(), "getHealth does not declare 404") {
		t.Errorf("undeclared 404 of getHealth: got %v, want a 'does not declare' error", err)
	}
	if err := check(http.MethodGet, "/api/system/health", http.StatusMethodNotAllowed); err != nil {
		t.Errorf("405 outside the declared set, covered by default: %v", err)
	}
}

type operation struct {
	id, method, path string
	op               *openapi3.Operation
}

func operations(doc *openapi3.T) []operation {
	var out []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, operation{id: op.OperationID, method: method, path: path, op: op})
		}
	}
	if len(out) == 0 {
		panic("openapi.yaml has no operations")
	}
	return out
}
