package account

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/ratelimit"
)

// The delay of logins on an account under attack: it starts at
// loginDelayBase once the account has had LOGIN_BURST recent failures (from
// any addresses) and doubles with each further failure up to loginDelayMax.
const (
	loginDelayBase  = 250 * time.Millisecond
	loginDelayMax   = 2 * time.Second
	loginDelaySteps = 4 // 250 ms, 500 ms, 1 s, 2 s
)

// pairKey is one client address trying one account.
type pairKey struct {
	account string // loginKey of the email
	client  netip.Addr
}

// AppendKey names the pair in Valkey (ratelimit.Keyer).
func (k pairKey) AppendKey(b []byte) []byte {
	return k.client.AppendTo(append(append(b, k.account...), 0))
}

// throttles are the limits on guessing passwords, after OWASP's
// authentication guidance: nothing that others do can lock an account's
// owner out.
//
//   - perClient: every login attempt of a client address, on any account.
//   - perPair: the failed logins of one address on one account; once
//     empty, that address is refused on that account only.
//   - perAccount: the failed logins on an account from every address. It
//     never refuses: past LOGIN_BURST failures it delays every login on the
//     account (see loginDelay), so a distributed guesser is slowed and the
//     owner, from an address that has not failed, still gets in.
//   - passwordChange: the wrong current passwords of a password change,
//     per user, apart from the login buckets.
//   - registerPerIP: registrations of a client address.
//
// The failure buckets are only looked at (Peek) before a check and taken
// from after a failure, so a success costs them nothing and an address
// that never failed holds no bucket. Attempts racing past a Peek are
// bounded by perClient, taken first. Given a cluster, every bucket is one
// for all instances (ratelimit.Exact): spreading guesses over instances
// gains nothing.
type throttles struct {
	perClient      *ratelimit.Store[netip.Addr]
	perPair        *ratelimit.Store[pairKey]
	perAccount     *ratelimit.Store[string]
	passwordChange *ratelimit.Store[int64]
	registerPerIP  *ratelimit.Store[netip.Addr]
	loginBurst     int
}

// newThrottles builds the throttles, exact across the instances sharing
// cluster (nil: this instance's own).
func newThrottles(a config.Auth, cluster *ratelimit.Cluster) *throttles {
	login := a.LoginPerMinute / 60
	return &throttles{
		perClient: ratelimit.New[netip.Addr](a.LoginClientPerMinute/60, a.LoginClientBurst, maxThrottleKeys,
			ratelimit.Exact(cluster, "login-client")),
		perPair: ratelimit.New[pairKey](login, a.LoginBurst, maxThrottleKeys,
			ratelimit.Exact(cluster, "login-pair")),
		perAccount: ratelimit.New[string](login, a.LoginBurst+loginDelaySteps, maxThrottleKeys,
			ratelimit.Exact(cluster, "login-account")),
		passwordChange: ratelimit.New[int64](a.PasswordPerMinute/60, a.PasswordBurst, maxThrottleKeys,
			ratelimit.Exact(cluster, "password-proof")),
		registerPerIP: ratelimit.New[netip.Addr](a.RegisterPerMinute/60, a.RegisterBurst, maxThrottleKeys,
			ratelimit.Exact(cluster, "register")),
		loginBurst: a.LoginBurst,
	}
}

func (t *throttles) close() {
	t.perClient.Close()
	t.perPair.Close()
	t.perAccount.Close()
	t.passwordChange.Close()
	t.registerPerIP.Close()
}

// beforeLogin admits a login attempt of client on email or refuses it with
// 429 too_many_attempts, then waits out the account's delay (or ctx).
func (t *throttles) beforeLogin(ctx context.Context, email string, client netip.Addr) error {
	now := time.Now()
	if err := refused(t.perClient.Take(client, now)); err != nil {
		return err
	}
	if err := refused(t.perPair.Peek(pairKey{loginKey(email), client}, now)); err != nil {
		return err
	}
	d := t.perAccount.Peek(loginKey(email), now)
	return sleep(ctx, loginDelay(d.Limit-d.Remaining, t.loginBurst))
}

// loginFailed counts a failed login of client on email.
func (t *throttles) loginFailed(email string, client netip.Addr) {
	now := time.Now()
	t.perPair.Take(pairKey{loginKey(email), client}, now)
	t.perAccount.Take(loginKey(email), now)
}

// loginDelay is the wait before checking a password on an account with
// failures recent failures: none below burst, then loginDelayBase doubling
// with each further failure, at most loginDelayMax.
func loginDelay(failures, burst int) time.Duration {
	over := failures - burst
	if over < 0 {
		return 0
	}
	if over >= loginDelaySteps {
		return loginDelayMax
	}
	return min(loginDelayBase<<over, loginDelayMax)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("login delay: %w", ctx.Err())
	}
}

// throttle takes one attempt of key from st, or refuses with 429
// too_many_attempts saying only when to retry.
func throttle[K comparable](st *ratelimit.Store[K], key K) error {
	return refused(st.Take(key, time.Now()))
}

// refused is nil for an allowed decision, else 429 too_many_attempts
// saying only when to retry.
func refused(d ratelimit.Decision) error {
	if d.OK {
		return nil
	}
	return ratelimit.After(d.RetryAfter).Err("too_many_attempts", "attempts")
}

// loginKey is the key of an account's login throttles.
func loginKey(email string) string { return strings.ToLower(email) }
