// Package cache is the read-through cache of the service: L1 is an in-process otter
// cache bounded by memory, L2 an optional Valkey shared by instances, and the origin
// is whatever loader the caller passes. Losing L2 never fails a read: it is skipped
// without waiting once it is known to be down, and a background loop brings it back.
package cache

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// Cache holds L1 and the connection to L2; Namespaces read through it.
type Cache struct {
	cfg Config
	log *slog.Logger
	l1  *otter.Cache[l1Key, l1Entry]
	l2  *l2 // nil when L2 is disabled

	l1Evictions atomic.Uint64

	mu         sync.Mutex
	namespaces map[string]*nsCounters

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
	c := &Cache{cfg: cfg, log: log, namespaces: make(map[string]*nsCounters)}
	if c.l1, err = newL1(cfg, log, &c.l1Evictions); err != nil {
		return nil, fmt.Errorf("cache l1: %w", err)
	}
	if cfg.ValkeyURL != "" {
		if c.l2, err = newL2(cfg, log, c.l1.InvalidateAll); err != nil {
			c.l1.StopAllGoroutines()
			return nil, fmt.Errorf("cache l2: %w", err)
		}
		c.l2.start()
	}
	return c, nil
}

// Close stops the background loop, waits for pending L2 writes and closes the Valkey
// client. It is idempotent. Reads still work after Close, from L1 and origin only.
func (c *Cache) Close() {
	c.closeOnce.Do(func() {
		if c.l2 != nil {
			c.l2.close()
		}
		c.l1.StopAllGoroutines()
	})
}

// L2 states reported by Health.
const (
	StateUp       = "up"
	StateDown     = "down"
	StateDisabled = "disabled"
)

// Health is the state of the tiers. L2DownSince is set while L2 is down: since New if it
// never connected.
type Health struct {
	L1          string
	L2          string
	L2DownSince time.Time
}

// Health reports the state of L1 and L2.
func (c *Cache) Health() Health {
	h := Health{L1: StateUp, L2: StateDisabled}
	if c.l2 != nil {
		h.L2, h.L2DownSince = c.l2.state()
	}
	return h
}

func (c *Cache) register(name string) *nsCounters {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.namespaces[name]; dup {
		panic(fmt.Sprintf("cache: namespace %q registered twice", name))
	}
	n := &nsCounters{}
	c.namespaces[name] = n
	return n
}
