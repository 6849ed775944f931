package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
)

// BenchmarkGetDashboard10WidgetsWarm serves GET /api/dashboards/{id} of a
// dashboard with 10 widgets through the full stack (middleware, token
// resolution, ogen, handler, cache, encoding) in-process, warm: no SQL.
func BenchmarkGetDashboard10WidgetsWarm(b *testing.B) {
	s := apitest.Start(b)
	u := apitest.NewUser(b, s, "bench@example.com")
	dash := mustCreateDashboard(b, u.Client, "bench").Response.ID
	for i := range 10 {
		mustCreateWidget(b, u.Client, dash, pos(int32(i%3)*4, int32(i/3)*3, 4, 3), watchlist("AAPL", "MSFT", "NVDA"))
	}
	req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/dashboards/%d", dash), nil)
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Authorization", "Bearer "+u.Token)
	warm := httptest.NewRecorder()
	s.Handler.ServeHTTP(warm, req)
	if warm.Code != http.StatusOK {
		b.Fatalf("warm-up: %d %s", warm.Code, warm.Body)
	}
	before := s.Cache.Stats().OriginLoads
	b.ReportAllocs()
	b.ResetTimer()
	w := &discardWriter{header: http.Header{}}
	for b.Loop() {
		clear(w.header)
		w.code = 0
		s.Handler.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatalf("GET: %d", w.code)
		}
	}
	b.StopTimer()
	if loads := s.Cache.Stats().OriginLoads - before; loads != 0 {
		b.Fatalf("%d origin loads (SQL) during warm reads, want 0", loads)
	}
}
