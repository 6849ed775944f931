package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/config"
)

func TestRegisterLoginAndProfile(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	start := time.Now()

	email := "Mixed.Case-" + strings.TrimPrefix(apitest.NewEmail(), "user-")
	u := s.Register(t, email)
	if u.Email != oas.Email(email) || u.Role != oas.RoleUser || !u.Active || u.DisplayName != "Test User" {
		t.Fatalf("registered %+v, want email %q as given, role user, active", u, email)
	}
	// Emails match whatever their case.
	c, sess := s.Login(t, strings.ToUpper(email), apitest.Password)
	if !auth.LooksLikeToken(sess.Token) || sess.User.ID != u.ID {
		t.Fatalf("session = %+v", sess)
	}
	if ttl := sess.ExpiresAt.Sub(start); ttl < 167*time.Hour || ttl > 169*time.Hour {
		t.Errorf("expiresAt in %v, want SESSION_TTL (168h)", ttl)
	}
	me, err := c.GetMe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u, *me); diff != "" {
		t.Errorf("getMe differs from register (-register +me):\n%s", diff)
	}

	newEmail := apitest.NewEmail()
	me, err = c.UpdateMe(ctx, &oas.UserUpdate{DisplayName: oas.NewOptDisplayName("Ada"), Email: oas.NewOptEmail(oas.Email(newEmail)),
		CurrentPassword: oas.NewOptString(apitest.Password)})
	if err != nil {
		t.Fatal(err)
	}
	if me.DisplayName != "Ada" || me.Email != oas.Email(newEmail) || me.UpdatedAt.Before(u.UpdatedAt) {
		t.Errorf("after update: %+v", me)
	}
	// Only what is sent changes.
	me, err = c.UpdateMe(ctx, &oas.UserUpdate{DisplayName: oas.NewOptDisplayName("Ada L.")})
	if err != nil || me.Email != oas.Email(newEmail) || me.DisplayName != "Ada L." {
		t.Fatalf("partial update: %+v, %v", me, err)
	}
	s.Login(t, newEmail, apitest.Password)
	_, err = s.Client.Login(ctx, &oas.LoginRequest{Email: email, Password: apitest.Password})
	wantProblem(t, err, 401, "invalid_credentials")
}

func TestEmailsAreUniqueWhateverTheirCase(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	email := apitest.NewEmail()
	s.Register(t, email)

	_, err := s.Client.Register(ctx, &oas.RegisterRequest{Email: oas.Email(strings.ToUpper(email)), Password: apitest.Password, DisplayName: "Twin"})
	wantProblem(t, err, 409, "email_taken")

	c, _ := s.RegisterAndLogin(t)
	_, err = c.UpdateMe(ctx, &oas.UserUpdate{Email: oas.NewOptEmail(oas.Email(strings.ToUpper(email))), CurrentPassword: oas.NewOptString(apitest.Password)})
	wantProblem(t, err, 409, "email_taken")
}

