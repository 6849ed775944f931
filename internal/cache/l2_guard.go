package cache

import (
	"context"
	"strconv"
	"time"

	"github.com/valkey-io/valkey-go"
)

// Guards close the race between a fill and an invalidation: a value loaded before an
// invalidation must not reach L2 after it. Every invalidation raises the guard of what
// it drops (an L2 key, or a tag) before deleting; a fill reads the guards of its key and
// tags with its L2 read, before it loads, and writes only if they are unchanged.
//
// A guard outlives any load that read it: a load longer than guardTTL could write a
// value that an invalidation in between dropped.
const guardTTL = 10 * time.Minute

func keyGuard(l2Key string) string { return ":inv:" + l2Key }
func tagGuard(tag string) string   { return ":taginv:" + tag }

// guardKeys are the guards of an entry: its key's, then its tags'.
func guardKeys(l2Key string, tags []string) []string {
	keys := make([]string, 0, 1+len(tags))
	keys = append(keys, keyGuard(l2Key))
	for _, t := range tags {
		keys = append(keys, tagGuard(t))
	}
	return keys
}

// raiseGuard appends the commands that raise guard.
func raiseGuard(cmds valkey.Commands, cl *valkeyClient, guard string) valkey.Commands {
	return append(cmds,
		cl.B().Incr().Key(guard).Build(),
		cl.B().Pexpire().Key(guard).Milliseconds(guardTTL.Milliseconds()).Build())
}

// setScript writes an entry if its guards are unchanged, and adds it to the set of each
// tag; a set lives as long as its longest-lived member (NX gives a new set a TTL, GT
// extends it).
//
// KEYS: the entry, its g guards, its tags' sets. ARGV: payload, TTL in ms, g, the values
// the guards had before loading ("" for none). Returns 1 if written.
var setScript = valkey.NewLuaScript(`
local g = tonumber(ARGV[3])
for i = 1, g do
  if (redis.call('GET', KEYS[1 + i]) or '') ~= ARGV[3 + i] then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2 + g, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2], 'NX')
  redis.call('PEXPIRE', KEYS[i], ARGV[2], 'GT')
end
return 1
`)

// read gets key and the guards (guardKeys) in one round trip. ok is false on an error,
// or when L2 is skipped; found is false on a miss. The caller counts the hit once it has
// decoded the payload.
func (l *l2) read(ctx context.Context, key string, guardKeys []string) (payload []byte, found bool, guards []string, ok bool) {
	cl := l.active()
	if cl == nil {
		l.skipped.Add(1)
		return nil, false, nil, false
	}
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	cmds := make(valkey.Commands, 0, 1+len(guardKeys))
	cmds = append(cmds, cl.B().Get().Key(key).Build())
	for _, g := range guardKeys {
		cmds = append(cmds, cl.B().Get().Key(g).Build())
	}
	guards = make([]string, len(guardKeys))
	for i, r := range cl.DoMulti(callCtx, cmds...) {
		b, err := r.AsBytes()
		switch {
		case valkey.IsValkeyNil(err):
		case err != nil:
			l.failed(ctx, err)
			return nil, false, nil, false
		case i == 0:
			payload, found = b, true
		default:
			guards[i-1] = string(b)
		}
	}
	l.succeeded()
	if !found {
		l.misses.Add(1)
	}
	return payload, found, guards, true
}

// setAsync writes payload with a TTL, unless an invalidation raised one of the guards
// since read returned them, and adds key to the set of each tag. It runs in the
// background, so that a slow L2 never delays the request that loaded the value.
func (l *l2) setAsync(key string, payload []byte, ttl time.Duration, tags, guards []string) {
	if ttl < time.Millisecond || l.active() == nil {
		l.skipped.Add(1)
		return
	}
	select {
	case l.writes <- struct{}{}:
	default:
		l.skipped.Add(1)
		return
	}
	go func() {
		defer func() { <-l.writes }()
		cl := l.active()
		if cl == nil {
			l.skipped.Add(1)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), l.cfg.CallTimeout)
		defer cancel()
		gks := guardKeys(key, tags)
		keys := make([]string, 0, 1+len(gks)+len(tags))
		keys = append(append(keys, key), gks...)
		for _, t := range tags {
			keys = append(keys, tagKey(t))
		}
		args := make([]string, 0, 3+len(guards))
		args = append(args, valkey.BinaryString(payload), strconv.FormatInt(ttl.Milliseconds(), 10), strconv.Itoa(len(gks)))
		args = append(args, guards...)
		if err := setScript.Exec(ctx, cl.Client, keys, args).Error(); err != nil {
			l.failed(context.Background(), err)
			return
		}
		l.succeeded()
	}()
}
