package stream

import (
	"context"
	"errors"
	"fmt"
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

// Header sets the headers a stream needs through proxies.
func Header(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Content-Encoding")
}

// Serve writes snapshot, then s's events, as server-sent events until the
// request ends or s does. A slow consumer is sent a "dropped" event; a hub
// shutdown a retry: hint. It extends the write deadline before each write so
// the server's WriteTimeout does not cut the stream.
func Serve(ctx context.Context, w http.ResponseWriter, s *Sub, snapshot []Event, o ServeOptions) error {
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = 2 * time.Second
	}
	if o.WriteSlack <= 0 {
		o.WriteSlack = 10 * time.Second
	}
	rc := http.NewResponseController(w)
	Header(w)
	w.WriteHeader(http.StatusOK)
	write := func(evs []Event) error {
		_ = rc.SetWriteDeadline(time.Now().Add(o.WriteSlack))
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
		return rc.Flush()
	}
	if err := write(snapshot); err != nil {
		return err
	}
	return loop(ctx, w, rc, s, o, write)
}

func loop(ctx context.Context, w http.ResponseWriter, rc *http.ResponseController, s *Sub,
	o ServeOptions, write func([]Event) error) error {
	tick := time.NewTicker(o.Heartbeat)
	defer tick.Stop()
	evs := make(chan []Event, 1)
	errc := make(chan error, 1)
	next := func() {
		go func() {
			b, err := s.Next(ctx)
			if err != nil {
				errc <- err
				return
			}
			evs <- b
		}()
	}
	next()
	for {
		select {
		case b := <-evs:
			end := false
			if o.Intercept != nil {
				b, end = o.Intercept(ctx, b)
			}
			if err := write(b); err != nil || end {
				return err
			}
			next()
		case <-tick.C:
			if err := write([]Event{{Type: "heartbeat", Data: []byte("{}")}}); err != nil {
				return err
			}
		case err := <-errc:
			return finish(w, rc, err, o)
		}
	}
}

// finish tells the client why the stream ends.
func finish(w http.ResponseWriter, rc *http.ResponseController, err error, o ServeOptions) error {
	switch {
	case errors.Is(err, ErrSlow):
		fmt.Fprint(w, "event: dropped\ndata: {\"reason\":\"slow_consumer\"}\n\n")
	case errors.Is(err, ErrClosed):
		fmt.Fprintf(w, "retry: %d\nevent: closing\ndata: {}\n\n", o.RetryAfter.Milliseconds())
	default:
		return err
	}
	_ = rc.Flush()
	return err
}
