package webpage_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/httpmw"
	"github.com/marketpulse/api/internal/webpage"
)

var built = fstest.MapFS{
	"index.html":           {Data: []byte(`<!doctype html><script type="module" src="/assets/app-abc.js"></script>`)},
	"assets/app-abc.js":    {Data: []byte(strings.Repeat("console.log('market pulse');\n", 100))},
	"assets/style-abc.css": {Data: []byte("body{margin:0}")},
}

func newPage(t *testing.T) http.Handler {
	t.Helper()
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-From", "api")
		w.WriteHeader(http.StatusTeapot)
	})
	h, err := webpage.New(built, api, httpmw.SecurityHeaders())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The index answers / and every client-side route, never cached unchecked,
// with the page's CSP; the API's paths and other methods reach the API.
func TestRoutes(t *testing.T) {
	h := newPage(t)
	for _, p := range []string{"/", "/dashboards/12", "/index.html"} {
		rec := get(t, h, http.MethodGet, p)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "/assets/app-abc.js") {
			t.Fatalf("GET %s: %d %q", p, rec.Code, rec.Body.String())
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q", p, got)
		}
		if got := rec.Header().Get("Content-Security-Policy"); got != webpage.CSP {
			t.Errorf("GET %s: CSP %q", p, got)
		}
		if rec.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: the security headers are missing", p)
		}
	}
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/api/nope"}, {http.MethodGet, "/api"}, {http.MethodGet, "/metrics"}, {http.MethodPost, "/"},
	} {
		if rec := get(t, h, c.method, c.path); rec.Code != http.StatusTeapot || rec.Header().Get("X-From") != "api" {
			t.Errorf("%s %s: %d, not the API's answer", c.method, c.path, rec.Code)
		}
	}
	if rec := get(t, h, http.MethodGet, "/assets/missing.js"); rec.Code != http.StatusNotFound {
		t.Errorf("a missing asset: %d, want 404 (not the index)", rec.Code)
	}
}

// Hashed assets are cached for a year, sent gzipped when accepted, and
// revalidate by ETag.
func TestAssets(t *testing.T) {
	h := newPage(t)
	plain := get(t, h, http.MethodGet, "/assets/app-abc.js")
	if plain.Code != http.StatusOK || plain.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("asset: %d %q", plain.Code, plain.Header().Get("Cache-Control"))
	}
	if ct := plain.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	gz := get(t, h, http.MethodGet, "/assets/app-abc.js", "Accept-Encoding", "br, gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Fatalf("gzip: encoding %q, etag %q vs %q", gz.Header().Get("Content-Encoding"), gz.Header().Get("ETag"), plain.Header().Get("ETag"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if string(body) != plain.Body.String() {
		t.Error("the gzipped body is not the file")
	}
	if rec := get(t, h, http.MethodGet, "/assets/app-abc.js", "If-None-Match", plain.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", rec.Code)
	}
}

// The real binary's page: the embedded build at /, its assets, and the API
// beside it unchanged (an unknown /api path is still its 404 problem, with
// its own strict CSP).
func TestServedByTheStack(t *testing.T) {
	s := apitest.Start(t)
	res, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		res.Header.Get("Content-Security-Policy") != webpage.CSP {
		t.Fatalf("GET /: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Security-Policy"))
	}
	if strings.Contains(string(index), "<style") || regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).Match(index) {
		t.Error("index.html holds inline script or style, which the CSP forbids")
	}
	asset := regexp.MustCompile(`/assets/[^"]+\.js`).Find(index)
	if asset == nil {
		t.Fatalf("no script in index.html: %s", index)
	}
	res, err = http.Get(s.URL + string(asset))
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("GET %s: %d %q", asset, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res, err = http.Get(s.URL + "/api/no-such-thing")
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.HasPrefix(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("GET /api/no-such-thing: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Security-Policy"))
	}
}
