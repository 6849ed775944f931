package httpmw_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/httpmw"
)

func TestRecoverAnswersProblemWithoutLeakingThePanic(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	h := httpmw.Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal detail")
	}), httpmw.Recover(log), httpmw.RequestID())

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))

	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d, content type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "goroutine") {
		t.Errorf("response leaks the panic: %s", w.Body)
	}
	var p struct {
		Code      string `json:"code"`
		RequestID string `json:"requestId"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Code != "internal" || p.RequestID == "" ||
		p.RequestID != w.Header().Get(httpmw.RequestIDHeader) {
		t.Errorf("body %s: %v", w.Body, err)
	}
	if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), "stack") {
		t.Errorf("the panic was not logged with its stack: %s", logs.String())
	}
}

func TestBodyLimitRejectsDeclaredLength(t *testing.T) {
	t.Parallel()
	called := false
	h := httpmw.BodyLimit(10)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 11))))
	if w.Code != http.StatusRequestEntityTooLarge || called {
		t.Errorf("status %d, handler called %v", w.Code, called)
	}
}

func TestRateLimitIsPerClient(t *testing.T) {
	t.Parallel()
	rl := httpmw.NewRateLimiter(httpmw.RateLimitOptions{RPS: 0.001, Burst: 1,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("192.0.2.8/29")}})
	defer rl.Close()
	h := rl.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	get := func(remote, xff string) int {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	tests := []struct {
		remote, xff string
		want        int
	}{
		{"192.0.2.1:1000", "", 200},
		{"192.0.2.1:2000", "", 429}, // same IP, other port
		{"192.0.2.2:1000", "", 200},
		{"192.0.2.9:1000", "198.51.100.7, 192.0.2.9", 200},
		{"192.0.2.8:1000", "198.51.100.7", 429}, // same forwarded client
		// A client cannot escape its bucket by writing addresses of its own
		// to the left of what the trusted proxy appends.
		{"192.0.2.9:1000", "203.0.113.1, 198.51.100.7", 429},
		{"192.0.2.9:1000", "203.0.113.2, 192.0.2.10, 198.51.100.7", 429},
		// An untrusted peer is the client, whatever it forwards.
		{"192.0.2.3:1000", "198.51.100.8", 200},
		{"192.0.2.3:1000", "198.51.100.9", 429},
	}
	for _, tt := range tests {
		if got := get(tt.remote, tt.xff); got != tt.want {
			t.Errorf("%s (XFF %q) → %d, want %d", tt.remote, tt.xff, got, tt.want)
		}
	}
}
