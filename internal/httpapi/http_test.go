package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// do sends a raw request through the contract-checking client.
func do(t *testing.T, s *apitest.Server, method, path, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK && resp.Header.Get("Content-Type") == "text/event-stream" {
		return resp, nil // a stream does not end: its status and headers are the answer
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// getProblem GETs path and decodes the problem it must answer with.
func getProblem(t *testing.T, s *apitest.Server, path string, status int) oas.Problem {
	t.Helper()
	resp, body := do(t, s, http.MethodGet, path, "", nil)
	return decodeProblem(t, resp, body, status)
}

func decodeProblem(t *testing.T, resp *http.Response, body []byte, status int) oas.Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, status, body)
	}
	var p oas.Problem
	if err := p.UnmarshalJSON(body); err != nil {
		t.Fatalf("problem body: %v: %s", err, body)
	}
	if strings.Contains(string(body), "goroutine") || strings.Contains(string(body), ".go:") {
		t.Errorf("problem leaks internals: %s", body)
	}
	return p
}

func TestBadRequestsGetProblems(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.HTTP.MaxBodyBytes = 1024 })
	admin := map[string]string{"Authorization": "Bearer " + apitest.AdminToken, "Content-Type": "application/json"}
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		code                     string
	}{
		{"unknown route", "GET", "/api/nothing", "", nil, 404, "route_not_found"},
		{"bad symbol", "GET", "/api/assets/aapl", "", nil, 400, "invalid_parameter"},
		{"symbol too long", "GET", "/api/assets/" + strings.Repeat("A", 21), "", nil, 400, "invalid_parameter"},
		{"wrong method", "PUT", "/api/assets/AAPL", "", nil, 405, "method_not_allowed"},
		{"no token", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":["AAPL"]}`, map[string]string{"Content-Type": "application/json"}, 401, "unauthorized"},
		{"wrong token", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":["AAPL"]}`, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + strings.Repeat("x", 40)}, 401, "unauthorized"},
		{"malformed JSON", "POST", "/api/system/cache/invalidate", `{"namespace":`, admin, 400, "invalid_body"},
		{"wrong JSON shape", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":[]}`, admin, 400, "invalid_body"},
		{"unknown field", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":["A"],"x":1}`, admin, 400, "invalid_body"},
		{"key not a symbol", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":["a b"]}`, admin, 400, "invalid_body"},
		{"empty body", "POST", "/api/system/cache/invalidate", ``, admin, 400, "invalid_body"},
		{"not JSON", "POST", "/api/system/cache/invalidate", `namespace=assets`, map[string]string{"Authorization": admin["Authorization"], "Content-Type": "text/plain"}, 415, "unsupported_media_type"},
		{"oversized body", "POST", "/api/system/cache/invalidate", `{"namespace":"assets","keys":["` + strings.Repeat("A", 2000) + `"]}`, admin, 413, "body_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, s, tt.method, tt.path, tt.body, tt.header)
			p := decodeProblem(t, resp, body, tt.status)
			if p.Code != tt.code {
				t.Errorf("code = %q, want %q; body %s", p.Code, tt.code, body)
			}
			if p.RequestId == "" || p.RequestId != resp.Header.Get("X-Request-ID") {
				t.Errorf("requestId %q, header %q", p.RequestId, resp.Header.Get("X-Request-ID"))
			}
		})
	}
}

func TestRequestIDIsEchoedOrReplaced(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	tests := []struct {
		give string
		keep bool
	}{
		{"trace-42.a:b_c", true},
		{"has spaces", false},
		{strings.Repeat("x", 65), false},
		{"", false},
	}
	for _, tt := range tests {
		resp, body := do(t, s, "GET", "/api/assets/NOPE", "", map[string]string{"X-Request-ID": tt.give})
		p := decodeProblem(t, resp, body, 404)
		got := resp.Header.Get("X-Request-ID")
		if tt.keep && got != tt.give {
			t.Errorf("X-Request-ID %q replaced by %q", tt.give, got)
		}
		if !tt.keep && (got == tt.give || len(got) != 32) {
			t.Errorf("X-Request-ID %q kept as %q, want a generated id", tt.give, got)
		}
		if p.RequestId != got {
			t.Errorf("problem requestId %q, header %q", p.RequestId, got)
		}
	}
}

func TestSecurityHeadersAndCORS(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.HTTP.CORSOrigins = []string{"http://localhost:5173"} })
	resp, _ := do(t, s, "GET", "/api/assets/AAPL", "", map[string]string{"Origin": "http://localhost:5173"})
	for k, want := range map[string]string{
		"X-Content-Type-Options":      "nosniff",
		"X-Frame-Options":             "DENY",
		"Referrer-Policy":             "no-referrer",
		"Access-Control-Allow-Origin": "http://localhost:5173",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("CSP = %q", resp.Header.Get("Content-Security-Policy"))
	}
	resp, _ = do(t, s, "GET", "/api/assets/AAPL", "", map[string]string{"Origin": "http://evil.example"})
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("foreign origin allowed: %q", got)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.HTTP.RateLimitRPS = 0.5; c.HTTP.RateLimitBurst = 3 })
	for i := range 3 {
		resp, _ := do(t, s, "GET", "/api/assets/AAPL", "", nil)
		if resp.StatusCode != 200 || resp.Header.Get("RateLimit-Limit") != "3" {
			t.Fatalf("request %d: %d, RateLimit-Limit %q", i, resp.StatusCode, resp.Header.Get("RateLimit-Limit"))
		}
	}
	resp, body := do(t, s, "GET", "/api/assets/AAPL", "", nil)
	p := decodeProblem(t, resp, body, http.StatusTooManyRequests)
	if p.Code != "rate_limited" || resp.Header.Get("Retry-After") == "" || resp.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("429: code %q, Retry-After %q, Remaining %q", p.Code, resp.Header.Get("Retry-After"), resp.Header.Get("RateLimit-Remaining"))
	}
	// Health probes are never limited.
	resp, _ = do(t, s, "GET", "/api/system/health", "", nil)
	if resp.StatusCode != 200 {
		t.Errorf("health while limited: %d", resp.StatusCode)
	}
}

