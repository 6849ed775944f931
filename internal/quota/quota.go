// Package quota keeps the request budgets of the market data providers:
// per provider, a number of requests per minute and per UTC day that is
// never exceeded. A Gate is one provider's budget; it implements
// provider.Gate, refusing with a *provider.LimitedError once a window is
// spent, while the provider is paused (a 429, an in-body limit note), and,
// in the reserve (the last share of the day), to requests that are not of
// Demand priority.
//
// Spends are kept in the database (provider_quota, provider_pause, through
// Storage: SQLite or PostgreSQL), so a restart keeps the day's spend. With
// Valkey configured the budget is one for all instances: a Lua script
// checks and spends both windows atomically; when Valkey fails, or is not
// configured, the gate decides on the database's count, which holds every
// spend this instance made or learnt from Valkey. Instances sharing a
// PostgreSQL database share that count too: each window's spend is taken
// by one statement that checks its limit, so together they never exceed a
// budget even without Valkey.
package quota

import (
	"context"
	"log/slog"
	"time"

	"github.com/valkey-io/valkey-go"
)

// Priority says whose request is asking: the universe's (Background) or
// a user's (Demand: watched or on-demand symbols).
type Priority uint8

// The priorities.
const (
	Background Priority = iota
	Demand
)

type priorityKey struct{}

// WithPriority marks the requests made under ctx with p.
func WithPriority(ctx context.Context, p Priority) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// PriorityOf is the priority ctx carries (Background when none).
func PriorityOf(ctx context.Context) Priority {
	p, _ := ctx.Value(priorityKey{}).(Priority)
	return p
}

// DefaultReserve is the share of a day's budget kept for Demand requests.
const DefaultReserve = 0.2

// valkeyTimeout bounds one shared-budget call; past it the gate falls back
// to the local count.
const valkeyTimeout = 300 * time.Millisecond

// Budget is one provider's quota.
type Budget struct {
	PerMinute int     // requests per minute; 0: no limit
	PerDay    int     // requests per UTC day; 0: no limit
	Reserve   float64 // share of PerDay only Demand requests may spend; 0: DefaultReserve
}

// backgroundDay is the most of the day's budget Background requests may
// spend (0: no limit).
func (b Budget) backgroundDay() int {
	if b.PerDay == 0 {
		return 0
	}
	r := b.Reserve
	if r <= 0 {
		r = DefaultReserve
	}
	return max(0, b.PerDay-int(float64(b.PerDay)*r+0.5))
}

// Options configure a Store.
type Options struct {
	Storage Storage       // required: SQLite(db) or Postgres(db)
	Valkey  valkey.Client // nil: the database's count alone (shared when the database is)
	Prefix  string        // Valkey key prefix; "" means "mp:quota:"
	Now     func() time.Time
	Log     *slog.Logger
}

// Store makes the gates of the providers over one database and Valkey.
type Store struct {
	db     Storage
	vk     valkey.Client
	prefix string
	now    func() time.Time
	log    *slog.Logger
}

// New is a Store.
func New(opts Options) *Store {
	s := &Store{db: opts.Storage, vk: opts.Valkey, prefix: opts.Prefix, now: opts.Now, log: opts.Log}
	if s.prefix == "" {
		s.prefix = "mp:quota:"
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Gate is the budget of the provider called name.
func (s *Store) Gate(name string, b Budget) *Gate {
	return &Gate{s: s, name: name, b: b}
}

// windows are the starts (Unix seconds) of the minute and the day at now,
// and when each ends.
type windows struct {
	minute, day       int64
	minuteEnd, dayEnd time.Time
}

func windowsAt(now time.Time) windows {
	m := now.UTC().Truncate(time.Minute)
	d := now.UTC().Truncate(24 * time.Hour)
	return windows{minute: m.Unix(), day: d.Unix(), minuteEnd: m.Add(time.Minute), dayEnd: d.Add(24 * time.Hour)}
}
