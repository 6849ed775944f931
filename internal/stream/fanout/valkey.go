package fanout

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/valkey-io/valkey-go"
)

// sendTimeout bounds one PUBLISH, so a hung Valkey never holds a publisher.
const sendTimeout = 2 * time.Second

// Start connects to Valkey, if configured, and keeps reconnecting until
// Close. It does not wait for the connection.
func (r *Relay) Start() {
	if r.opt.Valkey == nil {
		close(r.done)
		return
	}
	go r.run()
	go r.sender()
	go r.announce()
}

// announce repeats the listening message while this instance has open
// streams, so the others keep sending it their changes.
func (r *Relay) announce() {
	t := time.NewTicker(listenEvery)
	defer t.Stop()
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-t.C:
			if r.hub.Stats().Open > 0 {
				r.lastListen.Store(0)
				r.Listening()
			}
		}
	}
}

// Close disconnects from Valkey.
func (r *Relay) Close() {
	r.cancel()
	<-r.done
}

func (r *Relay) run() {
	defer close(r.done)
	for {
		err := r.session()
		if r.ctx.Err() != nil {
			return
		}
		r.opt.Log.Warn("stream fan-out: Valkey unavailable; streams carry this instance's changes only", "err", err)
		t := time.NewTimer(r.opt.Retry)
		select {
		case <-r.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// session connects, subscribes and lasts until the subscription breaks.
func (r *Relay) session() error {
	cl, err := valkey.NewClient(*r.opt.Valkey)
	if err != nil {
		if cl != nil {
			cl.Close()
		}
		return fmt.Errorf("connect: %w", err)
	}
	defer cl.Close()
	dc, release := cl.Dedicate()
	defer release()
	lost := dc.SetPubSubHooks(valkey.PubSubHooks{
		OnMessage: func(m valkey.PubSubMessage) { r.deliver(m.Message) },
	})
	ctx, cancel := context.WithTimeout(r.ctx, sendTimeout)
	err = dc.Do(ctx, dc.B().Subscribe().Channel(r.opt.Channel).Build()).Error()
	cancel()
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	r.pub.Store(&cl)
	r.up.Store(true)
	if r.hub.Stats().Open > 0 { // messages may have been lost meanwhile
		r.lastListen.Store(0)
		r.Listening()
	}
	defer func() {
		r.up.Store(false)
		r.pub.Store(nil)
	}()
	select {
	case err = <-lost:
		if err == nil {
			err = errors.New("unsubscribed")
		}
		return fmt.Errorf("subscription: %w", err)
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// send queues m for the other instances without waiting; when the queue is
// full it is lost (counted): the instances' own streams go on.
func (r *Relay) send(m message) {
	if r.opt.Valkey == nil {
		return
	}
	select {
	case r.queue <- m:
	default:
		r.lost.Add(1)
	}
}

// sender publishes queued messages until Close.
func (r *Relay) sender() {
	for {
		select {
		case <-r.ctx.Done():
			return
		case m := <-r.queue:
			r.publish(m)
		}
	}
}

// publish sends m to the other instances; while Valkey is down it is lost
// (counted).
func (r *Relay) publish(m message) {
	cl := r.pub.Load()
	if cl == nil {
		r.lost.Add(1)
		return
	}
	b, err := json.Marshal(m)
	if err != nil {
		r.lost.Add(1)
		return
	}
	ctx, cancel := context.WithTimeout(r.ctx, sendTimeout)
	defer cancel()
	c := *cl
	if err := c.Do(ctx, c.B().Publish().Channel(r.opt.Channel).Message(string(b)).Build()).Error(); err != nil {
		r.lost.Add(1)
	}
}

func randomOrigin() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
