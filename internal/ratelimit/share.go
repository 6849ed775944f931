package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/valkey-io/valkey-go"
)

// Option shares a Store's buckets with the other instances.
type Option func(*sharing)

type mode uint8

const (
	modeLocal mode = iota
	modeExact
	modeApproximate
)

// sharing is how a store shares its buckets: not at all, or through
// cluster under name (the same on every instance, one per kind of bucket).
type sharing struct {
	mode    mode
	cluster *Cluster
	name    string
}

// Exact shares the buckets through c under name: every Take and Peek is
// one script run in Valkey on its clock, so the instances together allow
// exactly what one would. It costs a round trip per decision: for the
// throttles of logins and registrations, not for every request. When a
// call fails, that decision is made on this instance's bucket, which
// follows the shared one while Valkey answers. With c nil it does nothing.
func Exact(c *Cluster, name string) Option {
	return func(sh *sharing) {
		if c != nil {
			*sh = sharing{mode: modeExact, cluster: c, name: name}
		}
	}
}

// Approximate shares the buckets through c under name without a round
// trip per decision: each instance decides on its own bucket and, every
// SyncEvery, spends from the shared bucket in Valkey what it took and sets
// its bucket to what the shared one holds. Between two syncs each instance
// may allow what its bucket held at the last one plus the refill: the
// cluster overshoots by at most that, per instance, and the excess puts the
// shared bucket in debt (at most one burst), repaid before the client is
// allowed again. With c nil it does nothing.
func Approximate(c *Cluster, name string) Option {
	return func(sh *sharing) {
		if c != nil {
			*sh = sharing{mode: modeApproximate, cluster: c, name: name}
		}
	}
}

// counting says whether takes are to be told to the cluster: not while it
// is down, or a long outage would come back as one large debt.
func (sh *sharing) counting() bool {
	return sh.mode == modeApproximate && sh.cluster.Up()
}

// bucketLua is the shared token bucket: a hash of its tokens (t) at a time
// (at, in milliseconds of the Valkey server's clock), which expires once
// the bucket would be full again, so a missing key is a full bucket.
const bucketLua = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local function tokens_at(key, now, rate, burst)
  local s = redis.call('HMGET', key, 't', 'at')
  local t, at = tonumber(s[1]), tonumber(s[2])
  if not t or not at then return burst end
  return math.min(burst, t + math.max(0, now - at) * rate)
end
local function save(key, t, now, rate, burst)
  redis.call('HSET', key, 't', tostring(t), 'at', tostring(now))
  redis.call('PEXPIRE', key, tostring(math.min(math.ceil((burst - t) / rate), 2592000000) + 1000))
end
`

// takeScript takes a token from a shared bucket, or looks at it. KEYS: the
// bucket, the salt. ARGV: the salt the key was named with, tokens per ms,
// burst, 1 to take or 0 to look. It answers {1 if allowed, the tokens left},
// or nil when the salt is not (or no longer) the one in Valkey.
var takeScript = valkey.NewLuaScript(bucketLua + `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
local rate, burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local t = tokens_at(KEYS[1], now, rate, burst)
if t < 1 then return {0, tostring(t)} end
if ARGV[4] == '0' then return {1, tostring(t)} end
t = t - 1
save(KEYS[1], t, now, rate, burst)
return {1, tostring(t)}
`)

// errStaleSalt: the salt changed in Valkey (it lost its data).
var errStaleSalt = errors.New("rate limit salt changed")

// decideShared decides a take (or a look) of key in Valkey and makes the
// local bucket follow. ok is false when the decision is to be made
// locally: the cluster is down, or the call failed.
func (s *Store[K]) decideShared(key K, now time.Time, take bool) (d Decision, ok bool) {
	c := s.share.cluster
	l := c.active()
	if l == nil {
		return Decision{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CallTimeout)
	defer cancel()
	var kb [64]byte
	name := appendKey(kb[:0], key)
	allowed, tokens, err := s.runTake(ctx, l, name, take)
	if errors.Is(err, errStaleSalt) {
		c.resalt(ctx, l)
		if l = c.active(); l == nil {
			return Decision{}, false
		}
		allowed, tokens, err = s.runTake(ctx, l, name, take)
	}
	if err != nil {
		c.failed(err)
		return Decision{}, false
	}
	c.succeeded()
	s.follow(key, tokens, now)
	switch {
	case !take:
		return s.peeked(tokens), true
	case allowed:
		return s.allowed(tokens), true
	default:
		return s.refusal(tokens), true
	}
}

func (s *Store[K]) runTake(ctx context.Context, l *link, name []byte, take bool) (allowed bool, tokens float64, err error) {
	n := "0"
	if take {
		n = "1"
	}
	keys := []string{l.key(s.share.cluster.cfg.Prefix, s.share.name, name), s.share.cluster.saltKey()}
	args := []string{l.salt, s.perMilli(), strconv.Itoa(s.burst), n}
	res, err := takeScript.Exec(ctx, l.client, keys, args).ToArray()
	if valkey.IsValkeyNil(err) {
		return false, 0, errStaleSalt
	}
	if err != nil {
		return false, 0, err
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("rate limit script: %d values", len(res))
	}
	code, err1 := res[0].AsInt64()
	tokens, err2 := parseTokens(res[1])
	if err := errors.Join(err1, err2); err != nil {
		return false, 0, fmt.Errorf("rate limit script: %w", err)
	}
	return code == 1, tokens, nil
}

// follow sets key's local bucket to the shared one's tokens, so that a
// decision made locally when Valkey fails starts from the cluster's count.
// A full bucket needs no local copy.
func (s *Store[K]) follow(key K, tokens float64, now time.Time) {
	if tokens >= float64(s.burst) {
		s.mu.RLock()
		b := s.buckets[key]
		s.mu.RUnlock()
		if b == nil {
			return
		}
	}
	b, own := s.bucket(key, now)
	if !own {
		return
	}
	b.mu.Lock()
	b.set(tokens, now)
	b.mu.Unlock()
}

// perMilli is the refill rate in tokens per millisecond, for the scripts.
func (s *Store[K]) perMilli() string {
	return strconv.FormatFloat(s.perSecond/1000, 'g', -1, 64)
}

func parseTokens(m valkey.ValkeyMessage) (float64, error) {
	str, err := m.ToString()
	if err != nil {
		return 0, err
	}
	return strconv.ParseFloat(str, 64)
}
