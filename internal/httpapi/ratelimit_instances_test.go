package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testvalkey"
)

// sharedPair is two instances on one database and one Valkey, behind a
// trusted loopback proxy, once their rate limits are shared.
func sharedPair(t *testing.T, opts ...apitest.Option) (a, b *apitest.Server) {
	t.Helper()
	v := testvalkey.Start(t)
	a = throttled(t, append(opts, func(c *config.Config) { c.Cache.ValkeyURL = v.URL() })...)
	b = throttled(t, append(opts, func(c *config.Config) { c.Cache.ValkeyURL = v.URL(); c.DB = a.Config.DB })...)
	for deadline := time.Now().Add(5 * time.Second); !a.API.RateLimits.Up() || !b.API.RateLimits.Up(); {
		if time.Now().After(deadline) {
			t.Fatal("the rate limits never connected to valkey")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return a, b
}

// TestLoginThrottleIsOneForAllInstances: failures of one address on one
// account spread over two instances spend one LOGIN_BURST, not one each.
func TestLoginThrottleIsOneForAllInstances(t *testing.T) {
	t.Parallel()
	a, b := sharedPair(t, func(c *config.Config) { c.Auth.LoginBurst = 3 })
	victim := apitest.NewEmail()
	a.Register(t, victim)
	const attacker = "203.0.113.77"
	for i, s := range []*apitest.Server{a, b, a} {
		if resp := login(t, s, victim, "not the password", attacker); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i, resp.StatusCode)
		}
	}
	resp, body := do(t, b, "POST", "/api/auth/login", `{"email":"`+victim+`","password":"`+apitest.Password+`"}`,
		map[string]string{"Content-Type": "application/json", "X-Forwarded-For": attacker})
	wantTooManyAttempts(t, resp, body, "the attacker on b after failing twice on a and once on b")
	if resp := login(t, b, victim, apitest.Password, "203.0.113.78"); resp.StatusCode != http.StatusOK {
		t.Errorf("the owner from another address: %d, want 200", resp.StatusCode)
	}
}

// TestRequestLimitIsSharedByInstances: a client that spent its burst on
// one instance is refused by the other once they have synced, without a
// Valkey call per request; other clients are not.
func TestRequestLimitIsSharedByInstances(t *testing.T) {
	t.Parallel()
	a, b := sharedPair(t, func(c *config.Config) { c.HTTP.RateLimitRPS, c.HTTP.RateLimitBurst = 0.01, 5 })
	get := func(s *apitest.Server, client string) int {
		resp, _ := do(t, s, "GET", "/api/system/info", "", map[string]string{"X-Forwarded-For": client})
		return resp.StatusCode
	}
	const client = "198.51.100.44"
	if code := get(b, client); code != http.StatusOK { // b knows the client
		t.Fatalf("first request on b: %d", code)
	}
	onA := 0 // 5, or 4 if a synced after b told its request
	for ; get(a, client) == http.StatusOK; onA++ {
		if onA == 5 {
			t.Fatal("a allowed more than the burst of 5")
		}
	}
	if onA < 4 {
		t.Fatalf("a allowed %d requests of a burst of 5, one taken on b", onA)
	}
	// b learns it at its next sync (200 ms); until then it may allow what
	// it thought the client had left.
	allowed := 0
	for deadline := time.Now().Add(5 * time.Second); get(b, client) == http.StatusOK; allowed++ {
		if time.Now().After(deadline) {
			t.Fatal("b still serves the client 5 s after it spent its burst on a")
		}
	}
	if allowed > 4 {
		t.Errorf("b allowed %d more requests, more than the client had left on b", allowed)
	}
	if code := get(b, "198.51.100.45"); code != http.StatusOK {
		t.Errorf("another client on b: %d, want 200", code)
	}
}
