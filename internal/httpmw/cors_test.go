package httpmw_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/httpmw"
)

func TestCORS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		give       []string
		origin     string
		wantOrigin string // expected Access-Control-Allow-Origin; "" means no CORS header at all
	}{
		{name: "empty list sends no CORS headers", give: nil, origin: "https://evil.example"},
		{name: "empty strings send no CORS headers", give: []string{""}, origin: "https://evil.example"},
		{name: "listed origin", give: []string{"https://app.example.com"}, origin: "https://app.example.com", wantOrigin: "https://app.example.com"},
		{name: "unlisted origin", give: []string{"https://app.example.com"}, origin: "https://evil.example"},
		{name: "explicit star", give: []string{"*"}, origin: "https://any.example", wantOrigin: "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := httpmw.CORS(tt.give)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusNoContent)
			}))
			for _, method := range []string{http.MethodOptions, http.MethodGet} {
				r := httptest.NewRequest(method, "/api/assets", nil)
				r.Header.Set("Origin", tt.origin)
				if method == http.MethodOptions {
					r.Header.Set("Access-Control-Request-Method", http.MethodPatch)
					r.Header.Set("Access-Control-Request-Headers", "authorization")
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.wantOrigin {
					t.Errorf("%s: Access-Control-Allow-Origin = %q, want %q", method, got, tt.wantOrigin)
				}
				if tt.wantOrigin != "" {
					continue
				}
				for k := range w.Header() {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("%s: CORS header %s = %q with no allowed origin", method, k, w.Header().Get(k))
					}
				}
			}
		})
	}
}
