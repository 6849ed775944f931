package cache

import (
	"context"
	"fmt"
	"strconv"

	"github.com/valkey-io/valkey-go"
)

// Keys of L2 metadata. They start with ':', which no data key does (namespace names are
// not empty), so they never collide with entries.
func tagKey(tag string) string { return ":tag:" + tag }
func genKey(ns string) string  { return ":gen:" + ns }

// genScript agrees on a namespace's generation: the larger of Valkey's and the caller's,
// plus one for a bump (InvalidateAll). Generations only grow, even if Valkey lost its
// data: callers bring theirs. A change is published in the same step, so that every
// instance hears it; the message has the fields of message.
//
// KEYS[1] generation key; ARGV: caller's generation, 1 to bump or 0, channel, origin,
// namespace. Returns {generation, 1 if changed}.
var genScript = valkey.NewLuaScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local gen = math.max(cur, tonumber(ARGV[1])) + tonumber(ARGV[2])
if gen == cur then
  return {gen, 0}
end
redis.call('SET', KEYS[1], string.format('%d', gen))
redis.call('PUBLISH', ARGV[3], cjson.encode({o = ARGV[4], ns = ARGV[5], g = gen}))
return {gen, 1}
`)

// generation runs genScript for ns, whose generation here is local.
func (l *l2) generation(ctx context.Context, cl *valkeyClient, ns string, local uint64, bump bool) (uint64, error) {
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	inc := "0"
	if bump {
		inc = "1"
	}
	args := []string{strconv.FormatUint(local, 10), inc, l.channel, l.origin, ns}
	res, err := genScript.Exec(callCtx, cl.Client, []string{genKey(ns)}, args).AsIntSlice()
	if err != nil {
		return 0, fmt.Errorf("generation of %q: %w", ns, err)
	}
	if len(res) != 2 || res[0] < 0 {
		return 0, fmt.Errorf("generation of %q: unexpected reply %v", ns, res)
	}
	if res[1] == 1 {
		l.sent.Add(1)
	}
	return uint64(res[0]), nil
}

func (l *l2) publishCmd(cl *valkeyClient, m message) valkey.Completed {
	m.Origin = l.origin
	return cl.B().Publish().Channel(l.channel).Message(m.encode()).Build()
}

// delAndPublish raises the guards of keys, deletes them and tells the peers, in one
// round trip.
func (l *l2) delAndPublish(ctx context.Context, cl *valkeyClient, keys []string) error {
	cmds := make(valkey.Commands, 0, 3*len(keys)+1)
	for _, k := range keys { // a command per key: keys may be in different cluster slots
		cmds = raiseGuard(cmds, cl, keyGuard(k))
		cmds = append(cmds, cl.B().Del().Key(k).Build())
	}
	cmds = append(cmds, l.publishCmd(cl, message{Keys: keys}))
	if err := doAll(ctx, cl, cmds); err != nil {
		return err
	}
	l.sent.Add(1)
	return nil
}

// tagBatch is how many members of a tag's set are popped and deleted per round trip.
const tagBatch = 1000

// dropTag raises the guard of tag, deletes the L2 entries carrying it, then tells the
// peers. Members are popped from the set, so that entries tagged meanwhile stay listed;
// popped members that could not be deleted are remembered as missed deletes.
func (l *l2) dropTag(ctx context.Context, cl *valkeyClient, tag string) error {
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	err := doAll(callCtx, cl, raiseGuard(nil, cl, tagGuard(tag)))
	cancel()
	if err != nil {
		return fmt.Errorf("guard tag %q: %w", tag, err)
	}
	for {
		n, err := l.dropTagBatch(ctx, cl, tag)
		if err != nil {
			return fmt.Errorf("drop tag %q: %w", tag, err)
		}
		if n < tagBatch {
			break
		}
	}
	callCtx, cancel = context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	if err := cl.Do(callCtx, l.publishCmd(cl, message{Tag: tag})).Error(); err != nil {
		return fmt.Errorf("publish tag %q: %w", tag, err)
	}
	l.sent.Add(1)
	return nil
}

func (l *l2) dropTagBatch(ctx context.Context, cl *valkeyClient, tag string) (int, error) {
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	keys, err := cl.Do(callCtx, cl.B().Spop().Key(tagKey(tag)).Count(tagBatch).Build()).AsStrSlice()
	switch {
	case valkey.IsValkeyNil(err):
		return 0, nil
	case err != nil:
		return 0, err
	case len(keys) == 0:
		return 0, nil
	}
	cmds := make(valkey.Commands, len(keys))
	for i, k := range keys {
		cmds[i] = cl.B().Del().Key(k).Build()
	}
	if err := doAll(callCtx, cl, cmds); err != nil {
		l.remember(keys)
		return 0, err
	}
	return len(keys), nil
}

// invalidateTag drops tag from L2 and tells the peers; if L2 cannot be reached, the tag
// is remembered and dropped before L2 is used again.
func (l *l2) invalidateTag(ctx context.Context, tag string) {
	cl := l.active()
	if cl == nil {
		l.skipped.Add(1)
		l.rememberTag(tag)
		return
	}
	ctx = context.WithoutCancel(ctx) // a write happened: finish its invalidation
	if err := l.dropTag(ctx, cl, tag); err != nil {
		l.failed(ctx, err)
		l.rememberTag(tag)
		return
	}
	l.succeeded()
}

func (l *l2) rememberTag(tag string) {
	if first := l.pendingTags.add([]string{tag}); first {
		l.log.Warn("too many tag invalidations missed while l2 is down; dropping the rest", "max", maxPending)
	}
}

// replayTags drops the tags invalidated while L2 could not be reached. A network error
// keeps the rest for the next probe; tags the server refuses to drop are given up.
func (l *l2) replayTags(ctx context.Context, cl *valkeyClient) error {
	tags, overflowed := l.pendingTags.take()
	if overflowed {
		l.log.Warn("tag invalidations missed while l2 was unreachable overflowed: l2 may serve stale entries until they expire",
			"max", maxPending)
	}
	for i, t := range tags {
		err := l.dropTag(ctx, cl, t)
		if err == nil {
			continue
		}
		if _, reply := valkey.IsValkeyErr(err); reply {
			l.log.Warn("l2 refused a missed tag invalidation: it may serve stale entries until they expire", "tag", t, "err", err)
			continue
		}
		l.pendingTags.putBack(tags[i:])
		return fmt.Errorf("replay %d tag invalidations: %w", len(tags)-i, err)
	}
	return nil
}
