package cache

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
)

// dialFunc is the signature of valkey.ClientOption.DialCtxFn.
type dialFunc func(ctx context.Context, dst string, d *net.Dialer, cfg *tls.Config) (net.Conn, error)

// connTracker remembers the client's open connections so that Close can cut them.
// valkey-go's Client.Close says goodbye with a PING on each connection and waits up to
// a second per connection for a silent server, and NewClient cannot be cancelled: a
// hung Valkey would stall shutdown.
type connTracker struct {
	ctx    context.Context // cancelled on close: aborts dials in progress
	mu     sync.Mutex
	conns  map[*trackedConn]struct{}
	closed bool
}

// dial wraps next (nil: plain TCP, or TLS when cfg is set, as valkey-go does).
func (t *connTracker) dial(next dialFunc) dialFunc {
	return func(ctx context.Context, dst string, d *net.Dialer, cfg *tls.Config) (net.Conn, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(t.ctx, cancel)()
		var (
			conn net.Conn
			err  error
		)
		switch {
		case next != nil:
			conn, err = next(ctx, dst, d, cfg)
		case cfg != nil:
			conn, err = (&tls.Dialer{NetDialer: d, Config: cfg}).DialContext(ctx, "tcp", dst)
		default:
			conn, err = d.DialContext(ctx, "tcp", dst)
		}
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closed {
			_ = conn.Close()
			return nil, errors.New("cache closed")
		}
		tc := &trackedConn{Conn: conn, t: t}
		if t.conns == nil {
			t.conns = make(map[*trackedConn]struct{})
		}
		t.conns[tc] = struct{}{}
		return tc, nil
	}
}

// closeAll closes every open connection and refuses new ones. Handshakes in progress
// fail at once.
func (t *connTracker) closeAll() {
	t.mu.Lock()
	t.closed = true
	conns := make([]*trackedConn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}

type trackedConn struct {
	net.Conn
	t *connTracker
}

func (c *trackedConn) Close() error {
	c.t.mu.Lock()
	delete(c.t.conns, c)
	c.t.mu.Unlock()
	return c.Conn.Close()
}
