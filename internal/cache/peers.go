package cache

import (
	"context"
	"fmt"
)

// receive applies an invalidation published by a peer. Its own messages are ignored:
// the Cache applied them when it sent them.
func (c *Cache) receive(payload string) {
	m, err := decodeMessage(payload)
	if err != nil {
		c.log.Debug("ignoring invalidation message", "err", err)
		return
	}
	if m.Origin == c.id {
		return
	}
	// Counted once applied, so that a peer that sees the count grow also
	// sees the invalidation's effect.
	defer c.received.Add(1)
	switch {
	case m.Tag != "":
		c.dropTagL1(m.Tag)
	case m.NS != "":
		if s := c.state(m.NS); s != nil {
			s.agree(m.Gen, false)
		}
	default:
		for _, k := range m.Keys {
			ns, key, ok := splitL2Key(k)
			if s := c.state(ns); ok && s != nil {
				c.l1.Invalidate(l1Key{ns: s.gens.Load().l1ns, key: key})
			}
		}
	}
}

// catchUp runs in the probe loop while Valkey answers: it replays missed tag
// invalidations and agrees on generations, all of them when L2 comes up or while the
// channel is down (missed messages may have raised them), else those not agreed yet.
func (c *Cache) catchUp(ctx context.Context, cl *valkeyClient, comingUp bool) error {
	if err := c.l2.replayTags(ctx, cl); err != nil {
		return err
	}
	all := comingUp || !c.bus.subscribed.Load()
	for _, s := range c.states() {
		if err := c.syncState(ctx, cl, s, all); err != nil {
			return err
		}
	}
	return nil
}

// syncState agrees with Valkey on the generation of s if force, if it is not agreed, or
// if an InvalidateAll is waiting to be replayed.
func (c *Cache) syncState(ctx context.Context, cl *valkeyClient, s *nsState, force bool) error {
	bump := s.bumpPending.Swap(false)
	g := s.gens.Load()
	if !force && !bump && g.synced {
		return nil
	}
	gen, err := c.l2.generation(ctx, cl, s.name, g.l2, bump)
	if err != nil {
		if bump {
			s.bumpPending.Store(true)
		}
		return fmt.Errorf("sync: %w", err)
	}
	s.agree(gen, true)
	return nil
}

// syncNow agrees on the generation of s while L2 is up, if needed, and returns the
// generations. A failure counts towards the breaker and leaves s to the probe loop.
func (c *Cache) syncNow(ctx context.Context, s *nsState) *gens {
	g := s.gens.Load()
	if c.l2 == nil || (g.synced && !s.bumpPending.Load()) {
		return g
	}
	if cl := c.l2.active(); cl != nil {
		ctx = context.WithoutCancel(ctx)
		if err := c.syncState(ctx, cl, s, false); err != nil {
			c.l2.failed(ctx, err)
		}
	}
	return s.gens.Load()
}

// resubscribed runs when the channel is (re)subscribed: messages sent before were lost,
// so L1 is emptied and generations agreed again at once. If that fails, namespaces stay
// out of L2 until the probe loop agrees on them.
func (c *Cache) resubscribed(ctx context.Context) {
	c.l1.InvalidateAll()
	cl := c.l2.active()
	if cl == nil {
		return // the probe loop agrees on all generations as L2 comes up
	}
	if err := c.catchUp(ctx, cl, true); err != nil {
		c.log.Debug("agreeing on generations after subscribing", "err", err)
		for _, s := range c.states() {
			s.unsync()
		}
		c.l2.wake()
	}
}

// busLost runs when the channel is lost: peers can no longer tell us about changes.
func (c *Cache) busLost() {
	c.busLosses.Add(1)
	c.l2.wake()
}
