// Package stream is the stream room: a hub that fans published events out to
// subscribers, each with bounded per-key coalescing state, a replay ring for
// Last-Event-ID resume, connection limits and a shutdown that closes every
// subscriber. Nothing in it grows without bound.
package stream

import (
	"errors"
	"sync"
	"time"
)

// Errors a subscriber or Subscribe reports.
var (
	// ErrSlow: the subscriber fell too far behind and was dropped.
	ErrSlow = errors.New("stream: slow consumer dropped")
	// ErrClosed: the hub shut down or the subscriber was closed.
	ErrClosed = errors.New("stream: closed")
	// ErrLimit: a per-user or per-client connection limit is reached.
	ErrLimit = errors.New("stream: connection limit reached")
)

// Event is one server-sent event. Key, when set, is the coalescing key (a
// symbol): a newer event with the same Key replaces an undelivered older one.
type Event struct {
	ID   uint64
	Type string
	Key  string
	// Tags, when set on an unkeyed event, are the keys it is about (the
	// symbols of an article): it goes to the subscribers of any of them,
	// without coalescing.
	Tags []string
	Data []byte
	// At is when the change was published (on the instance that made it):
	// Serve observes the time from it to the write, the fan-out latency.
	At time.Time
}

// Options bound a Hub. Zero fields take the defaults in NewHub.
type Options struct {
	ReplaySize   int // events kept for Last-Event-ID resume
	MaxPending   int // undelivered events per subscriber before it is dropped
	MaxPerUser   int // open subscribers per user
	MaxPerClient int // open subscribers per client (address)
}

// Stats counts what the hub did; read it with Hub.Stats.
type Stats struct {
	Open, Dropped, Coalesced, SlowDropped, Published uint64
}

// Hub fans events out to subscribers. It is safe for concurrent use.
type Hub struct {
	opt Options

	mu       sync.Mutex
	next     uint64
	ring     []Event // circular, len == opt.ReplaySize once full
	ringHead int
	subs     map[*Sub]struct{}
	// departed are the keys of subscribers that have gone, with the last
	// event id when they went: while the ring still reaches back to that
	// id, such a subscriber may resume, so changes of its keys are still
	// published (and recorded in the ring). At most maxDeparted entries.
	departed  map[string]uint64
	perUser   map[string]int
	perClient map[string]int
	closed    bool
	stats     Stats
	// active counts the streams Serve writes, so that Close can wait for
	// their closing events.
	active int
}

// closeWait bounds how long Close waits for open streams' last writes.
const closeWait = 2 * time.Second

// serving counts a stream Serve starts (+1) or ends (-1).
func (h *Hub) serving(delta int) {
	h.mu.Lock()
	h.active += delta
	h.mu.Unlock()
}

// NewHub returns a hub bounded by opt.
func NewHub(opt Options) *Hub {
	if opt.ReplaySize <= 0 {
		opt.ReplaySize = 1024
	}
	if opt.MaxPending <= 0 {
		opt.MaxPending = 256
	}
	if opt.MaxPerUser <= 0 {
		opt.MaxPerUser = 8
	}
	if opt.MaxPerClient <= 0 {
		opt.MaxPerClient = 16
	}
	return &Hub{
		opt: opt, subs: map[*Sub]struct{}{},
		perUser: map[string]int{}, perClient: map[string]int{},
		// Ids start at the start time in nanoseconds, so that an id of an
		// earlier run or of another instance (whose counter started
		// elsewhere, far from this one's window) never falls in this
		// hub's replay window: resuming from it sends a snapshot.
		next: uint64(time.Now().UnixNano()),
	}
}

