// Package apitest starts the real handler stack (middleware, ogen server,
// cache, SQLite migrated by the real migrations and seeded with the demo
// data) on an httptest server, for API tests and benchmarks.
package apitest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/contract"
	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/telemetry"
)

// AdminToken is the admin bearer token of every test server.
const AdminToken = "test-admin-token-0123456789abcdef0123456789"

// Server is a running test instance.
type Server struct {
	URL string
	// Handler is the full middleware stack and ogen server, for in-process
	// benchmarks.
	Handler http.Handler
	DB      *store.DB
	Cache   *cache.Cache
	Config  config.Config
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
		}
		return authEnv(k)
	})
	if err != nil {
		tb.Fatal(err)
	}
	cfg.DB.Path = filepath.Join(tb.TempDir(), "marketpulse.db")
	cfg.Cache.ProbeInterval = 50 * time.Millisecond
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// F.Log panics once the fuzz target runs: fuzz servers do not log.
	if _, fuzz := tb.(*testing.F); testing.Verbose() && !fuzz {
		log = slog.New(slog.NewTextHandler(tWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ctx := context.Background()

	tel, err := telemetry.New()
	if err != nil {
		tb.Fatal(err)
	}
	d, err := app.OpenAndMigrate(ctx, cfg.DB, log, tel.Meter)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close() })
	if _, err := demo.Seed(ctx, d); err != nil {
		tb.Fatal(err)
	}
	c, err := cache.New(cache.Config{
		L1MaxBytes: cfg.Cache.L1MaxBytes, NotFoundTTL: cfg.Cache.NotFoundTTL, ValkeyURL: cfg.Cache.ValkeyURL,
		DialTimeout: cfg.Cache.DialTimeout, CallTimeout: cfg.Cache.CallTimeout,
		ProbeInterval: cfg.Cache.ProbeInterval, BreakerThreshold: cfg.Cache.BreakerThreshold,
	}, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	accounts, err := account.New(account.Deps{DB: d, Cache: c, Log: log, Auth: cfg.Auth, AdminToken: cfg.AdminToken})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(accounts.Close)
	hot := hotkeys.NewRecorder(d, map[string]time.Duration{"asset": cfg.Cache.AssetsTTL}, 10_000, log)
	h := httpapi.New(httpapi.Deps{
		DB: d, Cache: c, Telemetry: tel, Log: log, Build: buildinfo.Read(), Env: cfg.Env,
		StartedAt: time.Now(), AssetTTL: cfg.Cache.AssetsTTL,
		QuoteTTL: cfg.Cache.QuotesTTL, BarTTL: cfg.Cache.HistoryTTL, NewsTTL: cfg.Cache.NewsTTL,
		Account: accounts, Hot: hot,
	})
	router, err := httpapi.NewRouter(cfg.HTTP, h, tel, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(router.Close)
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
	return &Server{URL: ts.URL, Handler: router, Hot: hot, API: h, DB: d, Cache: c, Config: cfg, HTTP: hc, Client: client, Admin: admin}
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
