// Package account owns the accounts of Market Pulse: users (registration,
// login with its throttles, profile and password changes), their sessions
// and opaque bearer tokens (minting, resolution through the token cache,
// revocation on every instance, recording of use, logout), the callers
// those tokens resolve to (Principal and what each may do), the
// administration of users, the admin bootstrap at start and the sweeper of
// expired sessions.
//
// It reaches the database only through Storage (SQLite and PostgreSQL
// implement it), in its transactions where a change spans statements, and
// owns the session-token cache namespace. It knows
// nothing of HTTP: callers pass what they know of the client (its address,
// its User-Agent) in the inputs.
package account

import (
	"fmt"
	"log/slog"

	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/ratelimit"
)

// maxThrottleKeys bounds the accounts and addresses each throttle tracks.
const maxThrottleKeys = 100_000

// Role is users.role.
type Role string

// The roles of users.
const (
	RoleUser  Role = "user"
	RoleAdmin Role = "admin"
)

// CacheName names a cache namespace of this package; the names are those
// of the L2 keys and the cache statistics.
type CacheName string

// CacheSessionToken caches resolved session tokens, keyed and tagged by the
// token's digest.
const CacheSessionToken CacheName = "session-token"

// Deps are what the service needs. Storage, Cache and Log are required.
type Deps struct {
	Storage Storage
	Cache   *cache.Cache
	Log     *slog.Logger
	// Auth holds the password hashing costs, the throttles and the session
	// settings.
	Auth config.Auth
	// AdminToken is the static token of a machine with admin rights (empty:
	// none).
	AdminToken string
	// Changed, when set, learns what changed after each commit. It runs on
	// the caller's goroutine and must not block (hand off to a channel).
	Changed func(Change)
	// RateLimits, when set, makes the throttles one for every instance
	// (nil: this instance's own).
	RateLimits *ratelimit.Cluster
}

// ChangeKind says what happened to an account.
type ChangeKind uint8

// The kinds of change.
const (
	UserCreated     ChangeKind = iota + 1 // registration or admin bootstrap
	ProfileChanged                        // email or display name
	AccessChanged                         // role or active flag
	SessionsRevoked                       // every session of the user ended (password change, deactivation)
	SessionEnded                          // one session logged out
)

// Change is what Deps.Changed learns: the kind of change and whose account.
type Change struct {
	Kind   ChangeKind
	UserID int64
	// SessionID is the session that ended (SessionEnded only).
	SessionID int64
}

// Service runs the account operations. Close stops its background work.
type Service struct {
	st     Storage
	log    *slog.Logger
	hasher *auth.Hasher
	cfg    config.Auth
	admin  machineToken
	tokens *tokens

	throttles *throttles

	changed func(Change)
}

// New builds the service: the password hasher (which fails on parameters
// out of range), the throttles and the token cache namespace.
func New(d Deps) (*Service, error) {
	h, err := auth.NewHasher(auth.Params{
		MemoryKiB:   uint32(d.Auth.ArgonMemoryKiB),
		Iterations:  uint32(d.Auth.ArgonIterations),
		Parallelism: uint8(d.Auth.ArgonParallelism),
	}, d.Auth.HashConcurrency, d.Auth.HashQueue)
	if err != nil {
		return nil, fmt.Errorf("password hasher: %w", err)
	}
	return &Service{
		st:        d.Storage,
		log:       d.Log,
		hasher:    h,
		cfg:       d.Auth,
		admin:     newMachineToken(d.AdminToken),
		tokens:    newTokens(d),
		throttles: newThrottles(d.Auth, d.RateLimits),
		changed:   d.Changed,
	}, nil
}

// Close ends the waits for a password hash (they fail as 503
// shutting_down), stops the throttles' clean-up and waits for the session
// uses being recorded. Call it before closing the database.
func (s *Service) Close() {
	s.hasher.Close()
	s.throttles.close()
	s.tokens.close()
}

// PasswordVerifications is how many argon2id verifications the service has
// done (logins, password and email changes), whatever their outcome.
func (s *Service) PasswordVerifications() uint64 { return s.hasher.Verifications() }

// CacheAdmins administers the service's namespaces. Resolved tokens cannot
// be warmed one by one: they are resolved again on their next use.
func (s *Service) CacheAdmins() []cache.Admin {
	return []cache.Admin{s.tokens.entries.Admin(nil)}
}

func (s *Service) notify(kind ChangeKind, userID int64) {
	s.notifyChange(Change{Kind: kind, UserID: userID})
}

func (s *Service) notifyChange(c Change) {
	if s.changed != nil {
		s.changed(c)
	}
}