func TestMetricsEndpoints(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	for range 3 {
		do(t, s, "GET", "/api/assets/MSFT", "", nil)
	}
	do(t, s, "GET", "/api/assets/NOPE", "", nil)

	resp, body := do(t, s, "GET", "/api/system/metrics", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("metrics: %d %s", resp.StatusCode, body)
	}
	var m struct {
		Requests []struct {
			Operation     string
			Count, Errors int
		}
		Cache struct {
			L1          struct{ Hits, Misses int }
			OriginLoads int
		}
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range m.Requests {
		if r.Operation == "getAsset" {
			found = true
			if r.Count != 4 || r.Errors != 1 {
				t.Errorf("getAsset count=%d errors=%d, want 4 and 1", r.Count, r.Errors)
			}
		}
	}
	if !found {
		t.Errorf("no getAsset entry in %s", body)
	}
	if m.Cache.L1.Hits < 2 || m.Cache.OriginLoads != 2 {
		t.Errorf("cache figures %+v, want ≥2 L1 hits and 2 origin loads (MSFT, NOPE)", m.Cache)
	}

	resp, body = do(t, s, "GET", "/metrics", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `http_server_request_duration_seconds_count{`) ||
		!strings.Contains(string(body), `operation="getAsset"`) || !strings.Contains(string(body), "go_goroutines") ||
		// The per-query histogram is SQLite's (internal/store's observer).
		(s.DB != nil && !strings.Contains(string(body), `db_client_query_duration_seconds_count{pool="reader",query="GetAssetBySymbol"}`)) {
		t.Errorf("/metrics: %d\n%.2000s", resp.StatusCode, body)
	}
}

func TestInfo(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	info, err := s.Client.GetInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "marketpulse" || info.Environment != "test" || !strings.HasPrefix(info.GoVersion, "go") || info.StartedAt.IsZero() {
		t.Errorf("info = %+v", info)
	}
}
