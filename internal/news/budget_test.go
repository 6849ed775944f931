package news_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
)

// wantCode fails unless err is classified as kind and code.
func wantCode(tb testing.TB, err error, kind apperr.Kind, code string) *apperr.Error {
	tb.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != kind || ae.Code != code {
		tb.Fatalf("err = %v, want kind %d code %q", err, kind, code)
	}
	return ae
}

// TestSearchTooExpensive: prefix terms that would read most of the index
// are refused before the search runs; cheaper ones run.
func TestSearchTooExpensive(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	mustArticle(t, d.Write, articleParams(1, "Apple earnings beat", "Shares rally", time.Now()))
	s := news.New(news.Deps{DB: d})
	letters := strings.Split("a b c d e f g h i j k l m n o p", " ")
	tests := []struct {
		give string
		ok   bool
	}{
		{strings.Join(letters, "* OR ") + "*", false}, // 16 one-letter prefixes
		{"a*", false},
		{"ap*", false},
		{`"fed r"*`, false},
		{"it's*", false},
		{"app* ear* sha* ral* bea*", false}, // five prefixes
		{"app*", true},
		{`"apple earn"*`, true},
		{"app* ear* sha* ral* beat", true},
		{strings.Join(letters, " OR "), true}, // plain terms: no prefix
		{"a * b", true},                       // a lone * is no prefix
	}
	for _, tt := range tests {
		_, _, err := s.Search(t.Context(), tt.give, news.Filter{})
		if tt.ok {
			if err != nil {
				t.Errorf("Search(%q) = %v, want it to run", tt.give, err)
			}
			continue
		}
		ae := wantCode(t, err, apperr.Invalid, "search_too_expensive")
		if len(ae.Fields) != 1 || ae.Fields[0].Path != "q" {
			t.Errorf("Search(%q) fields = %+v, want one about q", tt.give, ae.Fields)
		}
	}
}

// TestSearchTimeout: a search past its time budget answers search_timeout
// with a retry delay (the budget here is spent before the first statement;
// store's TestTranslateInterrupted shows SQLite interrupting one).
func TestSearchTimeout(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	mustArticle(t, d.Write, articleParams(1, "Apple earnings beat", "Shares rally", time.Now()))
	s := news.New(news.Deps{DB: d, SearchTimeout: time.Nanosecond})
	_, _, err := s.Search(t.Context(), "apple", news.Filter{})
	wantCode(t, err, apperr.Unavailable, "search_timeout")
	var r *apperr.Retry
	if !errors.As(err, &r) {
		t.Errorf("search_timeout %v carries no retry delay", err)
	}
	if _, _, err := s.List(t.Context(), news.Filter{}); err != nil {
		t.Errorf("List under the search budget: %v", err)
	}
}

// TestSearchConcurrency: beyond SearchConcurrency running searches, a
// search is refused with search_busy rather than queueing for the read
// pool that other reads share.
func TestSearchConcurrency(t *testing.T) {
	t.Parallel()
	d, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "mp.db"), store.Options{ReadConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	dir, err := migrate.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.New(d.Writer, dir, nil).Up(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	mustArticle(t, d.Write, articleParams(1, "Apple earnings beat", "Shares rally", time.Now()))
	s := news.New(news.Deps{DB: d, SearchConcurrency: 1, SearchTimeout: time.Minute})

	// The only read connection is taken, so the first search holds its
	// slot while it waits for the connection.
	conn, err := d.Reader.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() {
		_, _, err := s.Search(t.Context(), "apple", news.Filter{})
		first <- err
	}()
	deadline := time.Now().Add(30 * time.Second) // a bound for a loaded machine
	for d.Reader.Stats().WaitCount == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the first search never waited for a read connection")
		}
		time.Sleep(time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, _, err = s.Search(ctx, "earnings", news.Filter{})
	wantCode(t, err, apperr.Unavailable, "search_busy")
	var r *apperr.Retry
	if !errors.As(err, &r) {
		t.Errorf("search_busy %v carries no retry delay", err)
	}

	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-first; err != nil {
		t.Errorf("first search: %v", err)
	}
	if _, _, err := s.Search(t.Context(), "earnings", news.Filter{}); err != nil {
		t.Errorf("search after the slot is free: %v", err)
	}
}
