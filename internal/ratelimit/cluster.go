package ratelimit

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valkey-io/valkey-go"
)

// Defaults of zero ClusterOptions fields.
const (
	DefaultPrefix           = "mp:rl:"
	DefaultDialTimeout      = 300 * time.Millisecond
	DefaultCallTimeout      = 50 * time.Millisecond
	DefaultProbeInterval    = time.Second
	DefaultBreakerThreshold = 3
	DefaultSyncEvery        = 200 * time.Millisecond
)

// ClusterOptions configure a Cluster.
type ClusterOptions struct {
	// Valkey is the parsed VALKEY_URL. The cluster sets its own timeouts
	// and turns retries and client-side caching off.
	Valkey valkey.ClientOption
	// Prefix starts every key the stores write ("" means DefaultPrefix).
	Prefix string
	// DialTimeout bounds connecting, the probe and an approximate store's
	// sync.
	DialTimeout time.Duration
	// CallTimeout bounds one exact decision; past it the decision is local.
	CallTimeout time.Duration
	// ProbeInterval is how often an unreachable Valkey is retried, and a
	// reachable one checked.
	ProbeInterval time.Duration
	// BreakerThreshold is the number of consecutive network errors or
	// timeouts after which Valkey is skipped until a probe succeeds.
	BreakerThreshold int
	// SyncEvery is how often an approximate store tells the others what it
	// took and learns what they took.
	SyncEvery time.Duration
	Log       *slog.Logger
}

// Cluster is the Valkey server through which the stores of several
// instances share their buckets (see Exact and Approximate). It connects,
// and reconnects after an outage, in the background: a store never waits
// for it, and while it is down every store decides alone on its local
// buckets. Close stops it.
//
// No client address or email reaches Valkey: a key is named by an HMAC of
// it under a random salt that the first instance stores in Valkey and the
// others read.
type Cluster struct {
	opt  valkey.ClientOption
	cfg  ClusterOptions
	log  *slog.Logger
	link atomic.Pointer[link] // nil while down

	mu       sync.Mutex // serialises connecting and up/down transitions
	client   valkey.Client
	epoch    uint64
	failures atomic.Int64

	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

// link is the cluster while it is up: the client and the salt of the keys.
// A new link (a new epoch) comes with every up transition and every salt
// change, so a store knows when to name its keys again.
type link struct {
	client valkey.Client
	salt   string
	epoch  uint64
}

// NewCluster starts connecting to Valkey in the background.
func NewCluster(o ClusterOptions) *Cluster {
	o.Prefix = orDefault(o.Prefix, DefaultPrefix)
	o.DialTimeout = orDefault(o.DialTimeout, DefaultDialTimeout)
	o.CallTimeout = orDefault(o.CallTimeout, DefaultCallTimeout)
	o.ProbeInterval = orDefault(o.ProbeInterval, DefaultProbeInterval)
	o.BreakerThreshold = orDefault(o.BreakerThreshold, DefaultBreakerThreshold)
	o.SyncEvery = orDefault(o.SyncEvery, DefaultSyncEvery)
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	opt := o.Valkey
	opt.DisableRetry = true
	opt.DisableCache = true
	opt.Dialer.Timeout = o.DialTimeout
	opt.ConnWriteTimeout = o.DialTimeout
	opt.ForceSingleClient = len(opt.InitAddress) == 1 && opt.Sentinel.MasterSet == ""
	c := &Cluster{opt: opt, cfg: o, log: o.Log, kick: make(chan struct{}, 1), done: make(chan struct{})}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.run()
	return c
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Up reports whether the stores share their buckets now.
func (c *Cluster) Up() bool { return c != nil && c.link.Load() != nil }

// Close stops the background loop and closes the connection; the stores
// decide locally from then on. It is idempotent.
func (c *Cluster) Close() {
	c.cancel()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	c.link.Store(nil)
	if c.client != nil {
		c.client.Close()
		c.client = nil
	}
}

func (c *Cluster) active() *link { return c.link.Load() }

func (c *Cluster) run() {
	defer close(c.done)
	t := time.NewTicker(c.cfg.ProbeInterval)
	defer t.Stop()
	warned := false
	for {
		err := c.probe(c.ctx)
		if err != nil && c.ctx.Err() == nil && !warned && c.active() == nil {
			c.log.Warn("rate limits stay on this instance until Valkey answers", "err", err, "retry_every", c.cfg.ProbeInterval)
			warned = true
		}
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		case <-c.kick:
		}
	}
}

// probe connects if needed and reads the salt: a success brings the
// cluster up (or notices a new salt), a failure while up counts towards
// the breaker.
func (c *Cluster) probe(ctx context.Context) error {
	c.mu.Lock()
	cl := c.client
	if cl == nil {
		var err error
		if cl, err = valkey.NewClient(c.opt); err != nil { // fails at once if the server is down
			if cl != nil { // ForceSingleClient returns a client with the dial error
				cl.Close()
			}
			c.mu.Unlock()
			return fmt.Errorf("connect: %w", err)
		}
		c.client = cl
	}
	c.mu.Unlock()
	pctx, cancel := context.WithTimeout(ctx, c.cfg.DialTimeout)
	defer cancel()
	salt, err := loadSalt(pctx, cl, c.saltKey())
	if err != nil {
		if c.active() != nil {
			c.failed(err)
		}
		return err
	}
	c.adopt(cl, salt)
	return nil
}

// saltScript returns the deployment's salt, storing ARGV[1] as it when
// there is none yet. KEYS: the salt.
var saltScript = valkey.NewLuaScript(`
local s = redis.call('GET', KEYS[1])
if s then return s end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`)

func loadSalt(ctx context.Context, cl valkey.Client, key string) (string, error) {
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh) // never fails
	salt, err := saltScript.Exec(ctx, cl, []string{key}, []string{hex.EncodeToString(fresh)}).ToString()
	if err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	return salt, nil
}

