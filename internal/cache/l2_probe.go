package cache

import (
	"context"
	"fmt"
	"time"

	"github.com/valkey-io/valkey-go"
)

// start runs the background loop that connects, probes and recovers L2.
func (l *l2) start() {
	go l.run(l.ctx)
}

// close stops the loop and the writes in flight, and closes the client. Connections
// are cut first: it must not wait for a hung server.
func (l *l2) close() {
	l.stop()
	l.conns.closeAll()
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
		l.hooks.tick()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-l.kick:
		}
	}
}

// wake runs the background loop now rather than at its next tick.
func (l *l2) wake() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// probe connects if needed, PINGs, replays missed invalidations and agrees on
// generations: failures while up count towards the breaker, and a success while down
// brings L2 back up.
func (l *l2) probe(ctx context.Context) error {
	cl := l.client.Load()
	if cl == nil {
		c, err := valkey.NewClient(l.opt) // fails at once if the server is down
		if err != nil {
			if c != nil { // ForceSingleClient returns a client with the dial error
				c.Close()
			}
			return fmt.Errorf("connect: %w", err)
		}
		if ctx.Err() != nil { // closed while connecting
			c.Close()
			return ctx.Err()
		}
		if c.Mode() == valkey.ClientModeCluster {
			l.log.Warn("l2 is a Valkey cluster: guarded writes and tag sets span slots and fail there; use a standalone or sentinel-managed server",
				"addr", l.addr)
		}
		cl = &valkeyClient{c}
		l.client.Store(cl)
	}
	// A PING must answer within CallTimeout: a server too slow for requests stays down
	// rather than flapping up, which would flush L1 each time.
	pingCtx, cancel := context.WithTimeout(ctx, l.cfg.CallTimeout)
	defer cancel()
	if err := cl.Do(pingCtx, cl.B().Ping().Build()).Error(); err != nil {
		if l.up.Load() {
			l.failed(ctx, err) // one slow PING while up is one failure, not an outage
		}
		return fmt.Errorf("ping: %w", err)
	}
	replayCtx, cancel := context.WithTimeout(ctx, l.cfg.DialTimeout)
	defer cancel()
	replayed, err := l.replay(replayCtx, cl)
	if err != nil {
		return err
	}
	if err := l.hooks.catchUp(replayCtx, cl, !l.up.Load()); err != nil {
		return fmt.Errorf("catch up: %w", err)
	}
	if l.up.Load() {
		l.succeeded()
		return nil
	}
	l.markUp(replayed)
	return nil
}

func (l *l2) markDown(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.up.Load() {
		return
	}
	l.up.Store(false)
	l.transitions.Add(1)
	l.downSince.Store(time.Now().UnixNano())
	l.log.Warn("l2 down, serving from l1 and origin", "addr", l.addr, "err", err)
	l.wake() // caps L1 lifetimes without waiting for the next probe
}

// replay deletes the keys invalidated while L2 could not be reached, and tells the
// peers. A network error keeps them for the next probe; keys the server refuses to
// delete are dropped.
func (l *l2) replay(ctx context.Context, cl *valkeyClient) (int, error) {
	keys, overflowed := l.pending.take()
	if overflowed {
		l.log.Warn("deletes missed while l2 was unreachable overflowed: l2 may serve stale entries until they expire",
			"max", maxPending)
	}
	if len(keys) == 0 {
		return 0, nil
	}
	if err := l.delAndPublish(ctx, cl, keys); err != nil {
		if _, reply := valkey.IsValkeyErr(err); reply {
			l.log.Warn("l2 refused missed deletes: it may serve stale entries until they expire", "keys", len(keys), "err", err)
			return 0, nil
		}
		l.pending.putBack(keys)
		return 0, fmt.Errorf("replay %d deletes: %w", len(keys), err)
	}
	return len(keys), nil
}

// markUp empties L1, whose entries may have been changed by peers while L2 was
// unreachable, and puts L2 back in use.
func (l *l2) markUp(replayed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hooks.flush()
	l.failures.Store(0)
	l.up.Store(true)
	l.transitions.Add(1)
	down := time.Since(time.Unix(0, l.downSince.Load()))
	l.log.Info("l2 up", "addr", l.addr, "down_for", down.Round(time.Millisecond), "replayed_deletes", replayed)
}

func (l *l2) remember(keys []string) {
	if first := l.pending.add(keys); first {
		l.log.Warn("too many deletes missed while l2 is down; dropping the rest", "max", maxPending)
	}
}

// state reports "up" or "down" and since when it is down.
func (l *l2) state() (string, time.Time) {
	if l.up.Load() {
		return "up", time.Time{}
	}
	return "down", time.Unix(0, l.downSince.Load())
}
