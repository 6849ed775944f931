package news

import (
	"context"
	"errors"
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// The defaults of a search's budget (Deps.SearchTimeout and
// SearchConcurrency).
const (
	DefaultSearchTimeout     = time.Second
	DefaultSearchConcurrency = 2
	// searchQueueWait is how long a search waits for a free slot before
	// it is refused.
	searchQueueWait = 200 * time.Millisecond
	// searchRetryAfter is the Retry-After of a refused or timed-out search.
	searchRetryAfter = time.Second
)

// searchSlots bounds how many searches read the database at once, so that
// searches never hold more than their share of the read pool and other
// reads keep the rest.
type searchSlots chan struct{}

// acquire takes a slot, waiting at most searchQueueWait (and never past
// ctx), or answers 503 search_busy. The caller must call release.
func (s searchSlots) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s <- struct{}{}:
		return s.release, nil
	default:
	}
	t := time.NewTimer(searchQueueWait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
		return s.release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, &apperr.Error{Kind: apperr.Unavailable, Code: "search_busy",
			Message: "too many searches are running, retry shortly", Err: &apperr.Retry{After: searchRetryAfter}}
	}
}

func (s searchSlots) release() { <-s }

// budgeted runs the search load in a slot and within the search time
// budget, the deadline of the context its statements run under: once it is
// spent, SQLite interrupts the running statement, PostgreSQL cancels it on
// the server, and the search answers 503 search_timeout. A cancelled ctx
// (the client went away) is not a timeout.
func (s *Service) budgeted(ctx context.Context, load func(context.Context) (*Page, error)) (*Page, error) {
	release, err := s.searches.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	bctx, cancel := context.WithTimeout(ctx, s.searchTimeout)
	defer cancel()
	page, err := load(bctx)
	if err != nil && ctx.Err() == nil && errors.Is(bctx.Err(), context.DeadlineExceeded) {
		return nil, &apperr.Error{Kind: apperr.Unavailable, Code: "search_timeout",
			Message: "the search took longer than its time budget: narrow it (fewer ORed terms, longer prefixes) or retry",
			Err:     &apperr.Retry{After: searchRetryAfter, Err: err}}
	}
	return page, err
}
