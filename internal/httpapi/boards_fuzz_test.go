package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
)

// The fuzz targets post arbitrary bodies through the full stack (middleware,
// ogen decoding, handler, SQLite) in-process: no answer may be a 5xx, and
// every answer must match openapi.yaml. Seeds are in testdata/fuzz.

func FuzzCreateDashboard(f *testing.F) {
	s := apitest.Start(f)
	u := apitest.NewUser(f, s, "fuzz@example.com")
	f.Fuzz(func(t *testing.T, body []byte) {
		serveChecked(t, s, u, http.MethodPost, "/api/dashboards", body, "")
	})
}

func FuzzCreateWidget(f *testing.F) {
	s := apitest.Start(f)
	u := apitest.NewUser(f, s, "fuzz@example.com")
	dash := mustCreateDashboard(f, u.Client, "fuzz").Response.ID
	mustCreateWidget(f, u.Client, dash, pos(0, 0, 4, 4), watchlist("AAPL"))
	path := fmt.Sprintf("/api/dashboards/%d/widgets", dash)
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := serveChecked(t, s, u, http.MethodPost, path, body, "")
		if rec.Code != http.StatusCreated {
			return
		}
		// Make room for the next input: remove what was created.
		loc := fmt.Sprintf("%s/%d", path, createdID(t, rec.Body.Bytes()))
		if del := serveChecked(t, s, u, http.MethodDelete, loc, nil, ""); del.Code != http.StatusNoContent {
			t.Fatalf("DELETE %s: %d %s", loc, del.Code, del.Body)
		}
	})
}

func FuzzUpdateWidget(f *testing.F) {
	s := apitest.Start(f)
	u := apitest.NewUser(f, s, "fuzz@example.com")
	dash := mustCreateDashboard(f, u.Client, "fuzz").Response.ID
	mustCreateWidget(f, u.Client, dash, pos(6, 0, 6, 6), watchlist("MSFT"))
	w := mustCreateWidget(f, u.Client, dash, pos(0, 0, 4, 4), priceChart("AAPL", "1h")).Response.ID
	path := fmt.Sprintf("/api/dashboards/%d/widgets/%d", dash, w)
	f.Fuzz(func(t *testing.T, body []byte, ifMatch string) {
		if !validHeaderValue(ifMatch) {
			t.Skip("not a header value a client can send")
		}
		serveChecked(t, s, u, http.MethodPatch, path, body, ifMatch)
	})
}

// serveChecked serves one request through s.Handler and fails t on a 5xx or
// an answer that does not match openapi.yaml.
func serveChecked(t *testing.T, s *apitest.Server, u apitest.User, method, path string, body []byte, ifMatch string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Authorization", "Bearer "+u.Token)
	req.Header.Set("Content-Type", "application/json")
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s %q → %d %s", method, path, body, rec.Code, rec.Body)
	}
	if err := contract.Load(t).Check(req, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
		t.Fatalf("%s %s %q: %v", method, path, body, err)
	}
	return rec
}

func createdID(t *testing.T, body []byte) int64 {
	t.Helper()
	var v struct{ ID int64 }
	if err := json.Unmarshal(body, &v); err != nil || v.ID == 0 {
		t.Fatalf("created widget: %v: %s", err, body)
	}
	return v.ID
}

// validHeaderValue reports whether a client could send s as a header value
// (RFC 9110 field-value: visible characters, spaces and tabs).
func validHeaderValue(s string) bool {
	for i := range len(s) {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
