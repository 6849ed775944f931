package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
)

// benchGet serves path through the full stack (middleware, ogen router and
// decoding, handler, cache, encoding) in-process, after one warming request.
func benchGet(b *testing.B, path string) {
	benchServe(b, apitest.Start(b), benchRequest(path))
}

// benchRequest is a GET of path from a fixed client address.
func benchRequest(path string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2.1:1234"
	return req
}

// benchServe measures s answering req, after one warming request, and fails
// on any status but 200 and on any origin load (SQL) during the warm reads.
func benchServe(b *testing.B, s *apitest.Server, req *http.Request) {
	warm := httptest.NewRecorder()
	s.Handler.ServeHTTP(warm, req)
	if warm.Code != http.StatusOK {
		b.Fatalf("warm-up %s: %d %s", req.URL, warm.Code, warm.Body)
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
			b.Fatalf("%s: %d", req.URL, w.code)
		}
	}
	b.StopTimer()
	if loads := s.Cache.Stats().OriginLoads - before; loads != 0 {
		b.Fatalf("%d origin loads (SQL) during warm reads, want 0", loads)
	}
}

func BenchmarkGetAssetWarm(b *testing.B)     { benchGet(b, "/api/assets/AAPL") }
func BenchmarkListAssets50Warm(b *testing.B) { benchGet(b, "/api/assets?limit=50") }

// discardWriter is what a real connection costs the handler, minus the
// socket: httptest.ResponseRecorder clones headers and buffers the body,
// which would dominate the figures.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(p), nil
}
