package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoadCountsRequestsAndErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			http.Error(w, "not yet", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()

	l := load{URLs: []string{srv.URL + "/ok", srv.URL + "/down"}, Concurrency: 4,
		Warmup: 50 * time.Millisecond, Duration: 300 * time.Millisecond}
	r := l.run(t.Context())
	if r.Requests < 20 {
		t.Fatalf("only %d requests in %s", r.Requests, l.Duration)
	}
	// The URLs alternate across workers: about half fail.
	if r.Errors < r.Requests/4 || r.Errors > r.Requests*3/4 {
		t.Errorf("%d errors of %d requests, want about half", r.Errors, r.Requests)
	}
	if len(r.Latencies) != r.Requests-r.Errors {
		t.Errorf("%d latencies for %d successful requests", len(r.Latencies), r.Requests-r.Errors)
	}
	for i := 1; i < len(r.Latencies); i++ {
		if r.Latencies[i] < r.Latencies[i-1] {
			t.Fatal("latencies are not sorted")
		}
	}
	if len(r.Samples) == 0 || !strings.Contains(r.Samples[0], "503") || !strings.Contains(r.Samples[0], "/down") {
		t.Errorf("error samples %q do not name the status and path", r.Samples)
	}
	if r.Elapsed > l.Duration || r.Elapsed < l.Duration*9/10 {
		t.Errorf("measured window %s, want about %s", r.Elapsed, l.Duration)
	}
}

func TestLoadStartsAtStart(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	// The load stops once three requests arrived, however slow the machine.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		if len(paths) == 3 {
			cancel()
		}
		mu.Unlock()
	}))
	defer srv.Close()
	l := load{URLs: []string{srv.URL + "/a", srv.URL + "/b", srv.URL + "/c"}, Start: 1, Concurrency: 1,
		Duration: time.Minute}
	l.run(ctx)
	mu.Lock()
	defer mu.Unlock()
	if len(paths) < 3 || paths[0] != "/b" || paths[1] != "/c" || paths[2] != "/a" {
		t.Errorf("requested %v, want /b, /c, /a, …", paths[:min(len(paths), 3)])
	}
}

func TestUncachedSearchesDoNotRepeat(t *testing.T) {
	t.Parallel()
	urls := uncachedSearches([]string{"earnings", "fed rate"})
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			t.Fatalf("%s repeats", u)
		}
		seen[u] = true
	}
	if len(urls) != 2*41 || urls[1] != "/api/news?q=fed+rate&limit=10" {
		t.Errorf("got %d URLs, second %q", len(urls), urls[1])
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	var sink strings.Builder
	o, err := parseFlags([]string{"-quick", "-concurrency", "8"}, &sink)
	if err != nil || o.Duration != time.Second || o.Concurrency != 8 || o.Articles != 10000 {
		t.Errorf("-quick -concurrency 8: %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-concurrency", "0"}, {"-duration", "0s"}, {"-news", "0"}, {"-nope"}} {
		if _, err := parseFlags(bad, &sink); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
}
