package cache

import (
	"errors"
	"fmt"
	"time"
)

// Defaults for zero Config fields.
const (
	DefaultL1MaxBytes       = 64 << 20
	DefaultNotFoundTTL      = 30 * time.Second
	DefaultDialTimeout      = 300 * time.Millisecond
	DefaultCallTimeout      = 50 * time.Millisecond
	DefaultProbeInterval    = time.Second
	DefaultBreakerThreshold = 3
	DefaultDownL1TTL        = 5 * time.Second
)

// Config configures a Cache. Zero fields take the defaults above.
type Config struct {
	// L1MaxBytes bounds the approximate memory of the in-process cache.
	L1MaxBytes int64
	// NotFoundTTL is how long a "not found" answer is cached as a tombstone.
	NotFoundTTL time.Duration
	// ValkeyURL is the L2 address: valkey://, redis:// or rediss:// (TLS), with optional
	// user:pass@ and /db, parsed by valkey.ParseURL. Empty disables L2. A single address
	// is used as a standalone server. A cluster (seeds as ?addr= parameters) is not
	// supported: writes guarded against invalidations touch keys in several slots.
	ValkeyURL string
	// DialTimeout bounds connecting and the background probe; it is also the client's
	// connection read/write timeout.
	DialTimeout time.Duration
	// CallTimeout bounds every L2 command made for a request.
	CallTimeout time.Duration
	// ProbeInterval is how often the background loop (re)connects and checks L2.
	ProbeInterval time.Duration
	// BreakerThreshold is the number of consecutive L2 network errors or timeouts after
	// which L2 is marked down and skipped until a probe succeeds.
	BreakerThreshold int
	// DownL1TTL caps the L1 lifetime of entries while L2 is configured but this instance
	// cannot hear its peers' invalidations (L2 down or not subscribed): entries already in
	// L1 are capped too when that starts.
	DownL1TTL time.Duration
}

func (c Config) withDefaults() (Config, error) {
	if c.L1MaxBytes < 0 || c.NotFoundTTL < 0 || c.DialTimeout < 0 || c.CallTimeout < 0 ||
		c.ProbeInterval < 0 || c.BreakerThreshold < 0 || c.DownL1TTL < 0 {
		return c, errors.New("negative cache setting")
	}
	c.L1MaxBytes = orDefault(c.L1MaxBytes, DefaultL1MaxBytes)
	c.NotFoundTTL = orDefault(c.NotFoundTTL, DefaultNotFoundTTL)
	c.DialTimeout = orDefault(c.DialTimeout, DefaultDialTimeout)
	c.CallTimeout = orDefault(c.CallTimeout, DefaultCallTimeout)
	c.ProbeInterval = orDefault(c.ProbeInterval, DefaultProbeInterval)
	c.BreakerThreshold = orDefault(c.BreakerThreshold, DefaultBreakerThreshold)
	c.DownL1TTL = orDefault(c.DownL1TTL, DefaultDownL1TTL)
	if c.NotFoundTTL < time.Millisecond {
		return c, fmt.Errorf("not-found TTL %v: below 1ms", c.NotFoundTTL)
	}
	if c.DownL1TTL < time.Millisecond {
		return c, fmt.Errorf("down L1 TTL %v: below 1ms", c.DownL1TTL)
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
