package httpapi_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testvalkey"
)

// wantRejected asserts that c's token no longer works: the same 401
// unauthorized whatever the reason.
func wantRejected(t *testing.T, c *oas.Client, why string) {
	t.Helper()
	_, err := c.GetMe(context.Background())
	wantProblem(t, err, 401, "unauthorized")
	if t.Failed() {
		t.Fatalf("token still accepted after %s", why)
	}
}

func wantAccepted(t *testing.T, c *oas.Client, why string) {
	t.Helper()
	if _, err := c.GetMe(context.Background()); err != nil {
		t.Fatalf("token rejected %s: %v", why, err)
	}
}

func TestSessionExpires(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.Auth.SessionTTL = time.Second })
	c, _ := s.RegisterAndLogin(t)
	wantAccepted(t, c, "before expiry") // and cached for AUTH_TOKEN_CACHE_TTL (30 s)
	time.Sleep(1100 * time.Millisecond)
	wantRejected(t, c, "SESSION_TTL")
}

func TestLogoutRevokesOnlyThatToken(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	email := apitest.NewEmail()
	s.Register(t, email)
	first, _ := s.Login(t, email, apitest.Password)
	second, _ := s.Login(t, email, apitest.Password)
	wantAccepted(t, first, "before logout") // warm the cache
	if err := first.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantRejected(t, first, "logout")
	wantAccepted(t, second, "after logging out another session")
	wantProblem(t, first.Logout(context.Background()), 401, "unauthorized")
}

