package cache

import (
	"context"
	"fmt"
	"time"

	"github.com/valkey-io/valkey-go"
)

// start runs the background loop that connects, probes and recovers L2.
func (l *l2) start() {
	ctx, cancel := context.WithCancel(context.Background())
	l.stop = cancel
	go l.run(ctx)
}

// close stops the loop, waits for async writes and closes the client.
func (l *l2) close() {
	l.stop()
	<-l.done
	l.mu.Lock()
	l.up.Store(false)
	l.mu.Unlock()
	for range cap(l.writes) { // take every slot: waits for writes in flight, refuses new ones
		l.writes <- struct{}{}
	}
	if cl := l.client.Load(); cl != nil {
		cl.Close()
	}
}

func (l *l2) run(ctx context.Context) {
	defer close(l.done)
	t := time.NewTicker(l.cfg.ProbeInterval)
	defer t.Stop()
	warned, everUp := false, false
	for {
		err := l.probe(ctx)
		switch {
		case err == nil:
			everUp = true
		case ctx.Err() != nil:
		case !everUp && !warned: // later outages are logged by markDown
			l.log.Warn("l2 unavailable, retrying in background", "addr", l.addr, "every", l.cfg.ProbeInterval, "err", err)
			warned = true
		default:
			l.log.Debug("l2 probe failed", "addr", l.addr, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// probe connects if needed and PINGs. A failed PING marks L2 down; a successful one
// brings it up.
func (l *l2) probe(ctx context.Context) error {
	cl := l.client.Load()
	if cl == nil {
		c, err := valkey.NewClient(l.opt) // fails at once if the server is down
		if err != nil {
			return fmt.Errorf("connect: %w", err)
		}
		if ctx.Err() != nil { // closed while connecting
			c.Close()
			return ctx.Err()
		}
		cl = &valkeyClient{c}
		l.client.Store(cl)
	}
	pingCtx, cancel := context.WithTimeout(ctx, l.cfg.DialTimeout)
	defer cancel()
	if err := cl.Do(pingCtx, cl.B().Ping().Build()).Error(); err != nil {
		if ctx.Err() == nil {
			l.markDown(err)
		}
		return fmt.Errorf("ping: %w", err)
	}
	if !l.up.Load() {
		return l.recover(pingCtx, cl)
	}
	return nil
}

func (l *l2) markDown(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.up.Load() {
		return
	}
	l.up.Store(false)
	l.downSince.Store(time.Now().UnixNano())
	l.log.Warn("l2 down, serving from l1 and origin", "addr", l.addr, "err", err)
}

// recover replays the deletes missed while down, empties L1 (peers may have changed data
// meanwhile) and marks L2 up.
func (l *l2) recover(ctx context.Context, cl *valkeyClient) error {
	keys, overflowed := l.pending.take()
	if len(keys) > 0 {
		if err := delAll(ctx, cl, keys); err != nil {
			l.pending.putBack(keys, overflowed)
			return fmt.Errorf("replay %d deletes: %w", len(keys), err)
		}
	}
	if overflowed {
		l.log.Warn("l2 up, but deletes missed while down overflowed: l2 may serve stale entries until they expire",
			"max", maxPendingDeletes)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flush()
	l.failures.Store(0)
	l.up.Store(true)
	down := time.Since(time.Unix(0, l.downSince.Load()))
	l.log.Info("l2 up", "addr", l.addr, "down_for", down.Round(time.Millisecond), "replayed_deletes", len(keys))
	return nil
}

func (l *l2) remember(keys []string) {
	if first := l.pending.add(keys); first {
		l.log.Warn("too many deletes missed while l2 is down; dropping the rest", "max", maxPendingDeletes)
	}
}

// state reports "up" or "down" and since when it is down.
func (l *l2) state() (string, time.Time) {
	if l.up.Load() {
		return "up", time.Time{}
	}
	return "down", time.Unix(0, l.downSince.Load())
}
