package stream

import (
	"context"
	"sort"
	"strconv"
	"sync"
)

// SubscribeOptions say who subscribes and to what.
type SubscribeOptions struct {
	User   string // "" for anonymous; counted against MaxPerUser otherwise
	Client string // the client's address; counted against MaxPerClient
	// Session, when set, is the session that opened the stream, for
	// Hub.CloseSession.
	Session string
	Keys    []string // the keys (symbols) of keyed events to receive
	Types   []string // unkeyed event types to receive (e.g. "dashboard")
	// LastEventID, when non-zero, asks for the events after it from the
	// replay ring. Sub.Resumed says whether the ring still held them.
	LastEventID uint64
}

// Sub is one subscriber: bounded pending state, latest value per key.
type Sub struct {
	hub                   *Hub
	user, client, session string
	keys                  map[string]struct{}
	types                 map[string]struct{}
	max                   int

	mu      sync.Mutex
	pending map[string]Event // keyed by Key, or by "#id" for unkeyed events
	wake    chan struct{}
	err     error
	done    chan struct{}
	resumed bool
	start   uint64
}

type offerResult uint8

const (
	offerQueued offerResult = iota
	offerCoalesced
	offerOverflow
)

// Subscribe registers a subscriber, or returns ErrLimit or ErrClosed.
func (h *Hub) Subscribe(o SubscribeOptions) (*Sub, error) {
	s := &Sub{
		hub: h, user: o.User, client: o.Client, session: o.Session, max: h.opt.MaxPending,
		keys: set(o.Keys), types: set(o.Types),
		pending: map[string]Event{}, wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if (o.User != "" && h.perUser[o.User] >= h.opt.MaxPerUser) ||
		(o.Client != "" && h.perClient[o.Client] >= h.opt.MaxPerClient) {
		return nil, ErrLimit
	}
	if o.User != "" {
		h.perUser[o.User]++
	}
	if o.Client != "" {
		h.perClient[o.Client]++
	}
	h.subs[s] = struct{}{}
	s.start = h.next
	if o.LastEventID > 0 {
		s.resumed = h.replayLocked(s, o.LastEventID)
	}
	return s, nil
}

// replayLocked offers s the ring's events after last; false when the ring no
// longer reaches back to last (the caller then sends a snapshot).
func (h *Hub) replayLocked(s *Sub, last uint64) bool {
	n := len(h.ring)
	if n == 0 || last > h.next {
		return last == h.next
	}
	oldest := h.ring[h.ringHead%n].ID
	if last+1 < oldest {
		return false
	}
	for i := 0; i < n; i++ {
		ev := h.ring[(h.ringHead+i)%n]
		if ev.ID > last && s.accepts(ev) {
			s.offer(ev)
		}
	}
	return true
}

// Resumed says whether Subscribe replayed from LastEventID.
func (s *Sub) Resumed() bool { return s.resumed }

// Start is the id of the last event published before s subscribed: the id
// of its snapshot's events, so that resuming from one of them replays every
// change since.
func (s *Sub) Start() uint64 { return s.start }

// Close unregisters s from h.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s, ErrClosed)
}

// Done is closed when the subscriber failed (slow, closed, shutdown).
func (s *Sub) Done() <-chan struct{} { return s.done }

// Err is why the subscriber ended, nil while it is open.
func (s *Sub) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Next waits for pending events and returns them in id order. It returns
// the subscriber's error once it ended and nothing is pending.
func (s *Sub) Next(ctx context.Context) ([]Event, error) {
	for {
		if out, err := s.Take(); len(out) > 0 || err != nil {
			return out, err
		}
		select {
		case <-s.wake:
		case <-s.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Ready receives a value when events may be pending: a writer selects on
// it (and on Done) and then calls Take, without a goroutine of its own.
func (s *Sub) Ready() <-chan struct{} { return s.wake }

// Take returns the pending events in id order without waiting; none and
// the subscriber's error once it ended and nothing is pending.
func (s *Sub) Take() ([]Event, error) {
	s.mu.Lock()
	if len(s.pending) == 0 {
		err := s.err
		s.mu.Unlock()
		return nil, err
	}
	out := make([]Event, 0, len(s.pending))
	for _, ev := range s.pending {
		out = append(out, ev)
	}
	clear(s.pending)
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (s *Sub) accepts(ev Event) bool {
	if ev.Key != "" {
		_, ok := s.keys[ev.Key]
		return ok
	}
	if len(ev.Tags) > 0 {
		if _, ok := s.types[ev.Type]; !ok {
			return false
		}
		for _, t := range ev.Tags {
			if _, ok := s.keys[t]; ok {
				return true
			}
		}
		return false
	}
	_, ok := s.types[ev.Type]
	return ok
}

// offer queues ev, replacing an undelivered event of the same key.
func (s *Sub) offer(ev Event) offerResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return offerQueued
	}
	k := ev.Key
	if k == "" {
		k = "#" + ev.Type + "#" + strconv.FormatUint(ev.ID, 10)
	}
	res := offerQueued
	if _, ok := s.pending[k]; ok {
		res = offerCoalesced
	} else if len(s.pending) >= s.max {
		return offerOverflow
	}
	s.pending[k] = ev
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return res
}

func (s *Sub) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
		close(s.done)
	}
}

func set(xs []string) map[string]struct{} {
	m := make(map[string]struct{}, len(xs))
	for _, x := range xs {
		m[x] = struct{}{}
	}
	return m
}
