package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/valkey-io/valkey-go"
)

// An approximate store syncs at most maxSyncKeys buckets a tick (those
// with takes first), syncChunk per script run.
const (
	maxSyncKeys = 10_000
	syncChunk   = 500
)

// syncScript spends from shared buckets what an instance took since its
// last sync, down to a debt of one burst at most, and answers the tokens of
// every bucket. KEYS: the salt, then the buckets. ARGV: the salt the keys
// were named with, tokens per ms, burst, then per bucket the takes to spend
// (0: only look). Nil when the salt is not (or no longer) the one in Valkey.
var syncScript = valkey.NewLuaScript(bucketLua + `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local rate, burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local out = {}
for i = 2, #KEYS do
  local n = tonumber(ARGV[i + 2])
  local t = tokens_at(KEYS[i], now, rate, burst)
  if n > 0 then
    t = math.max(t - n, -burst)
    save(KEYS[i], t, now, rate, burst)
  end
  out[i - 1] = tostring(t)
end
return out
`)

// syncStats count an approximate store's successful syncs and the longest
// time between two, the lag that bounds the cluster's overshoot.
type syncStats struct {
	n      atomic.Uint64
	maxGap atomic.Int64 // nanoseconds
	last   time.Time    // the sync loop's own
}

func (st *syncStats) done(now time.Time) {
	if !st.last.IsZero() && now.Sub(st.last) > time.Duration(st.maxGap.Load()) {
		st.maxGap.Store(int64(now.Sub(st.last)))
	}
	st.last = now
	st.n.Add(1)
}

// pending is a bucket being synced and the takes it tells.
type pending struct {
	b     *bucket
	taken int64
}

// sync tells the cluster what this instance took since the last sync and
// sets each bucket to the shared one's tokens, less what was taken here
// meanwhile. A chunk that fails gives its takes back for the next sync.
func (s *Store[K]) sync() {
	c := s.share.cluster
	l := c.active()
	if l == nil {
		return
	}
	batch := s.toSync(l)
	if len(batch) == 0 {
		s.syncs.done(time.Now())
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.DialTimeout)
	defer cancel()
	for start := 0; start < len(batch); start += syncChunk {
		chunk := batch[start:min(start+syncChunk, len(batch))]
		if err := s.syncChunk(ctx, l, chunk); err != nil {
			giveBack(batch[start:])
			if errors.Is(err, errStaleSalt) {
				c.resalt(ctx, l)
				return
			}
			c.failed(err)
			return
		}
	}
	c.succeeded()
	s.syncs.done(time.Now())
}

// toSync picks the buckets to sync, takes their counts of takes and names
// them in l's epoch: the buckets with takes, then the others (they learn
// what other instances took), at most maxSyncKeys.
func (s *Store[K]) toSync(l *link) []pending {
	type picked struct {
		key K
		pending
	}
	var active, idle []picked
	s.mu.RLock()
	for k, b := range s.buckets {
		b.mu.Lock()
		n := b.taken
		b.taken = 0
		b.mu.Unlock()
		switch {
		case n > 0:
			active = append(active, picked{k, pending{b, n}})
		case len(idle) < maxSyncKeys:
			idle = append(idle, picked{k, pending{b, 0}})
		}
	}
	s.mu.RUnlock()
	batch := make([]pending, 0, min(len(active)+len(idle), maxSyncKeys))
	var kb [64]byte
	for _, p := range append(active, idle...) {
		if len(batch) == maxSyncKeys {
			giveBack([]pending{p.pending})
			continue
		}
		if p.b.epoch != l.epoch { // outside the store's lock: new keys need it
			p.b.vkey, p.b.epoch = l.key(s.share.cluster.cfg.Prefix, s.share.name, appendKey(kb[:0], p.key)), l.epoch
		}
		batch = append(batch, p.pending)
	}
	return batch
}

func (s *Store[K]) syncChunk(ctx context.Context, l *link, chunk []pending) error {
	keys := make([]string, 0, 1+len(chunk))
	args := make([]string, 0, 3+len(chunk))
	keys = append(keys, s.share.cluster.saltKey())
	args = append(args, l.salt, s.perMilli(), strconv.Itoa(s.burst))
	for _, p := range chunk {
		keys = append(keys, p.b.vkey)
		args = append(args, strconv.FormatInt(p.taken, 10))
	}
	res, err := syncScript.Exec(ctx, l.client, keys, args).ToArray()
	if valkey.IsValkeyNil(err) {
		return errStaleSalt
	}
	if err != nil {
		return err
	}
	if len(res) != len(chunk) {
		return fmt.Errorf("rate limit sync: %d values for %d buckets", len(res), len(chunk))
	}
	now := time.Now()
	for i, p := range chunk {
		chunk[i].taken = 0 // told: nothing to give back
		tokens, err := parseTokens(res[i])
		if err != nil {
			continue // cannot happen: the script answers numbers
		}
		p.b.mu.Lock()
		p.b.set(tokens-float64(p.b.taken), now)
		p.b.mu.Unlock()
	}
	return nil
}

// giveBack returns untold takes to their buckets, for the next sync.
func giveBack(ps []pending) {
	for _, p := range ps {
		if p.taken == 0 {
			continue
		}
		p.b.mu.Lock()
		p.b.taken += p.taken
		p.b.mu.Unlock()
	}
}
