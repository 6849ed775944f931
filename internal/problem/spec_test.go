package problem_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/apitest"
)

// The real stack echoes paths and methods into problems; whatever their
// length, the answer must satisfy openapi.yaml (s.HTTP validates every
// response and fails the test otherwise).
func TestServedProblemsStayWithinTheSpec(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"unknown long path", http.MethodGet, "/api/" + strings.Repeat("x", 5000), http.StatusNotFound},
		{"unknown long multibyte path", http.MethodGet, "/api/" + url.PathEscape(strings.Repeat("é", 3000)), http.StatusNotFound},
		{"long invalid parameter", http.MethodGet, "/api/assets/" + strings.Repeat("A", 5000), http.StatusBadRequest},
		{"long method", strings.Repeat("X", 3000), "/api/assets/AAPL", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tt.method, s.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := s.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || !utf8.Valid(body) {
				t.Errorf("status %d, want %d; valid UTF-8 %v", resp.StatusCode, tt.status, utf8.Valid(body))
			}
		})
	}
}
