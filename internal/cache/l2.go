package cache

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valkey-io/valkey-go"
)

// maxAsyncWrites bounds the L2 writes in flight after origin loads; beyond it writes are
// skipped rather than queued.
const maxAsyncWrites = 128

// l2 is the optional Valkey tier. Every method is safe for concurrent use and never
// waits longer than CallTimeout; while L2 is not up they return at once.
type l2 struct {
	cfg    Config
	opt    valkey.ClientOption
	addr   string // the URL without userinfo, for logs
	log    *slog.Logger
	flush  func() // empties L1 when L2 comes (back) up
	client atomic.Pointer[valkeyClient]
	conns  connTracker

	mu        sync.Mutex // serialises up/down transitions
	up        atomic.Bool
	failures  atomic.Int64 // consecutive network errors and timeouts
	downSince atomic.Int64 // unix nanoseconds
	pending   pendingDeletes

	writes chan struct{}   // a slot per async write in flight; filled for good by close
	ctx    context.Context // of the background loop
	stop   context.CancelFunc
	done   chan struct{}

	hits, misses, errors, skipped atomic.Uint64
}

type valkeyClient struct{ valkey.Client }

func newL2(cfg Config, log *slog.Logger, flush func()) (*l2, error) {
	opt, err := valkey.ParseURL(cfg.ValkeyURL)
	if err != nil {
		if uerr, ok := err.(*url.Error); ok {
			err = uerr.Err // url.Error repeats the URL, credentials included
		}
		return nil, fmt.Errorf("parse valkey url: %w", err)
	}
	opt.DisableRetry = true
	opt.DisableCache = true // otter is the client-side cache
	opt.Dialer.Timeout = cfg.DialTimeout
	opt.ConnWriteTimeout = cfg.DialTimeout
	// With one address, skip cluster detection: a failed cluster attempt leaves a
	// goroutine behind for a second, at every connection retry.
	opt.ForceSingleClient = len(opt.InitAddress) == 1 && opt.Sentinel.MasterSet == ""

	l := &l2{
		cfg:    cfg,
		opt:    opt,
		addr:   redact(cfg.ValkeyURL),
		log:    log,
		flush:  flush,
		writes: make(chan struct{}, maxAsyncWrites),
		done:   make(chan struct{}),
	}
	l.ctx, l.stop = context.WithCancel(context.Background())
	l.conns.ctx = l.ctx
	l.opt.DialCtxFn = l.conns.dial(opt.DialCtxFn)
	l.pending.keys = make(map[string]struct{})
	l.downSince.Store(time.Now().UnixNano())
	return l, nil
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	u.User = nil
	return u.String()
}

// active returns the client while L2 is up, nil otherwise.
func (l *l2) active() *valkeyClient {
	if !l.up.Load() {
		return nil
	}
	return l.client.Load()
}

// get reads key. ok is false on a miss, an error, or when L2 is skipped. The caller
// counts the hit once it has decoded the payload.
func (l *l2) get(ctx context.Context, key string) (payload []byte, ok bool) {
	cl := l.active()
	if cl == nil {
		l.skipped.Add(1)
		return nil, false
	}
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	payload, err := cl.Do(callCtx, cl.B().Get().Key(key).Build()).AsBytes()
	switch {
	case valkey.IsValkeyNil(err):
		l.succeeded()
		l.misses.Add(1)
		return nil, false
	case err != nil:
		l.failed(ctx, err)
		return nil, false
	}
	l.succeeded()
	return payload, true
}

// setAsync writes payload with a TTL in the background, so that a slow L2 never delays
// the request that loaded the value.
func (l *l2) setAsync(key string, payload []byte, ttl time.Duration) {
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
		cmd := cl.B().Set().Key(key).Value(valkey.BinaryString(payload)).PxMilliseconds(ttl.Milliseconds()).Build()
		if err := cl.Do(ctx, cmd).Error(); err != nil {
			l.failed(context.Background(), err)
			return
		}
		l.succeeded()
	}()
}

// del deletes keys. Keys it cannot delete now are remembered and deleted before L2 is
// marked up again, so that a value invalidated during an outage is not served after it.
func (l *l2) del(ctx context.Context, keys []string) {
	cl := l.active()
	if cl == nil {
		l.skipped.Add(1)
		l.remember(keys)
		return
	}
	ctx = context.WithoutCancel(ctx) // a write happened: finish its invalidation
	callCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	if err := delAll(callCtx, cl, keys); err != nil {
		l.failed(ctx, err)
		l.remember(keys)
		return
	}
	l.succeeded()
}

func delAll(ctx context.Context, cl *valkeyClient, keys []string) error {
	cmds := make(valkey.Commands, len(keys)) // one DEL per key: keys may be in different cluster slots
	for i, k := range keys {
		cmds[i] = cl.B().Del().Key(k).Build()
	}
	for _, r := range cl.DoMulti(ctx, cmds...) {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}

func (l *l2) succeeded() {
	if l.failures.Load() != 0 {
		l.failures.Store(0)
	}
}

// failed counts err and opens the breaker after BreakerThreshold consecutive network
// errors or timeouts. Error replies from the server, and failures after the caller's
// ctx (not the call's own deadline) ended, say nothing about L2's health.
func (l *l2) failed(ctx context.Context, err error) {
	l.errors.Add(1)
	if _, reply := valkey.IsValkeyErr(err); reply || ctx.Err() != nil {
		return
	}
	if l.failures.Add(1) >= int64(l.cfg.BreakerThreshold) {
		l.markDown(err)
	}
}
