package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
)

// FuzzNewsQuery sends arbitrary q (with and without filters) through the
// full stack: never a 5xx, every answer as openapi.yaml says. Seeds are in
// testdata/fuzz/FuzzNewsQuery.
func FuzzNewsQuery(f *testing.F) {
	s := apitest.Start(f)
	seedNewsAssets(f, s, "NWA")
	mustIngest(f, s,
		newsIn(newsURL("fz", 1), "Apple earnings beat NEAR record", "title: apple AND tesla (rates)", "wire", newsT0, "NWA"),
		newsIn(newsURL("fz", 2), "Fed holds \"rates\" <steady>", "Central bank * ^ OR", "blog", newsT0),
	)
	f.Fuzz(func(t *testing.T, q string, filtered bool) {
		v := url.Values{"q": {q}}
		if filtered {
			v.Set("symbol", "NWA")
			v.Set("source", "wire")
			v.Set("limit", "1")
		}
		rec := serveNews(t, s, http.MethodGet, "/api/news?"+v.Encode(), nil)
		if next := nextCursorOf(rec); next != "" {
			v.Set("cursor", next)
			serveNews(t, s, http.MethodGet, "/api/news?"+v.Encode(), nil)
		}
	})
}

// FuzzIngestNews posts arbitrary bodies as the admin: never a 5xx, and a
// rejected batch changes nothing. Seeds are in testdata/fuzz/FuzzIngestNews.
func FuzzIngestNews(f *testing.F) {
	s := apitest.Start(f)
	d := s.SQLite(f)
	seedNewsAssets(f, s, "NWA", "NWB")
	state := func(t *testing.T) [2]int64 {
		var n [2]int64
		row := d.Writer.QueryRowContext(context.Background(),
			"SELECT (SELECT count(*) FROM news_articles), (SELECT count(*) FROM news_article_assets)")
		if err := row.Scan(&n[0], &n[1]); err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := state(t)
		rec := serveNews(t, s, http.MethodPost, "/api/news", body)
		if rec.Code/100 != 2 && state(t) != before {
			t.Fatalf("%d %s changed the database", rec.Code, rec.Body)
		}
	})
}

// serveNews serves one admin request in-process and fails t on a 5xx or an
// answer that does not match openapi.yaml.
func serveNews(t *testing.T, s *apitest.Server, method, target string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Authorization", "Bearer "+apitest.AdminToken)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s %q → %d %s", method, target, body, rec.Code, rec.Body)
	}
	if err := contract.Load(t).Check(req, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
		t.Fatalf("%s %s %q: %v", method, target, body, err)
	}
	return rec
}

// nextCursorOf is the nextCursor of a 200 page, or "".
func nextCursorOf(rec *httptest.ResponseRecorder) string {
	if rec.Code != http.StatusOK {
		return ""
	}
	var p struct{ NextCursor string }
	_ = json.Unmarshal(rec.Body.Bytes(), &p)
	return p.NextCursor
}
