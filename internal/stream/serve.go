package stream

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// ServeOptions tune Serve.
type ServeOptions struct {
	Heartbeat  time.Duration // default 15 s
	RetryAfter time.Duration // the retry: hint sent on shutdown; default 2 s
	// WriteSlack is how far each write's deadline is pushed; default 10 s.
	WriteSlack time.Duration
	// Sent, when set, is told of each event written that has an id, with
	// the time since it was published: the fan-out latency.
	Sent func(latency time.Duration)
	// Intercept, when set, sees each batch of the subscriber's events
	// before it is written and returns what to write instead (it may add
	// events) and whether the stream ends after it.
	Intercept func(ctx context.Context, evs []Event) ([]Event, bool)
}

// finalWrite bounds the last write (the closing event) of a stream.
const finalWrite = time.Second

// Header sets the headers a stream needs through proxies.
func Header(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Content-Encoding")
}

// Serve writes snapshot, then s's events, as server-sent events until the
// client goes or s ends (a slow consumer is sent a "dropped" event, a
// closed subscriber a retry: hint). Serve owns s: it unsubscribes it when
// the stream ends.
//
// On HTTP/1.1 it takes the connection over from net/http once the headers
// are written and returns at once: the stream then lives in one goroutine
// of its own, with a shallow stack and a small buffer, instead of the
// request's goroutine, its buffers and its background reader — an idle
// stream costs a few KiB. The body then ends when the connection closes
// (Connection: close). Where the connection cannot be taken over (HTTP/2,
// a recorder), it serves in the request's goroutine until the end.
func Serve(ctx context.Context, w http.ResponseWriter, s *Sub, snapshot []Event, o ServeOptions) error {
	o = o.withDefaults()
	Header(w)
	s.hub.serving(1)
	conn, err := hijack(w)
	if err != nil {
		defer s.hub.serving(-1)
		defer s.hub.Unsubscribe(s)
		return serveInline(ctx, w, s, snapshot, o)
	}
	go func() {
		defer s.hub.serving(-1)
		defer s.hub.Unsubscribe(s)
		defer conn.Close()
		ctx, cancel := context.WithCancel(context.Background()) // the request's ends when Serve returns
		defer cancel()
		out := &connSink{conn: conn, w: bufio.NewWriterSize(conn, 512), slack: o.WriteSlack}
		if writeEvents(out, snapshot, o) == nil {
			_ = loop(ctx, s, o, out)
		}
	}()
	return nil
}

func (o ServeOptions) withDefaults() ServeOptions {
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = 2 * time.Second
	}
	if o.WriteSlack <= 0 {
		o.WriteSlack = 10 * time.Second
	}
	return o
}

// hijack takes the connection over and writes the response's head on it.
func hijack(w http.ResponseWriter) (net.Conn, error) {
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, err
	}
	w.Header().Set("Connection", "close")
	_ = conn.SetWriteDeadline(time.Now().Add(finalWrite))
	if _, err := io.WriteString(brw, "HTTP/1.1 200 OK\r\n"); err == nil {
		if err = w.Header().Write(brw); err == nil {
			_, err = io.WriteString(brw, "\r\n")
		}
		if err == nil {
			err = brw.Flush()
		}
	}
	if err != nil {
		conn.Close()
		return nil, errors.Join(errHijackedWrite, err)
	}
	return conn, nil
}

// errHijackedWrite: the head of a taken-over response could not be written.
var errHijackedWrite = errors.New("stream: write the response head")

// sink is where a stream's events go.
type sink interface {
	// write writes frames; final marks the last write, with a short deadline.
	write(frames func(w io.Writer) error, final bool) error
}

// writeEvents writes evs as frames, telling o.Sent of each with an id.
func writeEvents(out sink, evs []Event, o ServeOptions) error {
	return out.write(func(w io.Writer) error {
		for _, ev := range evs {
			if ev.ID > 0 {
				if _, err := fmt.Fprintf(w, "id: %d\n", ev.ID); err != nil {
					return err
				}
				if o.Sent != nil && !ev.At.IsZero() {
					o.Sent(time.Since(ev.At))
				}
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, ev.Data); err != nil {
				return err
			}
		}
		return nil
	}, false)
}

// connSink writes to a taken-over connection.
type connSink struct {
	conn  net.Conn
	w     *bufio.Writer
	slack time.Duration
}

func (c *connSink) write(frames func(io.Writer) error, final bool) error {
	d := c.slack
	if final {
		d = finalWrite
	}
	_ = c.conn.SetWriteDeadline(time.Now().Add(d))
	if err := frames(c.w); err != nil {
		return err
	}
	return c.w.Flush()
}

// responseSink writes to a ResponseWriter, extending the server's write
// deadline before each write so its WriteTimeout does not cut the stream.
type responseSink struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	slack time.Duration
}

func (r *responseSink) write(frames func(io.Writer) error, final bool) error {
	_ = r.rc.SetWriteDeadline(time.Now().Add(r.slack))
	if err := frames(r.w); err != nil {
		return err
	}
	return r.rc.Flush()
}

func serveInline(ctx context.Context, w http.ResponseWriter, s *Sub, snapshot []Event, o ServeOptions) error {
	out := &responseSink{w: w, rc: http.NewResponseController(w), slack: o.WriteSlack}
	w.WriteHeader(http.StatusOK)
	if err := writeEvents(out, snapshot, o); err != nil {
		return err
	}
	return loop(ctx, s, o, out)
}

func loop(ctx context.Context, s *Sub, o ServeOptions, out sink) error {
	tick := time.NewTicker(o.Heartbeat)
	defer tick.Stop()
	heartbeat := []Event{{Type: "heartbeat", Data: []byte("{}")}}
	// One goroutine per stream, this one: it waits on the subscriber's
	// channels itself.
	for {
		select {
		case <-s.Ready():
		case <-s.Done():
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			if err := writeEvents(out, heartbeat, o); err != nil {
				return err
			}
			continue
		}
		b, err := s.Take()
		if err != nil {
			return finish(out, err, o)
		}
		if len(b) == 0 {
			continue
		}
		end := false
		if o.Intercept != nil {
			b, end = o.Intercept(ctx, b)
		}
		if err := writeEvents(out, b, o); err != nil || end {
			return err
		}
	}
}

// finish tells the client why the stream ends.
func finish(out sink, err error, o ServeOptions) error {
	var last string
	switch {
	case errors.Is(err, ErrSlow):
		last = "event: dropped\ndata: {\"reason\":\"slow_consumer\"}\n\n"
	case errors.Is(err, ErrClosed):
		last = fmt.Sprintf("retry: %d\nevent: closing\ndata: {}\n\n", o.RetryAfter.Milliseconds())
	default:
		return err
	}
	_ = out.write(func(w io.Writer) error { _, err := io.WriteString(w, last); return err }, true)
	return err
}