func TestRegisterRejectsInvalidAccounts(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	tests := []struct {
		name, body, pointer string
	}{
		{"short password", `{"email":"a@example.com","password":"short","displayName":"A"}`, "/body/password"},
		{"not an email", `{"email":"nobody","password":"long enough password","displayName":"A"}`, "/body/email"},
		{"empty name", `{"email":"a@example.com","password":"long enough password","displayName":""}`, "/body/displayName"},
		{"unknown field", `{"email":"a@example.com","password":"long enough password","displayName":"A","role":"admin"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, s, "POST", "/api/auth/register", tt.body, map[string]string{"Content-Type": "application/json"})
			p := decodeProblem(t, resp, body, 400)
			if p.Code != "invalid_body" {
				t.Errorf("code = %q", p.Code)
			}
			if tt.pointer != "" && !slices.ContainsFunc(p.Errors, func(e oas.FieldError) bool { return e.Pointer == tt.pointer }) {
				t.Errorf("errors = %+v, want pointer %s", p.Errors, tt.pointer)
			}
		})
	}
}

// TestLoginFailuresLookAlike: an unknown email, a wrong password and a
// deactivated account cannot be told apart by status or body.
func TestLoginFailuresLookAlike(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	known, inactive := apitest.NewEmail(), apitest.NewEmail()
	s.Register(t, known)
	off := s.Register(t, inactive)
	if _, err := s.Admin.UpdateUser(context.Background(), &oas.AdminUserUpdate{Active: oas.NewOptBool(false)}, oas.UpdateUserParams{UserId: off.ID}); err != nil {
		t.Fatal(err)
	}
	login := func(email, password string) (int, oas.Problem) {
		t.Helper()
		resp, body := do(t, s, "POST", "/api/auth/login", `{"email":"`+email+`","password":"`+password+`"}`,
			map[string]string{"Content-Type": "application/json"})
		return resp.StatusCode, decodeProblem(t, resp, body, resp.StatusCode)
	}
	wantStatus, want := login(apitest.NewEmail(), apitest.Password)
	if wantStatus != 401 || want.Code != "invalid_credentials" {
		t.Fatalf("unknown email: %d %+v", wantStatus, want)
	}
	for name, creds := range map[string][2]string{
		"wrong password":      {known, "not the password"},
		"deactivated account": {inactive, apitest.Password},
	} {
		status, got := login(creds[0], creds[1])
		if status != wantStatus {
			t.Errorf("%s: status %d, want %d", name, status, wantStatus)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(oas.Problem{}, "RequestId")); diff != "" {
			t.Errorf("%s differs from an unknown email (-unknown +%s):\n%s", name, name, diff)
		}
	}
}

// TestLoginTimingDoesNotRevealAccounts: an unknown email costs the same work
// as a wrong password — one argon2id verification with the hasher's own
// parameters (VerifyDummy) — so response times do not tell which accounts
// exist. The work is counted, not timed: a loaded machine makes wall-clock
// ratios meaningless. The median times are logged.
func TestLoginTimingDoesNotRevealAccounts(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.Auth.ArgonMemoryKiB = 8 << 10; c.Auth.ArgonIterations = 3 })
	known := apitest.NewEmail()
	s.Register(t, known)
	measure := func(email string) time.Duration {
		var times []time.Duration
		for range 5 {
			before := s.API.Account.PasswordVerifications()
			start := time.Now()
			_, err := s.Client.Login(context.Background(), &oas.LoginRequest{Email: email, Password: "not the password"})
			times = append(times, time.Since(start))
			var p *oas.ProblemStatusCode
			if !errors.As(err, &p) || p.StatusCode != 401 {
				t.Fatalf("login %s: %v", email, err)
			}
			if n := s.API.Account.PasswordVerifications() - before; n != 1 {
				t.Fatalf("login %s did %d argon2id verifications, want 1", email, n)
			}
		}
		slices.Sort(times)
		return times[len(times)/2]
	}
	unknown, wrong := measure(apitest.NewEmail()), measure(known)
	t.Logf("median login time: unknown email %v, wrong password %v", unknown, wrong)
}

func TestRegisterIsThrottledPerAddress(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.Auth.RegisterPerMinute = 1; c.Auth.RegisterBurst = 2 })
	s.Register(t, apitest.NewEmail())
	s.Register(t, apitest.NewEmail())
	resp, body := do(t, s, "POST", "/api/auth/register",
		`{"email":"`+apitest.NewEmail()+`","password":"`+apitest.Password+`","displayName":"Third"}`,
		map[string]string{"Content-Type": "application/json"})
	p := decodeProblem(t, resp, body, http.StatusTooManyRequests)
	if p.Code != "too_many_attempts" || resp.Header.Get("Retry-After") == "" {
		t.Errorf("third registration: code %q, Retry-After %q", p.Code, resp.Header.Get("Retry-After"))
	}
}

func TestLoginStoresAClippedUserAgent(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	email := apitest.NewEmail()
	u := s.Register(t, email)
	agent := "\xff" + strings.Repeat("é", 600) // invalid UTF-8, then 1200 bytes
	resp, body := do(t, s, "POST", "/api/auth/login", `{"email":"`+email+`","password":"`+apitest.Password+`"}`,
		map[string]string{"Content-Type": "application/json", "User-Agent": agent})
	if resp.StatusCode != 200 {
		t.Fatalf("login with a long User-Agent: %d %s", resp.StatusCode, body)
	}
	var stored string
	if err := s.SQLite(t).Reader.QueryRow("SELECT user_agent FROM sessions WHERE user_id = ?", u.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if len(stored) > 512 || !strings.HasPrefix(stored, "\uFFFDéé") || !utf8.ValidString(stored) {
		t.Errorf("stored user agent %q (%d bytes), want valid UTF-8 of at most 512 bytes", stored, len(stored))
	}
}

// TestForgedForwardedForDoesNotEscapeThrottles: behind a trusted proxy, a
// client that writes addresses of its own to the left of X-Forwarded-For
// is still the address the proxy appended.
func TestForgedForwardedForDoesNotEscapeThrottles(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) {
		apitest.BehindProxy(c)
		c.Auth.RegisterPerMinute = 1
		c.Auth.RegisterBurst = 2
	})
	register := func(xff string) *http.Response {
		t.Helper()
		resp, _ := do(t, s, "POST", "/api/auth/register",
			`{"email":"`+apitest.NewEmail()+`","password":"`+apitest.Password+`","displayName":"Forger"}`,
			map[string]string{"Content-Type": "application/json", "X-Forwarded-For": xff})
		return resp
	}
	for i, xff := range []string{"203.0.113.9", "198.51.100.1, 203.0.113.9"} {
		if resp := register(xff); resp.StatusCode != http.StatusCreated {
			t.Fatalf("registration %d: %d", i, resp.StatusCode)
		}
	}
	resp := register("198.51.100.2, 127.0.0.1, 203.0.113.9")
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("third registration from 203.0.113.9 behind forged entries: %d, want 429", resp.StatusCode)
	}
	if resp := register("203.0.113.10"); resp.StatusCode != http.StatusCreated {
		t.Errorf("another client: %d, want 201", resp.StatusCode)
	}
}