// TestLogoutReachesEveryInstance: two instances share the database and
// Valkey; a token cached by one stops working there when the other logs it
// out.
func TestLogoutReachesEveryInstance(t *testing.T) {
	t.Parallel()
	v := testvalkey.Start(t)
	a := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL() })
	b := apitest.Start(t, func(c *config.Config) { c.Cache.ValkeyURL = v.URL(); c.DB = a.Config.DB })
	waitL2Up(t, a)
	waitL2Up(t, b)
	_, sess := loginAs(t, a)
	onA, onB := a.ClientWithToken(t, sess.Token), b.ClientWithToken(t, sess.Token)
	wantAccepted(t, onA, "on instance a")
	wantAccepted(t, onB, "on instance b")
	if err := onB.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The invalidation reaches a's L1 through Valkey's channel, in a moment.
	deadline := time.Now().Add(2 * time.Second)
	for {
		_, err := onA.GetMe(context.Background())
		if err != nil {
			wantProblem(t, err, 401, "unauthorized")
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("instance a still accepts the token 2 s after a logout on instance b")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitL2Up(t *testing.T, s *apitest.Server) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Cache.Health().L2 != "up" || s.Cache.Health().Bus != "up" {
		if time.Now().After(deadline) {
			t.Fatalf("cache never connected to valkey: %+v", s.Cache.Health())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func loginAs(t *testing.T, s *apitest.Server) (string, *oas.Session) {
	t.Helper()
	email := apitest.NewEmail()
	s.Register(t, email)
	_, sess := s.Login(t, email, apitest.Password)
	return email, sess
}

func TestPasswordChangeRevokesEverySession(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	email := apitest.NewEmail()
	s.Register(t, email)
	first, _ := s.Login(t, email, apitest.Password)
	second, _ := s.Login(t, email, apitest.Password)
	other, _ := s.RegisterAndLogin(t)
	wantAccepted(t, first, "before the change")
	wantAccepted(t, second, "before the change")

	err := first.ChangePassword(ctx, &oas.PasswordChange{CurrentPassword: "not the password", NewPassword: "a brand new password"})
	wantProblem(t, err, 403, "wrong_password")
	wantAccepted(t, first, "after a refused change")

	if err := first.ChangePassword(ctx, &oas.PasswordChange{CurrentPassword: apitest.Password, NewPassword: "a brand new password"}); err != nil {
		t.Fatal(err)
	}
	wantRejected(t, first, "a password change (the session that made it)")
	wantRejected(t, second, "a password change (another session)")
	wantAccepted(t, other, "another account's password change")

	_, err = s.Client.Login(ctx, &oas.LoginRequest{Email: email, Password: apitest.Password})
	wantProblem(t, err, 401, "invalid_credentials")
	s.Login(t, email, "a brand new password")
}

func TestDeactivationRevokesSessions(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	email := apitest.NewEmail()
	u := s.Register(t, email)
	c, _ := s.Login(t, email, apitest.Password)
	wantAccepted(t, c, "while active")

	off, err := s.Admin.UpdateUser(ctx, &oas.AdminUserUpdate{Active: oas.NewOptBool(false)}, oas.UpdateUserParams{UserId: u.ID})
	if err != nil || off.Active {
		t.Fatalf("deactivate: %+v, %v", off, err)
	}
	wantRejected(t, c, "deactivation")
	_, err = s.Client.Login(ctx, &oas.LoginRequest{Email: email, Password: apitest.Password})
	wantProblem(t, err, 401, "invalid_credentials")

	if _, err := s.Admin.UpdateUser(ctx, &oas.AdminUserUpdate{Active: oas.NewOptBool(true)}, oas.UpdateUserParams{UserId: u.ID}); err != nil {
		t.Fatal(err)
	}
	wantRejected(t, c, "reactivation (old sessions stay revoked)")
	s.Login(t, email, apitest.Password)
}

// TestBadTokensLookAlike: malformed, unknown, expired-format and admin-like
// tokens all get the same problem.
func TestBadTokensLookAlike(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	_, sess := loginAs(t, s)
	revoked := s.ClientWithToken(t, sess.Token)
	if err := revoked.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	var want *oas.Problem
	for _, token := range []string{"", "garbage", "mpt_" + "A", "mpt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", sess.Token, apitest.AdminToken + "x"} {
		_, err := s.ClientWithToken(t, token).GetMe(context.Background())
		wantProblem(t, err, 401, "unauthorized")
		p := problemOf(t, err)
		if want == nil {
			want = &p
			continue
		}
		if diff := cmp.Diff(*want, p, cmpopts.IgnoreFields(oas.Problem{}, "RequestId")); diff != "" {
			t.Errorf("token %q: problem differs:\n%s", token, diff)
		}
	}
}

// TestMachineTokenHasNoAccount: the static admin token is an admin but not
// a user.
func TestMachineTokenHasNoAccount(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	_, err := s.Admin.GetMe(context.Background())
	wantProblem(t, err, 403, "forbidden")
	wantProblem(t, s.Admin.Logout(context.Background()), 403, "forbidden")
}

func TestSessionUseIsRecordedAtMostOncePerInterval(t *testing.T) {
	t.Parallel()
	const every = 300 * time.Millisecond
	s := apitest.Start(t, func(c *config.Config) { c.Auth.SessionTouchEvery = every })
	c, u := s.RegisterAndLogin(t)
	lastUsed := func() string {
		t.Helper()
		var v string
		if err := s.SQLite(t).Reader.QueryRow("SELECT last_used_at FROM sessions WHERE user_id = ?", u.ID).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	created := lastUsed()
	for range 5 {
		wantAccepted(t, c, "")
	}
	if n := queryCount(t, s, "TouchSession"); n != 0 {
		t.Fatalf("%d TouchSession queries within the interval, want 0", n)
	}
	time.Sleep(every + 50*time.Millisecond)
	for range 5 {
		wantAccepted(t, c, "") // the first records the use, in the background
	}
	touched := waitChange(t, lastUsed, created)
	time.Sleep(50 * time.Millisecond)
	if n := queryCount(t, s, "TouchSession"); n != 1 {
		t.Errorf("%d TouchSession queries for 5 requests after the interval, want 1", n)
	}
	if got := lastUsed(); got != touched {
		t.Errorf("last_used_at changed again within the interval: %s → %s", touched, got)
	}
}

// TestWarmTokenNeedsNoQuery: a token is resolved once, then from the cache.
func TestWarmTokenNeedsNoQuery(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	c, _ := s.RegisterAndLogin(t)
	for range 5 {
		wantAccepted(t, c, "")
	}
	if n := queryCount(t, s, "GetSessionByTokenHash"); n != 1 {
		t.Errorf("%d session lookups for 5 calls with one token, want 1", n)
	}
}

// queryCount reads from /metrics how often the sqlc query name ran.
func queryCount(t *testing.T, s *apitest.Server, name string) int {
	t.Helper()
	s.SQLite(t) // the per-query histogram is SQLite's (internal/store's observer)
	_, body := do(t, s, "GET", "/metrics", "", nil)
	total := 0
	for line := range strings.SplitSeq(string(body), "\n") {
		if strings.HasPrefix(line, "db_client_query_duration_seconds_count{") && strings.Contains(line, `query="`+name+`"`) {
			_, v, _ := strings.Cut(line, "} ")
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("metrics line %q: %v", line, err)
			}
			total += n
		}
	}
	return total
}

func waitChange(t *testing.T, read func() string, from string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if v := read(); v != from {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("last_used_at never moved from %s", from)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func problemOf(t *testing.T, err error) oas.Problem {
	t.Helper()
	var p *oas.ProblemStatusCode
	if !errors.As(err, &p) {
		t.Fatalf("error = %v, want a problem", err)
	}
	return p.Response
}

// TestTokenCheckWithoutDatabase: when a token cannot be checked, the answer
// is 503, neither a 401 that would sign the user out nor a success.
func TestTokenCheckWithoutDatabase(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	c, _ := s.RegisterAndLogin(t) // not resolved yet: not cached
	if err := s.SQLite(t).Reader.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetMe(context.Background())
	wantProblem(t, err, 503, "unavailable")
}
