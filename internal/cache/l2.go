package cache

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
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
	cfg     Config
	opt     valkey.ClientOption
	addr    string // the URL without userinfo, for logs
	log     *slog.Logger
	hooks   l2Hooks
	channel string // of invalidation messages
	origin  string // the id of this Cache in messages
	client  atomic.Pointer[valkeyClient]
	conns   connTracker

	mu          sync.Mutex // serialises up/down transitions
	up          atomic.Bool
	failures    atomic.Int64 // consecutive network errors and timeouts
	downSince   atomic.Int64 // unix nanoseconds
	transitions atomic.Uint64
	pending     pendingSet // L2 keys whose DEL was missed
	pendingTags pendingSet // tags whose invalidation was missed
	kick        chan struct{}

	writes chan struct{}   // a slot per async write in flight; filled for good by close
	ctx    context.Context // of the background loop
	stop   context.CancelFunc
	done   chan struct{}

	hits, misses, errors, skipped, sent atomic.Uint64
}

// l2Hooks are how L2 calls back into the Cache from its background loop.
type l2Hooks struct {
	// catchUp runs after each successful PING, before L2 is marked up: it replays what
	// was missed and agrees on generations. An error keeps L2 down.
	catchUp func(ctx context.Context, cl *valkeyClient, comingUp bool) error
	flush   func() // empties L1 when L2 comes (back) up
	tick    func() // after each probe, up or not
}

type valkeyClient struct{ valkey.Client }

// clientOption parses the URL into the options shared by the L2 and bus clients.
func clientOption(cfg Config) (valkey.ClientOption, error) {
	opt, err := valkey.ParseURL(cfg.ValkeyURL)
	if err != nil {
		if uerr, ok := err.(*url.Error); ok {
			err = uerr.Err // url.Error repeats the URL, credentials included
		}
		return opt, fmt.Errorf("parse valkey url: %w", err)
	}
	opt.DisableRetry = true
	opt.DisableCache = true // otter is the client-side cache
	opt.Dialer.Timeout = cfg.DialTimeout
	opt.ConnWriteTimeout = cfg.DialTimeout
	// With one address, skip cluster detection: a failed cluster attempt leaves a
	// goroutine behind for a second, at every connection retry.
	opt.ForceSingleClient = len(opt.InitAddress) == 1 && opt.Sentinel.MasterSet == ""
	return opt, nil
}

// channelName scopes invalidations by database: pub/sub channels are server-wide.
func channelName(opt valkey.ClientOption) string {
	return "cache:invalidations:" + strconv.Itoa(opt.SelectDB)
}

func newL2(cfg Config, opt valkey.ClientOption, log *slog.Logger, hooks l2Hooks, origin string) *l2 {
	l := &l2{
		cfg:     cfg,
		opt:     opt,
		addr:    redact(cfg.ValkeyURL),
		log:     log,
		hooks:   hooks,
		channel: channelName(opt),
		origin:  origin,
		kick:    make(chan struct{}, 1),
		writes:  make(chan struct{}, maxAsyncWrites),
		done:    make(chan struct{}),
	}
	l.ctx, l.stop = context.WithCancel(context.Background())
	l.conns.ctx = l.ctx
	l.opt.DialCtxFn = l.conns.dial(opt.DialCtxFn)
	l.downSince.Store(time.Now().UnixNano())
	return l
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

// del deletes keys and tells the peers. Keys it cannot delete now are remembered and
// deleted before L2 is marked up again, so that a value invalidated during an outage is
// not served after it.
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
	if err := l.delAndPublish(callCtx, cl, keys); err != nil {
		l.failed(ctx, err)
		l.remember(keys)
		return
	}
	l.succeeded()
}

// doAll sends cmds in one round trip and returns the first error.
func doAll(ctx context.Context, cl *valkeyClient, cmds valkey.Commands) error {
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
