package quota

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/valkey-io/valkey-go"
)

// admitScript checks the pause and both windows and spends one request of
// each, atomically. KEYS: pause, minute, day. ARGV: per minute, per day,
// day limit of the priority, minute TTL ms, day TTL ms (limits 0: none).
// It answers {code, day used, pause ms left, pause reason}.
var admitScript = valkey.NewLuaScript(`
local p = redis.call('PTTL', KEYS[1])
if p > 0 then return {4, 0, p, redis.call('GET', KEYS[1]) or ''} end
local m = tonumber(redis.call('GET', KEYS[2]) or '0')
local d = tonumber(redis.call('GET', KEYS[3]) or '0')
local pm, pd, lim = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if pm > 0 and m >= pm then return {1, d, 0, ''} end
if pd > 0 and d >= pd then return {2, d, 0, ''} end
if lim > 0 and d >= lim then return {3, d, 0, ''} end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
d = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return {0, d, 0, ''}
`)

// pauseScript sets the pause key unless a longer pause is set. KEYS: pause.
// ARGV: ms, reason.
var pauseScript = valkey.NewLuaScript(`
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
end
return 1
`)

var errNoShared = errors.New("no shared budget")

func (g *Gate) keys(w windows) []string {
	base := g.s.prefix + g.name
	return []string{
		base + ":pause",
		base + ":m:" + strconv.FormatInt(w.minute, 10),
		base + ":d:" + strconv.FormatInt(w.day, 10),
	}
}

// admitShared decides on the Valkey count; an admitted request's day spend
// is written to the database too, so a fallback or a restart starts from it.
func (g *Gate) admitShared(ctx context.Context, now time.Time, w windows) (verdict, error) {
	if g.s.vk == nil {
		return verdict{}, errNoShared
	}
	vctx, cancel := context.WithTimeout(ctx, valkeyTimeout)
	defer cancel()
	args := []string{
		strconv.Itoa(g.b.PerMinute), strconv.Itoa(g.b.PerDay), strconv.Itoa(g.dayLimit(ctx)),
		strconv.FormatInt(w.minuteEnd.Sub(now).Milliseconds()+60_000, 10),
		strconv.FormatInt(w.dayEnd.Sub(now).Milliseconds()+3_600_000, 10),
	}
	res, err := admitScript.Exec(vctx, g.s.vk, g.keys(w), args).ToArray()
	if err != nil {
		return verdict{}, err
	}
	v, err := verdictOf(res, now)
	if err != nil {
		return verdict{}, err
	}
	if v.code == 0 {
		g.learn(ctx, w, v.dayUsed)
	}
	return v, nil
}

func verdictOf(res []valkey.ValkeyMessage, now time.Time) (verdict, error) {
	if len(res) != 4 {
		return verdict{}, errors.New("quota script: bad answer")
	}
	code, err1 := res[0].AsInt64()
	day, err2 := res[1].AsInt64()
	ms, err3 := res[2].AsInt64()
	reason, err4 := res[3].ToString()
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return verdict{}, err
	}
	return verdict{code: int(code), dayUsed: day, until: now.Add(time.Duration(ms) * time.Millisecond), reason: reason}, nil
}

// learn raises the local day spend to what the shared budget says.
func (g *Gate) learn(ctx context.Context, w windows, dayUsed int64) {
	if err := g.s.db.RaiseSpent(ctx, g.name, spanDay, w.day, dayUsed); err != nil {
		g.s.log.Warn("quota: local copy of the shared spend failed", "provider", g.name, "err", err)
	}
}

// pauseShared sets the shared pause (best effort: the local one is set).
func (g *Gate) pauseShared(ctx context.Context, d time.Duration, reason string) {
	if g.s.vk == nil {
		return
	}
	vctx, cancel := context.WithTimeout(ctx, valkeyTimeout)
	defer cancel()
	key := g.keys(windowsAt(g.s.now()))[:1]
	args := []string{strconv.FormatInt(max(1, d.Milliseconds()), 10), reason}
	if err := pauseScript.Exec(vctx, g.s.vk, key, args).Error(); err != nil {
		g.s.log.Warn("quota: shared pause failed", "provider", g.name, "err", err)
	}
}
