// Package cache is the read-through cache of the service: L1 is an in-process otter
// cache bounded by memory, L2 an optional Valkey shared by instances, and the origin
// is whatever loader the caller passes. Losing L2 never fails a read: it is skipped
// without waiting once it is known to be down, and a background loop brings it back.
//
// Invalidations (of keys, of a namespace, of a tag) are published on a Valkey channel
// and applied by every instance to its L1. While an instance cannot hear them, its L1
// entries live at most Config.DownL1TTL.
package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// Cache holds L1 and the connection to L2; Namespaces read through it.
type Cache struct {
	cfg   Config
	log   *slog.Logger
	id    string // of this instance in invalidation messages
	l1    *otter.Cache[l1Key, l1Entry]
	clock *otter.CoarseClock // of L1, read by the hit path
	l2    *l2                // nil when L2 is disabled
	bus   *bus               // nil when L2 is disabled
	tags  *tagIndex

	bg     context.Context // cancelled by Close: ends refreshes in flight
	stopBG context.CancelFunc
	tasks  tasks

	l1Evictions atomic.Uint64
	received    atomic.Uint64
	busLosses   atomic.Uint64
	refreshes   refreshCounters

	capMu    sync.Mutex
	cappedAt uint64 // coherence losses handled by capIfLost

	mu         sync.Mutex
	namespaces map[string]*nsState
	misuses    []error // see Check

	closeOnce sync.Once
}

// New builds a Cache. It neither waits for nor fails because of Valkey: connecting
// happens in the background. It fails only on an invalid Config.
func New(cfg Config, log *slog.Logger) (*Cache, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("cache config: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Cache{
		cfg:        cfg,
		log:        log,
		id:         newID(),
		tags:       newTagIndex(maxTagRefs),
		namespaces: make(map[string]*nsState),
	}
	c.clock = otter.NewCoarseClock(time.Millisecond)
	if c.l1, err = newL1(cfg, log, c.clock, &c.l1Evictions, c.deleted); err != nil {
		c.clock.Stop()
		return nil, fmt.Errorf("cache l1: %w", err)
	}
	c.bg, c.stopBG = context.WithCancel(context.Background())
	if cfg.ValkeyURL != "" {
		opt, err := clientOption(cfg)
		if err != nil {
			c.l1.StopAllGoroutines()
			c.clock.Stop()
			return nil, fmt.Errorf("cache l2: %w", err)
		}
		c.l2 = newL2(cfg, opt, log, l2Hooks{catchUp: c.catchUp, flush: c.l1.InvalidateAll, tick: c.capIfLost}, c.id)
		c.bus = newBus(cfg, opt, log, busHooks{subscribed: c.resubscribed, lost: c.busLost, message: c.receive})
		c.l2.start()
		c.bus.start()
	}
	return c, nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails
	return hex.EncodeToString(b[:])
}

// deleted runs when L1 deletes an entry, under an otter lock.
func (c *Cache) deleted(k l1Key, e l1Entry) {
	if e.meta != nil && len(e.meta.tags) > 0 {
		c.tags.remove(k, e.meta)
	}
}

// Close stops the background loops, waits for refreshes and pending L2 writes, and
// closes the Valkey clients. It is idempotent. Reads still work after Close, from L1
// and origin only.
func (c *Cache) Close() {
	c.closeOnce.Do(func() {
		c.stopBG()
		if c.bus != nil {
			c.bus.close()
		}
		c.tasks.close()
		if c.l2 != nil {
			c.l2.close()
		}
		c.l1.StopAllGoroutines()
		c.clock.Stop() // reads after Close use the precise time
	})
}

// L2 states reported by Health.
const (
	StateUp       = "up"
	StateDown     = "down"
	StateDisabled = "disabled"
)

// Health is the state of the tiers. L2DownSince is set while L2 is down: since New if it
// never connected. Bus is the subscription to peers' invalidations.
type Health struct {
	L1          string
	L2          string
	L2DownSince time.Time
	Bus         string
}

// Health reports the state of L1, L2 and the invalidation channel.
func (c *Cache) Health() Health {
	h := Health{L1: StateUp, L2: StateDisabled, Bus: StateDisabled}
	if c.l2 != nil {
		h.L2, h.L2DownSince = c.l2.state()
		h.Bus = c.bus.state()
	}
	return h
}

func (c *Cache) register(name string) (*nsState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.namespaces[name]; dup {
		return nil, fmt.Errorf("cache: namespace %q registered twice", name)
	}
	s := newNSState(name)
	c.namespaces[name] = s
	return s, nil
}

func (c *Cache) misused(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.misuses = append(c.misuses, err)
}

// Check reports the programming errors of every NewNamespace on c so far
// (nil when there were none). The service calls it once at start, after
// building its namespaces, and refuses to start on an error.
func (c *Cache) Check() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return errors.Join(c.misuses...)
}

func (c *Cache) state(name string) *nsState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.namespaces[name]
}

func (c *Cache) states() []*nsState {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*nsState, 0, len(c.namespaces))
	for _, s := range c.namespaces {
		out = append(out, s)
	}
	return out
}
