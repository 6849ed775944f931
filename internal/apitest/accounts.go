package apitest

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/config"
)

// Password is the password of the accounts the helpers create.
const Password = "correct horse battery staple"

// authEnv makes password hashing cheap (argon2id with 64 KiB, 1 pass) and
// lifts the login, registration and per-user limits; tests of those
// features set their own values with an Option.
func authEnv(k string) string {
	switch k {
	case "ARGON2_MEMORY_KIB":
		return "64"
	case "ARGON2_ITERATIONS", "ARGON2_PARALLELISM":
		return "1"
	case "LOGIN_ATTEMPTS_PER_MINUTE", "LOGIN_BURST", "LOGIN_CLIENT_ATTEMPTS_PER_MINUTE", "LOGIN_CLIENT_BURST",
		"PASSWORD_CHANGE_FAILURES_PER_MINUTE", "PASSWORD_CHANGE_BURST", "REGISTER_ATTEMPTS_PER_MINUTE", "REGISTER_BURST",
		"RATE_LIMIT_USER_RPS", "RATE_LIMIT_USER_BURST":
		return "100000"
	}
	return ""
}

// BehindProxy is an Option trusting the test server's peer (the test
// itself, on loopback) as a proxy, so that a test chooses its client
// address with X-Forwarded-For.
func BehindProxy(c *config.Config) {
	c.HTTP.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// NewEmail returns an address no account has yet.
func NewEmail() string {
	return "user-" + strings.ToLower(rand.Text()[:12]) + "@example.com"
}

// Register creates an account of role user with Password.
func (s *Server) Register(tb testing.TB, email string) oas.User {
	tb.Helper()
	u, err := s.Client.Register(context.Background(), &oas.RegisterRequest{
		Email: oas.Email(email), Password: Password, DisplayName: "Test User",
	})
	if err != nil {
		tb.Fatalf("register %s: %v", email, err)
	}
	return *u
}

// Login starts a session and returns a client sending its token.
func (s *Server) Login(tb testing.TB, email, password string) (*oas.Client, *oas.Session) {
	tb.Helper()
	sess, err := s.Client.Login(context.Background(), &oas.LoginRequest{Email: email, Password: password})
	if err != nil {
		tb.Fatalf("login %s: %v", email, err)
	}
	return s.ClientWithToken(tb, sess.Token), sess
}

// RegisterAndLogin creates a fresh account and returns a client signed in
// as it.
func (s *Server) RegisterAndLogin(tb testing.TB) (*oas.Client, oas.User) {
	tb.Helper()
	email := NewEmail()
	s.Register(tb, email)
	c, sess := s.Login(tb, email, Password)
	return c, sess.User
}

// RegisterAdmin creates an account, promotes it with the admin token and
// returns a client signed in as it.
func (s *Server) RegisterAdmin(tb testing.TB) (*oas.Client, oas.User) {
	tb.Helper()
	email := NewEmail()
	u := s.Register(tb, email)
	if _, err := s.Admin.UpdateUser(context.Background(), &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleAdmin)},
		oas.UpdateUserParams{UserId: u.ID}); err != nil {
		tb.Fatalf("promote %s: %v", email, err)
	}
	c, sess := s.Login(tb, email, Password)
	return c, sess.User
}

// ClientWithToken returns the contract-checking generated client sending
// token as its bearer token.
func (s *Server) ClientWithToken(tb testing.TB, token string) *oas.Client {
	tb.Helper()
	c, err := oas.NewClient(s.URL, Token(token), oas.WithClient(s.HTTP))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// CreateAssets creates stock assets of the given symbols, named namePrefix
// and the symbol, through the admin API; one that exists already is left
// as it is.
func (s *Server) CreateAssets(tb testing.TB, namePrefix string, symbols ...string) {
	tb.Helper()
	for _, sym := range symbols {
		_, err := s.Admin.CreateAsset(context.Background(), &oas.AssetCreate{
			Symbol: oas.Symbol(sym), Name: oas.AssetName(namePrefix + sym), Type: oas.AssetTypeStock,
			Currency: oas.NewOptCurrency("USD"),
		})
		var p *oas.ProblemStatusCode
		if err != nil && !(errors.As(err, &p) && p.StatusCode == http.StatusConflict) {
			tb.Fatalf("create asset %s: %v", sym, err)
		}
	}
}
