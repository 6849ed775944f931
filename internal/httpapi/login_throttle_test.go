package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// throttled starts a server behind a trusted loopback proxy (so that a
// test picks its client address with X-Forwarded-For) with the default
// login throttles, then applies opts.
func throttled(t *testing.T, opts ...apitest.Option) *apitest.Server {
	t.Helper()
	return apitest.Start(t, append([]apitest.Option{apitest.BehindProxy, func(c *config.Config) {
		c.Auth.LoginPerMinute, c.Auth.LoginBurst = 5, 10
		c.Auth.LoginClientPerMinute, c.Auth.LoginClientBurst = 20, 30
		c.Auth.PasswordPerMinute, c.Auth.PasswordBurst = 5, 10
	}}, opts...)...)
}

// login posts credentials from client and returns the status.
func login(t *testing.T, s *apitest.Server, email, password, client string) *http.Response {
	t.Helper()
	resp, _ := do(t, s, "POST", "/api/auth/login", `{"email":"`+email+`","password":"`+password+`"}`,
		map[string]string{"Content-Type": "application/json", "X-Forwarded-For": client})
	return resp
}

func wantTooManyAttempts(t *testing.T, resp *http.Response, body []byte, what string) {
	t.Helper()
	p := decodeProblem(t, resp, body, http.StatusTooManyRequests)
	if p.Code != "too_many_attempts" || resp.Header.Get("Retry-After") == "" {
		t.Errorf("%s: code %q, Retry-After %q; want too_many_attempts with Retry-After", what, p.Code, resp.Header.Get("Retry-After"))
	}
}

// TestWrongPasswordsFromManyAddressesDoNotLockTheOwnerOut: eleven wrong
// passwords from eleven addresses (more than LOGIN_BURST on the account)
// once locked the account; now the owner's correct password from an
// address that has not failed gets in.
func TestWrongPasswordsFromManyAddressesDoNotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	s := throttled(t)
	victim := apitest.NewEmail()
	s.Register(t, victim)
	for i := range 11 {
		client := "198.51.100." + strconv.Itoa(i+1)
		if resp := login(t, s, strings.ToUpper(victim), "not the password", client); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d from %s: %d, want 401", i, client, resp.StatusCode)
		}
	}
	if resp := login(t, s, victim, apitest.Password, "203.0.113.50"); resp.StatusCode != http.StatusOK {
		t.Errorf("the owner's correct password from a fresh address: %d, want 200", resp.StatusCode)
	}
}

// TestOneAddressHammeringIsRefused: a client that keeps failing on one
// account is refused on it (and only on it) after LOGIN_BURST failures;
// one that keeps trying, on any accounts, after LOGIN_CLIENT_BURST tries.
func TestOneAddressHammeringIsRefused(t *testing.T) {
	t.Parallel()
	s := throttled(t, func(c *config.Config) { c.Auth.LoginBurst, c.Auth.LoginClientBurst = 3, 6 })
	victim, other := apitest.NewEmail(), apitest.NewEmail()
	s.Register(t, victim)
	s.Register(t, other)
	const attacker = "203.0.113.9"
	for i := range 3 {
		if resp := login(t, s, victim, "not the password", attacker); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i, resp.StatusCode)
		}
	}
	resp, body := do(t, s, "POST", "/api/auth/login", `{"email":"`+victim+`","password":"`+apitest.Password+`"}`,
		map[string]string{"Content-Type": "application/json", "X-Forwarded-For": attacker})
	wantTooManyAttempts(t, resp, body, "the attacker on the account it failed on, even with the right password")
	if resp := login(t, s, other, apitest.Password, attacker); resp.StatusCode != http.StatusOK {
		t.Errorf("the same address on another account: %d, want 200", resp.StatusCode)
	}
	if resp := login(t, s, victim, apitest.Password, "203.0.113.10"); resp.StatusCode != http.StatusOK {
		t.Errorf("the owner from another address: %d, want 200", resp.StatusCode)
	}
	// Attempts 5 and 6 of this address (the refused one counted too); the
	// 7th is over LOGIN_CLIENT_BURST whatever the account.
	for range 2 {
		login(t, s, apitest.NewEmail(), "not the password", attacker)
	}
	resp, body = do(t, s, "POST", "/api/auth/login", `{"email":"`+other+`","password":"`+apitest.Password+`"}`,
		map[string]string{"Content-Type": "application/json", "X-Forwarded-For": attacker})
	wantTooManyAttempts(t, resp, body, "the 7th attempt of one address")
}

// TestThrottledAddressGetsInAfterRetryAfter: the refusal says when to come
// back, and it is true.
func TestThrottledAddressGetsInAfterRetryAfter(t *testing.T) {
	t.Parallel()
	s := throttled(t, func(c *config.Config) {
		c.Auth.LoginPerMinute, c.Auth.LoginBurst = 60, 1
		c.Auth.LoginClientBurst = 100_000 // the polls below
	})
	victim := apitest.NewEmail()
	s.Register(t, victim)
	login(t, s, victim, "not the password", "203.0.113.9")
	resp := login(t, s, victim, apitest.Password, "203.0.113.9")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("second attempt: %d, Retry-After %q; want 429 after 1 s", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	deadline := time.Now().Add(5 * time.Second)
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for resp.StatusCode == http.StatusTooManyRequests && time.Now().Before(deadline) {
		<-poll.C
		resp = login(t, s, victim, apitest.Password, "203.0.113.9")
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after Retry-After: %d, want 200", resp.StatusCode)
	}
}

// TestPasswordChangeHasItsOwnBuckets: failed logins on an account do not
// stop its owner changing the password, and wrong current passwords are
// throttled per account without touching its logins.
func TestPasswordChangeHasItsOwnBuckets(t *testing.T) {
	t.Parallel()
	s := throttled(t, func(c *config.Config) { c.Auth.LoginBurst, c.Auth.PasswordBurst = 2, 2 })
	email := apitest.NewEmail()
	s.Register(t, email)
	_, sess := s.Login(t, email, apitest.Password)
	change := func(current string) (*http.Response, []byte) {
		t.Helper()
		return do(t, s, "POST", "/api/users/me/password",
			`{"currentPassword":"`+current+`","newPassword":"`+apitest.Password+`"}`,
			map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + sess.Token})
	}
	// The test's own address (the proxy's, 127.0.0.1) fails its logins.
	for range 2 {
		if resp := login(t, s, email, "not the password", "127.0.0.1"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failed login: %d, want 401", resp.StatusCode)
		}
	}
	for i := range 2 {
		resp, body := change("not the password")
		if p := decodeProblem(t, resp, body, http.StatusForbidden); p.Code != "wrong_password" {
			t.Fatalf("wrong current password %d: %q, want wrong_password", i, p.Code)
		}
	}
	resp, body := change(apitest.Password)
	wantTooManyAttempts(t, resp, body, "a password change after PASSWORD_CHANGE_BURST wrong ones")
	if resp := login(t, s, email, apitest.Password, "203.0.113.20"); resp.StatusCode != http.StatusOK {
		t.Errorf("login after refused password changes: %d, want 200", resp.StatusCode)
	}

	// Another account: failed logins leave its password change alone.
	other := apitest.NewEmail()
	s.Register(t, other)
	_, sess = s.Login(t, other, apitest.Password)
	for range 3 {
		login(t, s, other, "not the password", "127.0.0.1")
	}
	if resp, body := change(apitest.Password); resp.StatusCode != http.StatusNoContent {
		t.Errorf("password change after failed logins on the account: %d %s, want 204", resp.StatusCode, body)
	}
}
