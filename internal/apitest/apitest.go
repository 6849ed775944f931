// Package apitest starts the real handler stack (middleware, ogen server,
// cache, a database migrated by the real migrations and seeded with the demo
// data) on an httptest server, for API tests and benchmarks.
//
// The database is a SQLite file, or, when the environment has
// MARKETPULSE_TEST_ENGINE=postgres, a fresh database of internal/testpg's
// cluster (the package's TestMain must then run testpg.Main): the same
// suite runs on either engine.
package apitest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/contract"
	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/logging"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/testdb"
)

// AdminToken is the admin bearer token of every test server.
const AdminToken = "test-admin-token-0123456789abcdef0123456789"

// Server is a running test instance.
type Server struct {
	URL string
	// Handler is the full middleware stack and ogen server, for in-process
	// benchmarks.
	Handler http.Handler
	// DB is the SQLite database; nil on PostgreSQL (see SQLite and Engine).
	DB     *store.DB
	Engine app.Engine
	Cache  *cache.Cache
	Config config.Config
	// HTTP validates every response against openapi.yaml.
	HTTP *http.Client
	// Client is the ogen-generated client over HTTP, with no token.
	Client *oas.Client
	// Admin is the generated client sending AdminToken.
	Admin *oas.Client
	// Hot counts cache reads; tests flush it by hand.
	Hot *hotkeys.Recorder
	// API is the handler behind the router.
	API *httpapi.Handler
}

// Option adjusts the configuration before the server starts.
type Option func(*config.Config)

// Start builds the stack on a fresh database in tb.TempDir() and stops it
// when the test ends.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	cfg := testConfig(tb, opts)
	log := testLogger(tb)
	ctx := context.Background()

	// The demo data goes in before the service starts, as `seed-demo` does
	// before `serve`.
	seedDemo(ctx, tb, cfg, log)
	stack, err := app.StartStack(ctx, cfg, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := stack.Stop(context.Background()); err != nil {
			tb.Error(err)
		}
	})
	router := stack.Handler
	ts := httptest.NewServer(router)
	tb.Cleanup(ts.Close)

	hc := &http.Client{Transport: contract.Load(tb).Transport(tb, ts.Client().Transport), Timeout: 10 * time.Second}
	client, err := oas.NewClient(ts.URL, Token(""), oas.WithClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := oas.NewClient(ts.URL, Token(AdminToken), oas.WithClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	return &Server{URL: ts.URL, Handler: router, Hot: stack.Hot, API: stack.API, DB: stack.DB, Engine: stack.Engine, Cache: stack.Cache, Config: cfg, HTTP: hc, Client: client, Admin: admin}
}

// testConfig is the configuration of a test server: the test environment
// with AdminToken, rate limits out of the way, the settings of authEnv, a
// fresh database in tb.TempDir() and an unreachable Valkey retried every
// 50ms. opts adjust it last.
func testConfig(tb testing.TB, opts []Option) config.Config {
	tb.Helper()
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "APP_ENV":
			return "test"
		case "ADMIN_TOKEN":
			return AdminToken
		case "RATE_LIMIT_RPS":
			return "100000"
		case "RATE_LIMIT_BURST":
			return "100000"
		case "REFRESH_ENABLED": // tests assert the seeded quotes; the refresher's tests are its own
			return "false"
		}
		return authEnv(k)
	})
	if err != nil {
		tb.Fatal(err)
	}
	cfg.DB.Path = filepath.Join(tb.TempDir(), "marketpulse.db")
	if Engine() == testdb.NamePostgres {
		cfg.DB.URL = testdb.PostgresURL(tb)
	}
	cfg.Cache.ProbeInterval = 50 * time.Millisecond
	// An L2 step that times out leaves the value in L1 only (by design), and
	// tests of values crossing Valkey would then wait for it in vain: on a
	// loaded CI machine under -race the 50 ms default is not always enough.
	// How the service bounds a sick Valkey is tested in internal/cache.
	cfg.Cache.CallTimeout = 2 * time.Second
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// testLogger is the service's logger (JSON from info, as in production)
// writing nowhere, unless the tests run verbose: then it writes text from
// debug level to the test log.
func testLogger(tb testing.TB) *slog.Logger {
	cfg, out := config.Log{Level: "info", Format: "json"}, io.Writer(io.Discard)
	// F.Log panics once the fuzz target runs: fuzz servers do not log.
	if _, fuzz := tb.(*testing.F); testing.Verbose() && !fuzz {
		cfg, out = config.Log{Level: "debug", Format: "text"}, tWriter{tb}
	}
	log, _, err := logging.New(cfg, out) // no file: nothing to close
	if err != nil {
		tb.Fatalf("logger: %v", err)
	}
	return log
}

// seedDemo migrates the database of cfg and seeds it with the demo data.
func seedDemo(ctx context.Context, tb testing.TB, cfg config.Config, log *slog.Logger) {
	tb.Helper()
	seeded, err := app.OpenEngine(ctx, cfg.DB, log, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.Seed(ctx, seeded.Market()); err != nil {
		tb.Fatal(errors.Join(err, seeded.Close()))
	}
	if err := seeded.Close(); err != nil {
		tb.Fatal(err)
	}
}

// Token is a SecuritySource that sends a fixed bearer token.
type Token string

// BearerAuth implements oas.SecuritySource.
func (t Token) BearerAuth(context.Context, oas.OperationName) (oas.BearerAuth, error) {
	return oas.BearerAuth{Token: string(t)}, nil
}

type tWriter struct{ tb testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.tb.Log(string(p))
	return len(p), nil
}

// engineEnv names the engine of the test servers: sqlite (the default) or
// postgres.
const engineEnv = "MARKETPULSE_TEST_ENGINE"

// Engine is the engine the test servers run on: testdb.NameSQLite unless
// MARKETPULSE_TEST_ENGINE says testdb.NamePostgres.
func Engine() string {
	if os.Getenv(engineEnv) == testdb.NamePostgres {
		return testdb.NamePostgres
	}
	return testdb.NameSQLite
}

// SQLite is the server's SQLite database, for the tests that look at the
// file itself; on PostgreSQL it skips the test, saying so.
func (s *Server) SQLite(tb testing.TB) *store.DB {
	tb.Helper()
	if s.DB == nil {
		tb.Skipf("looks at the SQLite file itself; this run is on %s (%s)", Engine(), engineEnv)
	}
	return s.DB
}
