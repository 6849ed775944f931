package httpapi_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
)

// ingestBody is a raw ingestion of n articles with long summaries.
func ingestBody(t *testing.T, prefix string, n int) string {
	t.Helper()
	articles := make([]oas.NewsInput, n)
	for i := range articles {
		articles[i] = newsIn(newsURL(prefix, i), "Storage test", strings.Repeat("lorem ipsum ", 400), "wire", time.Now().UTC())
	}
	b, err := json.Marshal(map[string]any{"articles": articles})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var adminJSON = map[string]string{"Authorization": "Bearer " + apitest.AdminToken, "Content-Type": "application/json"}

// mustHealth reads the health (a 200).
func mustHealth(t *testing.T, s *apitest.Server) *oas.GetHealthOK {
	t.Helper()
	res, err := s.Client.GetHealth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, ok := res.(*oas.GetHealthOK)
	if !ok {
		t.Fatalf("health = %#v, want 200", res)
	}
	return h
}

// TestWriteWhileLockedElsewhere: a write while another process holds the
// database's write lock past the busy timeout answers 503 database_busy
// with Retry-After, not 500.
func TestWriteWhileLockedElsewhere(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.DB.BusyTimeout = 50 * time.Millisecond })
	s.SQLite(t) // another process holding the SQLite file's write lock
	other, err := sql.Open("sqlite", store.DSN(s.Config.DB.Path, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, s, http.MethodPost, "/api/news", ingestBody(t, "busy", 1), adminJSON)
	p := decodeProblem(t, resp, body, http.StatusServiceUnavailable)
	if p.Code != "database_busy" || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("busy write: code %q, Retry-After %q; want database_busy after 1 s", p.Code, resp.Header.Get("Retry-After"))
	}
	if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	resp, body = do(t, s, http.MethodPost, "/api/news", ingestBody(t, "busy", 1), adminJSON)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("write once the lock is released: %d %s", resp.StatusCode, body)
	}
}

// TestWriteWhenFull: a write the storage cannot hold (SQLite's page limit
// stands in for a full disk) answers 507 storage_full, and health reports
// the storage degraded.
func TestWriteWhenFull(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	s.SQLite(t) // the SQLite file's page limit and free space
	if h := mustHealth(t, s); h.Status != oas.HealthStatusOk || h.Checks.Storage.Value.Status != oas.HealthChecksStorageStatusUp ||
		h.Checks.Storage.Value.FreeBytes.Value <= 0 {
		t.Fatalf("health before = %+v, want ok with the storage up", h)
	}
	ctx := t.Context()
	var pages int64
	if err := s.SQLite(t).Writer.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SQLite(t).Writer.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, s, http.MethodPost, "/api/news", ingestBody(t, "full", 50), adminJSON)
	if p := decodeProblem(t, resp, body, http.StatusInsufficientStorage); p.Code != "storage_full" {
		t.Errorf("full write: code %q, want storage_full", p.Code)
	}
	h := mustHealth(t, s)
	st := h.Checks.Storage.Value
	if h.Status != oas.HealthStatusDegraded || st.Status != oas.HealthChecksStorageStatusDegraded || !st.LastWriteErrorAt.Set {
		t.Errorf("health after = %+v, want degraded with the write error", h)
	}
}

// TestHealthLowSpace: free space under DB_MIN_FREE_BYTES degrades health.
func TestHealthLowSpace(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.DB.MinFreeBytes = 1 << 50 })
	s.SQLite(t) // the free space of the SQLite file's filesystem
	h := mustHealth(t, s)
	st := h.Checks.Storage.Value
	if h.Status != oas.HealthStatusDegraded || st.Status != oas.HealthChecksStorageStatusDegraded ||
		st.MinFreeBytes.Value != 1<<50 || !strings.Contains(st.Error.Value, "DB_MIN_FREE_BYTES") {
		t.Errorf("health = %+v, want degraded for lack of space", h)
	}
}

// TestSearchTooExpensiveAPI: a search of many short prefixes is a 400
// about q, never a multi-second scan.
func TestSearchTooExpensiveAPI(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	q := "a*%20OR%20b*%20OR%20c*%20OR%20d*%20OR%20e*"
	p := getProblem(t, s, "/api/news?q="+q, http.StatusBadRequest)
	if p.Code != "search_too_expensive" || len(p.Errors) != 1 || p.Errors[0].Pointer != "/query/q" {
		t.Errorf("problem = %+v, want search_too_expensive at /query/q", p)
	}
}
