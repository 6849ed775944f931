// Package fanout carries stream events between instances: every event an
// instance publishes goes to its own hub and, over Valkey pub/sub, to every
// other instance's hub, so a client on instance B sees a change ingested on
// instance A. Without Valkey (none configured, or down) each instance
// streams its own changes, and State says so.
package fanout

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/stream"
)

// States of the fan-out, for health.
const (
	StateLocal = "local" // no Valkey configured: one instance
	StateUp    = "up"    // subscribed: changes of every instance arrive
	StateDown  = "down"  // Valkey unreachable: this instance's changes only
)

// sendQueue bounds the messages waiting for Valkey; beyond it they are lost.
const sendQueue = 1024

// maxMessage bounds one received message; a larger one is ignored.
const maxMessage = 4 << 20

// message is what goes over the channel.
type message struct {
	Origin       string `json:"o"`
	At           int64  `json:"t"` // unix nanoseconds at the origin's publish
	Events       []wire `json:"e,omitempty"`
	CloseUser    string `json:"u,omitempty"`
	CloseSession string `json:"s,omitempty"`
	// Listening: the origin has open streams (sent when one opens, at most
	// once a second, and every listenEvery while any is open).
	Listening bool `json:"l,omitempty"`
}

// How often an instance with open streams says so, and how long the others
// believe it.
const (
	listenEvery = 5 * time.Second
	listenFor   = 3 * listenEvery
)

type wire struct {
	Type string          `json:"t"`
	Key  string          `json:"k,omitempty"`
	Tags []string        `json:"g,omitempty"`
	Data json.RawMessage `json:"d"`
}

// Options configure a Relay.
type Options struct {
	// Valkey, when set, connects the instances; Channel is their channel.
	Valkey  *valkey.ClientOption
	Channel string
	// Origin names this instance (random if empty), so that it ignores
	// its own messages.
	Origin string
	// Retry is the pause between reconnection attempts (default 1 s).
	Retry time.Duration
	Log   *slog.Logger
}

// Relay publishes to the local hub and to the other instances.
type Relay struct {
	hub   *stream.Hub
	opt   Options
	pub   atomic.Pointer[valkey.Client]
	up    atomic.Bool
	lost  atomic.Uint64 // messages that could not be sent
	queue chan message  // to the sender, bounded

	mu         sync.Mutex
	remote     map[string]time.Time // origins with open streams → when they said so
	lastListen atomic.Int64         // unix nanoseconds of the last listening message
	ctx        context.Context
	cancel     context.CancelFunc
	done       chan struct{}
}

// New returns a relay over hub; Start connects it to Valkey, if any.
func New(hub *stream.Hub, o Options) *Relay {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Retry <= 0 {
		o.Retry = time.Second
	}
	if o.Origin == "" {
		o.Origin = randomOrigin()
	}
	r := &Relay{hub: hub, opt: o, done: make(chan struct{}), queue: make(chan message, sendQueue), remote: map[string]time.Time{}}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	return r
}

// Hub is the local hub.
func (r *Relay) Hub() *stream.Hub { return r.hub }

// State is StateLocal, StateUp or StateDown.
func (r *Relay) State() string {
	switch {
	case r.opt.Valkey == nil:
		return StateLocal
	case r.up.Load():
		return StateUp
	default:
		return StateDown
	}
}

// Shared reports whether other instances may have subscribers, so that a
// publisher cannot filter changes by the local hub's Wanted.
func (r *Relay) Shared() bool { return r.opt.Valkey != nil }

// Wanted is the local hub's Wanted, or all of keys while another instance
// has open streams (a subscriber there may want any of them): changes are
// read and sent only while someone, somewhere, streams.
func (r *Relay) Wanted(keys []string) []string {
	if r.RemoteListeners() > 0 {
		return keys
	}
	return r.hub.Wanted(keys)
}

// RemoteListeners counts the other instances that said lately that they
// have open streams.
func (r *Relay) RemoteListeners() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for o, at := range r.remote {
		if time.Since(at) > listenFor {
			delete(r.remote, o)
			continue
		}
		n++
	}
	return n
}

// Listening tells the other instances that this one has open streams; it
// is called when a stream opens and sends at most once a second.
func (r *Relay) Listening() {
	if r.opt.Valkey == nil {
		return
	}
	now := time.Now().UnixNano()
	last := r.lastListen.Load()
	if now-last < int64(time.Second) || !r.lastListen.CompareAndSwap(last, now) {
		return
	}
	r.send(message{Origin: r.opt.Origin, At: now, Listening: true})
}

// Publish publishes evs here and on every other instance.
func (r *Relay) Publish(evs []stream.Event) {
	if len(evs) == 0 {
		return
	}
	now := time.Now()
	m := message{Origin: r.opt.Origin, At: now.UnixNano(), Events: make([]wire, len(evs))}
	for i, ev := range evs {
		ev.At = now
		r.hub.Publish(ev)
		m.Events[i] = wire{Type: ev.Type, Key: ev.Key, Tags: ev.Tags, Data: ev.Data}
	}
	r.send(m)
}

// CloseUser closes user's streams on every instance.
func (r *Relay) CloseUser(user string) {
	r.hub.CloseUser(user)
	r.send(message{Origin: r.opt.Origin, At: time.Now().UnixNano(), CloseUser: user})
}

// CloseSession closes the streams session opened, on every instance.
func (r *Relay) CloseSession(session string) {
	r.hub.CloseSession(session)
	r.send(message{Origin: r.opt.Origin, At: time.Now().UnixNano(), CloseSession: session})
}

// Lost counts messages that could not be sent to the other instances.
func (r *Relay) Lost() uint64 { return r.lost.Load() }

// deliver applies a message of another instance to the local hub.
func (r *Relay) deliver(payload string) {
	if len(payload) > maxMessage {
		return
	}
	var m message
	if json.Unmarshal([]byte(payload), &m) != nil || m.Origin == r.opt.Origin {
		return
	}
	if m.Listening {
		r.mu.Lock()
		r.remote[m.Origin] = time.Now()
		r.mu.Unlock()
	}
	if m.CloseUser != "" {
		r.hub.CloseUser(m.CloseUser)
	}
	if m.CloseSession != "" {
		r.hub.CloseSession(m.CloseSession)
	}
	at := time.Unix(0, m.At)
	for _, w := range m.Events {
		if w.Type == "" || len(w.Data) == 0 {
			continue
		}
		r.hub.Publish(stream.Event{Type: w.Type, Key: w.Key, Tags: w.Tags, Data: w.Data, At: at})
	}
}
