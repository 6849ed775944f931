package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apitest"
)

// The ingestion fuzz targets post arbitrary bodies as admin through the
// full stack: no answer may be a 5xx or break the contract, and an answer
// that is not a 2xx must leave the stored data as it was (all or nothing).
// Seeds are in testdata/fuzz.

func FuzzIngestQuotes(f *testing.F) {
	s := apitest.Start(f)
	admin := apitest.User{Token: apitest.AdminToken}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := storedQuotes(t, s)
		if rec := serveChecked(t, s, admin, http.MethodPost, "/api/quotes", body, ""); rec.Code >= 300 {
			if diff := cmp.Diff(before, storedQuotes(t, s)); diff != "" {
				t.Fatalf("%d %s changed the quotes (-before +after):\n%s", rec.Code, rec.Body, diff)
			}
		}
	})
}

func FuzzIngestBars(f *testing.F) {
	s := apitest.Start(f)
	admin := apitest.User{Token: apitest.AdminToken}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := storedBars(t, s, "AAPL")
		if rec := serveChecked(t, s, admin, http.MethodPost, "/api/assets/AAPL/bars", body, ""); rec.Code >= 300 {
			if diff := cmp.Diff(before, storedBars(t, s, "AAPL")); diff != "" {
				t.Fatalf("%d %s changed the bars (-before +after):\n%s", rec.Code, rec.Body, diff)
			}
		}
	})
}

// storedQuotes reads every stored quote, oldest first.
func storedQuotes(t *testing.T, s *apitest.Server) []db.Quote {
	t.Helper()
	rows, err := s.SQLite(t).Read.ListStaleQuotes(context.Background(), db.ListStaleQuotesParams{
		OlderThan: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), MaxRows: 1 << 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// storedBars reads every stored bar of symbol, by interval.
func storedBars(t *testing.T, s *apitest.Server, symbol string) map[string][]db.ListBarsBySymbolRow {
	t.Helper()
	out := map[string][]db.ListBarsBySymbolRow{}
	for _, iv := range []string{"1m", "5m", "1h", "1d"} {
		rows, err := s.SQLite(t).Read.ListBarsBySymbol(context.Background(), db.ListBarsBySymbolParams{
			Symbol: symbol, Interval: iv, Since: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
			Until: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), MaxRows: 1 << 20,
		})
		if err != nil {
			t.Fatal(err)
		}
		out[iv] = rows
	}
	return out
}