// Publish assigns the next id to ev, keeps it for replay and offers it to
// every subscriber whose filter accepts it. It never blocks on a subscriber.
func (h *Hub) Publish(ev Event) uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return 0
	}
	h.next++
	ev.ID = h.next
	h.stats.Published++
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	if len(h.ring) < h.opt.ReplaySize {
		h.ring = append(h.ring, ev)
	} else {
		h.ring[h.ringHead] = ev
		h.ringHead = (h.ringHead + 1) % len(h.ring)
	}
	for s := range h.subs {
		if !s.accepts(ev) {
			continue
		}
		switch s.offer(ev) {
		case offerCoalesced:
			h.stats.Coalesced++
		case offerOverflow:
			h.stats.Dropped++
			h.stats.SlowDropped++
			h.removeLocked(s, ErrSlow)
		}
	}
	return ev.ID
}

// Stats returns a copy of the counters.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stats
	s.Open = uint64(len(h.subs))
	return s
}

// Close closes every subscriber with ErrClosed, refuses new ones and waits
// (at most closeWait) until every stream Serve writes has sent its closing
// event.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.removeLocked(s, ErrClosed)
	}
	for deadline := time.Now().Add(closeWait); h.active > 0 && time.Now().Before(deadline); {
		h.mu.Unlock()
		time.Sleep(5 * time.Millisecond) // a bounded wait at shutdown
		h.mu.Lock()
	}
}

// CloseUser closes every subscriber of user (all sessions revoked, say).
func (h *Hub) CloseUser(user string) {
	h.closeWhere(func(s *Sub) bool { return s.user == user })
}

// CloseSession closes every subscriber opened by session (it ended).
func (h *Hub) CloseSession(session string) {
	h.closeWhere(func(s *Sub) bool { return s.session == session })
}

func (h *Hub) closeWhere(match func(*Sub) bool) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if match(s) {
			h.removeLocked(s, ErrClosed)
		}
	}
}

// SetKeys replaces the keys s receives (a dashboard's widgets changed). It
// returns the keys added, whose current values the caller sends.
func (h *Hub) SetKeys(s *Sub, keys []string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var added []string
	for _, k := range keys {
		if _, ok := s.keys[k]; !ok {
			added = append(added, k)
		}
	}
	s.keys = set(keys)
	return added
}

func (h *Hub) removeLocked(s *Sub, err error) {
	if _, ok := h.subs[s]; !ok {
		return
	}
	delete(h.subs, s)
	h.depart(s)
	h.dec(h.perUser, s.user)
	h.dec(h.perClient, s.client)
	s.fail(err)
}

func (h *Hub) dec(m map[string]int, k string) {
	if k == "" {
		return
	}
	if m[k]--; m[k] <= 0 {
		delete(m, k)
	}
}

// Wanted returns the keys some open subscriber listens to, so that a
// publisher reads (and caches) only what someone will receive.
func (h *Hub) Wanted(keys []string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, k := range keys {
		if at, ok := h.departed[k]; ok && h.resumable(at) {
			out = append(out, k)
			continue
		}
		for s := range h.subs {
			if _, ok := s.keys[k]; ok {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// resumable reports whether a subscriber that last saw event id last could
// still resume from the ring.
func (h *Hub) resumable(last uint64) bool {
	n := len(h.ring)
	return n < h.opt.ReplaySize || last+1 >= h.ring[h.ringHead%n].ID
}

// depart remembers the keys of s, which has gone (see Hub.departed),
// forgetting those that can no longer resume, and the oldest beyond the
// bound.
func (h *Hub) depart(s *Sub) {
	if h.departed == nil {
		h.departed = map[string]uint64{}
	}
	for k := range s.keys {
		h.departed[k] = h.next
	}
	limit := 4 * h.opt.ReplaySize
	if len(h.departed) <= limit {
		return
	}
	for k, at := range h.departed {
		if !h.resumable(at) {
			delete(h.departed, k)
		}
	}
	for len(h.departed) > limit {
		oldestKey, oldest := "", uint64(1<<64-1)
		for k, at := range h.departed {
			if at < oldest {
				oldestKey, oldest = k, at
			}
		}
		delete(h.departed, oldestKey)
	}
}
