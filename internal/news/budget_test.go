package news_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testdb"
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
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		mustIngest(t, s, article(1, "Apple earnings beat", "Shares rally", time.Now()))
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
	})
}

// TestSearchTimeout: a search past its time budget answers search_timeout
// with a retry delay (the budget here is spent before the first statement;
// store's TestTranslateInterrupted shows SQLite interrupting one, and
// TestSearchTimeoutCancelsOnServer PostgreSQL cancelling one).
func TestSearchTimeout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		mustIngest(t, serviceOn(e, news.Deps{}), article(1, "Apple earnings beat", "Shares rally", time.Now()))
		s := serviceOn(e, news.Deps{SearchTimeout: time.Nanosecond})
		_, _, err := s.Search(t.Context(), "apple", news.Filter{})
		wantCode(t, err, apperr.Unavailable, "search_timeout")
		var r *apperr.Retry
		if !errors.As(err, &r) {
			t.Errorf("search_timeout %v carries no retry delay", err)
		}
		if _, _, err := s.List(t.Context(), news.Filter{}); err != nil {
			t.Errorf("List under the search budget: %v", err)
		}
	})
}

// TestSearchTimeoutCancelsOnServer: on PostgreSQL a search statement
// running past the budget is cancelled on the server (not just abandoned
// by the client), and the search answers search_timeout.
func TestSearchTimeoutCancelsOnServer(t *testing.T) {
	t.Parallel()
	e := testdb.Open(t, testdb.NamePostgres)
	mustIngest(t, serviceOn(e, news.Deps{}), article(1, "Apple earnings beat", "Shares rally", time.Now()))
	s := serviceOn(e, news.Deps{SearchTimeout: 200 * time.Millisecond})
	unlock := lockArticles(t, e.Postgres)
	defer unlock()

	_, _, err := s.Search(t.Context(), "apple", news.Filter{})
	wantCode(t, err, apperr.Unavailable, "search_timeout")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Errorf("search_timeout %v: want the server's query_canceled (57014) within", err)
	}
	waitFor(t, "the cancelled search to leave the server", func() bool { return lockWaiters(t, e.Postgres) == 0 })
}

// TestSearchConcurrency: beyond SearchConcurrency running searches, a
// search is refused with search_busy rather than queueing for the read
// pool that other reads share.
func TestSearchConcurrency(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{SearchConcurrency: 1, SearchTimeout: time.Minute})
		mustIngest(t, s, article(1, "Apple earnings beat", "Shares rally", time.Now()))

		// The first search holds its slot while it waits for the database.
		waiting, release := stallReads(t, e)
		first := make(chan error, 1)
		go func() {
			_, _, err := s.Search(t.Context(), "apple", news.Filter{})
			first <- err
		}()
		waitFor(t, "the first search to wait for the database", waiting)

		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, _, err := s.Search(ctx, "earnings", news.Filter{})
		wantCode(t, err, apperr.Unavailable, "search_busy")
		var r *apperr.Retry
		if !errors.As(err, &r) {
			t.Errorf("search_busy %v carries no retry delay", err)
		}

		release()
		if err := <-first; err != nil {
			t.Errorf("first search: %v", err)
		}
		if _, _, err := s.Search(t.Context(), "earnings", news.Filter{}); err != nil {
			t.Errorf("search after the slot is free: %v", err)
		}
	})
}

// stallReads makes the next read of news wait until release: on SQLite by
// taking the only connection of the read pool, on PostgreSQL by locking
// the articles. waiting reports whether a read is waiting.
func stallReads(t *testing.T, e testdb.Engine) (waiting func() bool, release func()) {
	t.Helper()
	if e.Postgres != nil {
		unlock := lockArticles(t, e.Postgres)
		return func() bool { return lockWaiters(t, e.Postgres) > 0 }, unlock
	}
	e.SQLite.Reader.SetMaxOpenConns(1)
	conn, err := e.SQLite.Reader.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return func() bool { return e.SQLite.Reader.Stats().WaitCount > 0 }, func() {
		if err := conn.Close(); err != nil {
			t.Error(err)
		}
	}
}

// lockArticles takes an ACCESS EXCLUSIVE lock on news_articles, which
// every read of them waits for, until unlock.
func lockArticles(t *testing.T, d *pgstore.DB) (unlock func()) {
	t.Helper()
	tx, err := d.Pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(t.Context(), "LOCK TABLE news_articles IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	var once bool
	return func() {
		if !once {
			once = true
			if err := tx.Rollback(context.WithoutCancel(t.Context())); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
				t.Error(err)
			}
		}
	}
}

// lockWaiters is the number of the database's backends waiting for a lock.
func lockWaiters(t *testing.T, d *pgstore.DB) int {
	t.Helper()
	var n int
	err := d.Pool.QueryRow(t.Context(),
		"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls cond until it holds, failing the test after 30 s (a bound
// for a loaded machine).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
