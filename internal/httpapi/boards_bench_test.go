package httpapi_test

import (
	"fmt"
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
	req := benchRequest(fmt.Sprintf("/api/dashboards/%d", dash))
	req.Header.Set("Authorization", "Bearer "+u.Token)
	benchServe(b, s, req)
}