func (c *Cluster) saltKey() string { return c.cfg.Prefix + "salt" }

// adopt brings the cluster up with salt, or keeps it up, in a new epoch
// when the salt changed (Valkey lost its data).
func (c *Cluster) adopt(cl valkey.Client, salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures.Store(0)
	cur := c.link.Load()
	if cur != nil && cur.salt == salt {
		return
	}
	if c.ctx.Err() != nil { // closed meanwhile
		return
	}
	c.epoch++
	c.link.Store(&link{client: cl, salt: salt, epoch: c.epoch})
	if cur == nil {
		c.log.Info("rate limits shared over Valkey")
	} else {
		c.log.Info("rate limit salt changed in Valkey: its buckets start afresh")
	}
}

// resalt reads the salt again after a script found it changed.
func (c *Cluster) resalt(ctx context.Context, l *link) {
	salt, err := loadSalt(ctx, l.client, c.saltKey())
	if err != nil {
		c.failed(err)
		return
	}
	c.adopt(l.client, salt)
}

// succeeded resets the breaker's count.
func (c *Cluster) succeeded() {
	if c.failures.Load() != 0 {
		c.failures.Store(0)
	}
}

// failed counts err and takes the cluster down after BreakerThreshold
// consecutive network errors or timeouts; an error reply says nothing of
// Valkey's health.
func (c *Cluster) failed(err error) {
	if _, reply := valkey.IsValkeyErr(err); reply {
		return
	}
	if c.failures.Add(1) < int64(c.cfg.BreakerThreshold) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.link.Load() == nil {
		return
	}
	c.link.Store(nil)
	c.log.Warn("rate limits on this instance only: Valkey fails", "err", err)
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// key names key of the store called name in Valkey.
func (l *link) key(prefix, name string, key []byte) string {
	m := hmac.New(sha256.New, []byte(l.salt))
	m.Write([]byte(name))
	m.Write([]byte{0})
	m.Write(key)
	var sum [sha256.Size]byte
	return prefix + name + ":" + hex.EncodeToString(m.Sum(sum[:0])[:16])
}

// Keyer is a key type of its own (a struct of several fields) that says
// how it is named in Valkey: the same bytes on every instance for equal
// keys, different bytes for different keys.
type Keyer interface {
	AppendKey(b []byte) []byte
}

// appendKey appends the bytes that name k: strings, integers and addresses
// as themselves, other types by their Keyer.
func appendKey[K comparable](b []byte, k K) []byte {
	switch v := any(k).(type) {
	case string:
		return append(b, v...)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case netip.Addr:
		return v.AppendTo(b)
	case Keyer:
		return v.AppendKey(b)
	default:
		return fmt.Appendf(b, "%v", v)
	}
}
