package account_test

import (
	"context"
	"log/slog"
	"net/netip"
	"testing"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the account storage of the engine the subtest runs on.
func storageOf(e testdb.Engine) account.Storage {
	if e.Postgres != nil {
		return account.Postgres(e.Postgres)
	}
	return account.SQLite(e.SQLite)
}

// testAuth is the account settings of these tests: argon2id made cheap and
// the throttles out of the way (their own tests set theirs).
func testAuth(t *testing.T) config.Auth {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "ARGON2_MEMORY_KIB":
			return "64"
		case "ARGON2_ITERATIONS", "ARGON2_PARALLELISM":
			return "1"
		case "LOGIN_ATTEMPTS_PER_MINUTE", "LOGIN_BURST", "LOGIN_CLIENT_ATTEMPTS_PER_MINUTE", "LOGIN_CLIENT_BURST",
			"PASSWORD_CHANGE_FAILURES_PER_MINUTE", "PASSWORD_CHANGE_BURST", "REGISTER_ATTEMPTS_PER_MINUTE", "REGISTER_BURST":
			return "100000"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Auth
}

// newService is an account service over st with a cache of its own, as one
// instance of the application has.
func newService(t *testing.T, st account.Storage) *account.Service {
	t.Helper()
	c, err := cache.New(cache.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	s, err := account.New(account.Deps{Storage: st, Cache: c, Log: slog.New(slog.DiscardHandler), Auth: testAuth(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// clientIP is the address the tests' registrations and logins come from.
var clientIP = netip.MustParseAddr("192.0.2.1")

const password = "correct horse battery staple"

func mustRegister(t *testing.T, s *account.Service, email string) account.User {
	t.Helper()
	u, err := s.Register(context.Background(), account.Registration{
		Email: email, Password: password, DisplayName: "Test", ClientIP: clientIP,
	})
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	return u
}

func mustLogin(t *testing.T, s *account.Service, email string) account.Session {
	t.Helper()
	sess, err := s.Login(context.Background(), account.Credentials{Email: email, Password: password, ClientIP: clientIP})
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return sess
}

// countSessions counts the stored sessions of the engine.
func countSessions(t *testing.T, e testdb.Engine) int {
	t.Helper()
	ctx := context.Background()
	const q = "SELECT count(*) FROM sessions"
	var n int
	var err error
	if e.Postgres != nil {
		err = e.Postgres.Pool.QueryRow(ctx, q).Scan(&n)
	} else {
		err = e.SQLite.Reader.QueryRowContext(ctx, q).Scan(&n)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}
