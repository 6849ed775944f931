package refresh

import (
	"context"
	"time"
)

// slowRetry is how long a bar or news poll that no provider answered
// waits before it is tried again.
const slowRetry = time.Minute

// jobKind is a kind of slow poll, in the order a cycle makes them.
type jobKind uint8

const (
	jobIntraday jobKind = iota
	jobNews
	jobFeed
	jobDaily
	jobBackfill // a daily poll of an asset without bars
)

// jobKey names one slow poll: a kind and a symbol ("" for the feed).
type jobKey struct {
	kind   jobKind
	symbol string
}

// slowState is what the bar and news polls remember, touched only by
// Cycle (which Start runs on one goroutine).
type slowState struct {
	covered map[jobKey]time.Time // bars: where the next fetch starts; news: the next since
	next    map[jobKey]time.Time // not before (a retry, the next news poll)
	empty   map[jobKey]bool      // daily bars: none was stored, the first poll is a backfill
	minute  time.Time            // the minute spent counts
	spent   int
}

func newSlowState() slowState {
	return slowState{covered: map[jobKey]time.Time{}, next: map[jobKey]time.Time{}, empty: map[jobKey]bool{}}
}

// job is one due slow poll.
type job struct {
	key      jobKey
	typ      string
	from, to time.Time // bars: the range; news: from is since
	symbols  []string  // the feed: every watched symbol
}

// slowCycle makes the due bar and news polls after the quotes, at most
// SlowPerMinute a minute: intraday bars first, then news, the feeds,
// daily bars and last the backfills.
func (r *Refresher) slowCycle(ctx context.Context, watched []Watch, now time.Time) {
	if !r.polling() {
		return
	}
	st := &r.slow
	if m := now.Truncate(time.Minute); !m.Equal(st.minute) {
		st.minute, st.spent = m, 0
	}
	for kind := jobIntraday; kind <= jobBackfill; kind++ {
		for _, j := range r.dueJobs(ctx, kind, watched, now) {
			if st.spent >= r.o.SlowPerMinute || ctx.Err() != nil {
				return
			}
			st.spent++
			r.run(ctx, j, now)
		}
	}
}

// polling reports whether bars or news are polled at all.
func (r *Refresher) polling() bool {
	return r.o.IngestBars != nil && len(r.o.BarChains) > 0 ||
		r.o.IngestNews != nil && r.o.NewsEvery > 0 && (len(r.o.NewsChains) > 0 || r.o.Feed != nil)
}

// dueJobs are the polls of kind due at now, in the order of watched.
func (r *Refresher) dueJobs(ctx context.Context, kind jobKind, watched []Watch, now time.Time) []job {
	switch kind {
	case jobFeed:
		return r.dueFeed(watched, now)
	case jobNews:
		return r.dueNews(watched, now)
	}
	var out []job
	for _, w := range watched {
		if j, ok := r.dueBars(ctx, kind, w, now); ok {
			out = append(out, j)
		}
	}
	return out
}

// run makes one poll and records its outcome: where the next one starts
// when a provider answered, a retry after slowRetry when none did.
func (r *Refresher) run(ctx context.Context, j job, now time.Time) {
	var ok bool
	key := j.key
	switch j.key.kind {
	case jobNews, jobFeed:
		ok = r.pollNews(ctx, j)
		if ok {
			r.slow.covered[j.key] = now.Add(-r.o.NewsEvery) // overlap: late-indexed articles are caught, duplicates dropped by URL
			r.slow.next[j.key] = now.Add(r.o.NewsEvery)
		}
	default:
		key = barKey(j.key)
		_, ok = r.pollBars(ctx, j)
		if ok {
			r.slow.covered[key], r.slow.empty[key] = j.to, false
		}
	}
	if !ok && ctx.Err() == nil {
		r.slow.next[key] = now.Add(slowRetry)
	}
}
