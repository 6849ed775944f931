package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
)

// BenchmarkTokenCheckWarm is the security handler on a session token whose
// resolution is cached: digest, L1 hit, expiry, per-user rate limit,
// principal. Target: ≤ 2 µs, no SQL.
func BenchmarkTokenCheckWarm(b *testing.B) {
	s := apitest.Start(b, func(c *config.Config) { c.HTTP.UserRateLimitRPS = 1e9; c.HTTP.UserRateLimitBurst = 100 })
	email := apitest.NewEmail()
	s.Register(b, email)
	_, sess := s.Login(b, email, apitest.Password)
	r := s.Handler.(*httpapi.Router)
	ctx := httpapi.WithResponseHeader(context.Background(), http.Header{})
	if _, err := r.CheckToken(ctx, sess.Token); err != nil {
		b.Fatal(err)
	}
	before := s.Cache.Stats().OriginLoads
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.CheckToken(ctx, sess.Token); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if loads := s.Cache.Stats().OriginLoads - before; loads != 0 {
		b.Fatalf("%d origin loads (SQL) during warm checks, want 0", loads)
	}
}

// BenchmarkLogin is a successful login through the full stack with the
// production argon2id parameters (auth.DefaultParams): one verification and
// one session insert. Reported as ms/op.
func BenchmarkLogin(b *testing.B) {
	p := auth.DefaultParams
	s := apitest.Start(b, func(c *config.Config) {
		c.Auth.ArgonMemoryKiB, c.Auth.ArgonIterations, c.Auth.ArgonParallelism = int(p.MemoryKiB), int(p.Iterations), int(p.Parallelism)
	})
	email := apitest.NewEmail()
	s.Register(b, email)
	body := `{"email":"` + email + `","password":"` + apitest.Password + `"}`
	w := &discardWriter{header: http.Header{}}
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/auth/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		clear(w.header)
		w.code = 0
		s.Handler.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatalf("login: %d", w.code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
