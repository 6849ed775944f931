package provider

import (
	"net/http"
	"strings"
	"time"
)

// Config is what every adapter's constructor takes.
type Config struct {
	BaseURL string           // empty: the adapter's documented default
	APIKey  string           // sent as the provider documents; never logged
	HTTP    *http.Client     // nil: http.DefaultClient
	Gate    Gate             // nil: Open
	Timeout time.Duration    // per request; 0: DefaultTimeout
	Now     func() time.Time // nil: time.Now (tests set it)
}

// Fetcher is the fetcher of the provider named name built from c, and the
// base URL to use (defaultBase when c has none), without a trailing slash.
func (c Config) Fetcher(name, defaultBase string) (*Fetcher, string) {
	base := c.BaseURL
	if base == "" {
		base = defaultBase
	}
	return &Fetcher{Provider: name, HTTP: c.HTTP, Gate: c.Gate, Timeout: c.Timeout, Now: c.Now},
		strings.TrimRight(base, "/")
}

// Clock is c.Now, or time.Now.
func (c Config) Clock() func() time.Time {
	if c.Now != nil {
		return c.Now
	}
	return time.Now
}

// InRange keeps the bars with a Ts in [from, to).
func InRange[T any](items []T, ts func(T) time.Time, from, to time.Time) []T {
	out := items[:0:0]
	for _, it := range items {
		if t := ts(it); !t.Before(from) && t.Before(to) {
			out = append(out, it)
		}
	}
	return out
}
