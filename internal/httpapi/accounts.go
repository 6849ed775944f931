package httpapi

import (
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/config"
)

// maxThrottleKeys bounds the accounts and addresses each throttle tracks.
const maxThrottleKeys = 100_000

// Accounts are the dependencies of the auth, users and admin operations and
// of the security handler: the password hasher, the login and registration
// throttles and the session settings. Close stops the throttles.
type Accounts struct {
	Hasher          *auth.Hasher
	LoginPerAccount *auth.Throttle // keyed by lower-cased email
	LoginPerIP      *auth.Throttle
	RegisterPerIP   *auth.Throttle
	SessionTTL      time.Duration
	TouchEvery      time.Duration // last_used_at is written at most this often per session
	TokenCacheTTL   time.Duration
}

// NewAccounts builds the accounts dependencies from the configuration.
func NewAccounts(cfg config.Auth) (*Accounts, error) {
	h, err := auth.NewHasher(auth.Params{
		MemoryKiB:   uint32(cfg.ArgonMemoryKiB),
		Iterations:  uint32(cfg.ArgonIterations),
		Parallelism: uint8(cfg.ArgonParallelism),
	}, cfg.HashConcurrency)
	if err != nil {
		return nil, fmt.Errorf("password hasher: %w", err)
	}
	return &Accounts{
		Hasher:          h,
		LoginPerAccount: auth.NewThrottle(cfg.LoginPerMinute, cfg.LoginBurst, maxThrottleKeys),
		LoginPerIP:      auth.NewThrottle(cfg.LoginPerMinute, cfg.LoginBurst, maxThrottleKeys),
		RegisterPerIP:   auth.NewThrottle(cfg.RegisterPerMinute, cfg.RegisterBurst, maxThrottleKeys),
		SessionTTL:      cfg.SessionTTL,
		TouchEvery:      cfg.SessionTouchEvery,
		TokenCacheTTL:   cfg.TokenCacheTTL,
	}, nil
}

// Close stops the throttles' background clean-up.
func (a *Accounts) Close() {
	a.LoginPerAccount.Close()
	a.LoginPerIP.Close()
	a.RegisterPerIP.Close()
}
