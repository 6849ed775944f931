package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// TestUserRateLimit: signed-in calls are limited per user, with the same
// headers as the per-address limit.
func TestUserRateLimit(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.HTTP.UserRateLimitRPS = 0.5; c.HTTP.UserRateLimitBurst = 3 })
	_, limited := loginAs(t, s)
	_, other := loginAs(t, s)
	me := func(token string) (*http.Response, []byte) {
		return do(t, s, "GET", "/api/users/me", "", map[string]string{"Authorization": "Bearer " + token})
	}
	for i := range 3 {
		resp, body := me(limited.Token)
		if resp.StatusCode != 200 || resp.Header.Get("RateLimit-Limit") != "3" || resp.Header.Get("RateLimit-Remaining") != []string{"2", "1", "0"}[i] {
			t.Fatalf("request %d: %d, RateLimit-Limit %q, -Remaining %q: %s", i, resp.StatusCode,
				resp.Header.Get("RateLimit-Limit"), resp.Header.Get("RateLimit-Remaining"), body)
		}
	}
	resp, body := me(limited.Token)
	p := decodeProblem(t, resp, body, http.StatusTooManyRequests)
	if p.Code != "rate_limited" || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("429: code %q, Retry-After %q, Remaining %q", p.Code, resp.Header.Get("Retry-After"), resp.Header.Get("RateLimit-Remaining"))
	}
	if resp, body := me(other.Token); resp.StatusCode != 200 {
		t.Errorf("another user while the first is limited: %d %s", resp.StatusCode, body)
	}
	// Anonymous calls from the same address are not affected.
	if resp, body := do(t, s, "GET", "/api/assets/AAPL", "", nil); resp.StatusCode != 200 {
		t.Errorf("anonymous call: %d %s", resp.StatusCode, body)
	}
}
