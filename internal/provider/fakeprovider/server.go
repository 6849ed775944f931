// Package fakeprovider is a fake market data provider on loopback for
// tests: it serves fixture bodies per route, counts every request, and
// injects the faults real providers show (429 storms, in-body limit
// notes, 5xx, hangs, truncated or malformed JSON, HTML error pages,
// unknown symbols, empty series). It is safe for concurrent use.
package fakeprovider

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
)

// Server is one fake provider. Start it with Start.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	routes   []route
	faults   []Fault // applied in order, one per request; the last one stays
	sticky   bool    // the last fault stays after its turn
	perPath  map[string]int
	total    int
	queries  []url.Values
	release  chan struct{}
	hanging  chan struct{} // one send per request that starts hanging
	closed   chan struct{}
	closeOne sync.Once
}

type route struct {
	path        string
	query       url.Values // required parameters
	contentType string
	body        []byte
}

// Start starts a server on loopback, closed when tb ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		perPath: map[string]int{},
		release: make(chan struct{}),
		hanging: make(chan struct{}, 1024),
		closed:  make(chan struct{}),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// URL is the server's base URL ("http://127.0.0.1:port").
func (s *Server) URL() string { return s.srv.URL }

// Client is an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close releases every hanging request and stops the server.
func (s *Server) Close() {
	s.closeOne.Do(func() { close(s.closed) })
	s.srv.Close()
}

// Serve answers requests matching pattern with body (status 200). A
// pattern is a path with optional required query parameters
// ("/query?function=GLOBAL_QUOTE&symbol=IBM"); the route requiring the
// most parameters wins. A later Serve of the same pattern replaces it.
func (s *Server) Serve(pattern, contentType string, body []byte) {
	path, q, _ := strings.Cut(pattern, "?")
	query, err := url.ParseQuery(q)
	if err != nil {
		panic("fakeprovider: bad pattern " + pattern)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.routes {
		if r.path == path && r.query.Encode() == query.Encode() {
			s.routes[i] = route{path, query, contentType, body}
			return
		}
	}
	s.routes = append(s.routes, route{path, query, contentType, body})
}

// ServeFile is Serve with the contents of file as a JSON body.
func (s *Server) ServeFile(tb testing.TB, pattern, file string) {
	tb.Helper()
	s.ServeFileAs(tb, pattern, "application/json", file)
}

// ServeFileAs is Serve with the contents of file.
func (s *Server) ServeFileAs(tb testing.TB, pattern, contentType, file string) {
	tb.Helper()
	body, err := os.ReadFile(file)
	if err != nil {
		tb.Fatalf("fakeprovider: %v", err)
	}
	s.Serve(pattern, contentType, body)
}

// Requests is the number of requests to path so far.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perPath[path]
}

// Total is the number of requests so far.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Queries are the query parameters of every request so far, in order.
func (s *Server) Queries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]url.Values, len(s.queries))
	copy(out, s.queries)
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.perPath[r.URL.Path]++
	s.total++
	s.queries = append(s.queries, r.URL.Query())
	fault, hasFault := s.nextFault()
	rt, found := s.match(r)
	s.mu.Unlock()
	if !hasFault {
		fault = Fault{kind: kindNone}
	}
	fault.apply(s, w, r, rt, found)
}

// match is the route of r requiring the most parameters (s.mu held).
func (s *Server) match(r *http.Request) (route, bool) {
	q := r.URL.Query()
	best, found := route{}, false
	for _, rt := range s.routes {
		if rt.path != r.URL.Path || !contains(q, rt.query) {
			continue
		}
		if !found || len(rt.query) > len(best.query) {
			best, found = rt, true
		}
	}
	return best, found
}

func contains(q, want url.Values) bool {
	for k := range want {
		if q.Get(k) != want.Get(k) {
			return false
		}
	}
	return true
}
