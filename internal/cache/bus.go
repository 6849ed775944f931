package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/valkey-io/valkey-go"
)

// bus receives the invalidations of peers on the channel, over a client of its own: a
// subscribed connection cannot serve other commands, and valkey-go handles it in a
// slower mode.
type bus struct {
	cfg     Config
	opt     valkey.ClientOption
	log     *slog.Logger
	channel string
	conns   connTracker
	hooks   busHooks

	subscribed    atomic.Bool
	subscriptions atomic.Uint64

	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}
}

// busHooks are how the bus calls back into the Cache.
type busHooks struct {
	// subscribed runs on each (re)subscription: messages may have been lost before it.
	subscribed func(ctx context.Context)
	lost       func()
	// message runs for each message, one at a time, on a goroutine of the client.
	message func(payload string)
}

func newBus(cfg Config, opt valkey.ClientOption, log *slog.Logger, hooks busHooks) *bus {
	b := &bus{cfg: cfg, opt: opt, log: log, channel: channelName(opt), hooks: hooks, done: make(chan struct{})}
	b.ctx, b.stop = context.WithCancel(context.Background())
	b.conns.ctx = b.ctx
	b.opt.DialCtxFn = b.conns.dial(opt.DialCtxFn)
	return b
}

func (b *bus) start() {
	go b.run(b.ctx)
}

// close stops the loop. Connections are cut first: it must not wait for a hung server.
func (b *bus) close() {
	b.stop()
	b.conns.closeAll()
	<-b.done
}

func (b *bus) run(ctx context.Context) {
	defer close(b.done)
	var cl valkey.Client
	defer func() {
		if cl != nil {
			cl.Close()
		}
	}()
	t := time.NewTicker(b.cfg.ProbeInterval)
	defer t.Stop()
	for {
		var err error
		if cl == nil {
			cl, err = b.connect(ctx)
		}
		if cl != nil {
			err = b.session(ctx, cl)
		}
		if ctx.Err() != nil {
			return
		}
		b.log.Debug("invalidation channel unavailable, retrying", "channel", b.channel, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (b *bus) connect(ctx context.Context) (valkey.Client, error) {
	c, err := valkey.NewClient(b.opt) // fails at once if the server is down
	if err != nil {
		if c != nil { // ForceSingleClient returns a client with the dial error
			c.Close()
		}
		return nil, fmt.Errorf("connect: %w", err)
	}
	if ctx.Err() != nil { // closed while connecting
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
}

// session subscribes on a dedicated connection and lasts until that connection breaks.
func (b *bus) session(ctx context.Context, cl valkey.Client) error {
	dc, release := cl.Dedicate()
	defer release()
	lost := dc.SetPubSubHooks(valkey.PubSubHooks{
		OnMessage: func(m valkey.PubSubMessage) { b.hooks.message(m.Message) },
	})
	subCtx, cancel := context.WithTimeout(ctx, b.cfg.DialTimeout)
	err := dc.Do(subCtx, dc.B().Subscribe().Channel(b.channel).Build()).Error()
	cancel()
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	// Entries loaded while the hook empties L1 and agrees on generations keep short
	// lifetimes: the bus counts as subscribed only after it.
	b.hooks.subscribed(ctx)
	b.subscribed.Store(true)
	b.subscriptions.Add(1)
	defer func() {
		b.subscribed.Store(false)
		b.hooks.lost()
	}()
	select {
	case err = <-lost:
		if err == nil {
			err = errors.New("unsubscribed")
		}
		b.log.Warn("invalidation channel lost, resubscribing", "channel", b.channel, "err", err)
		return fmt.Errorf("subscription: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// state reports "up" while subscribed, "down" otherwise.
func (b *bus) state() string {
	if b.subscribed.Load() {
		return StateUp
	}
	return StateDown
}
