package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/config"
)

// startServer serves handler on a free loopback port with drain as the
// shutdown timeout.
func startServer(t *testing.T, drain time.Duration, handler http.HandlerFunc) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.HTTP{ShutdownTimeout: drain, ReadHeaderTimeout: time.Minute, ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: time.Minute}
	s := newServer(ln, cfg, handler, slog.New(slog.NewTextHandler(io.Discard, nil)))
	go func() { _ = s.serve() }()
	return s, "http://" + s.Addr()
}

type reply struct {
	status int
	err    error
}

// get sends one request in the background; its outcome arrives later.
func get(url string) <-chan reply {
	out := make(chan reply, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			out <- reply{err: err}
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out <- reply{status: resp.StatusCode}
	}()
	return out
}

func TestStopLetsASlowRequestFinishWithinTheDrain(t *testing.T) {
	t.Parallel()
	entered, release, cancelled := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	s, url := startServer(t, time.Minute, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		cancelled <- r.Context().Err()
		w.WriteHeader(http.StatusNoContent)
	})
	answer := get(url)
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- s.stop(context.Background()) }()
	// Stop waits for the request; new connections are refused meanwhile.
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts 30 s after stop began")
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(release)
	if err := <-cancelled; err != nil {
		t.Errorf("the request's context during the drain: %v, want alive", err)
	}
	if r := <-answer; r.err != nil || r.status != http.StatusNoContent {
		t.Errorf("slow request: %d, %v; want 204", r.status, r.err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestStopCancelsHandlersAtTheDrainDeadline(t *testing.T) {
	t.Parallel()
	entered, cancelled := make(chan struct{}), make(chan error, 1)
	s, url := startServer(t, 50*time.Millisecond, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done() // a handler that only ends with its context
		cancelled <- context.Cause(r.Context())
	})
	answer := get(url)
	<-entered
	if err := s.stop(context.Background()); err != nil {
		t.Errorf("stop cut short by the drain deadline = %v, want nil (logged, not failed)", err)
	}
	// stop returned after the handler did: it waits for the handlers.
	select {
	case err := <-cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("handler context ended with %v, want context.Canceled", err)
		}
	default:
		t.Error("stop returned while the handler was still running")
	}
	if n := s.inflight.wait(context.Background()); n != 0 {
		t.Errorf("%d handlers still counted as running", n)
	}
	if r := <-answer; r.err == nil {
		t.Errorf("the cancelled request got an answer: %d", r.status)
	}
}

func TestStopBudgetCoversDrainAndClosing(t *testing.T) {
	t.Parallel()
	for _, drain := range []time.Duration{0, 15 * time.Second, 5 * time.Minute} {
		if got := stopBudget(config.HTTP{ShutdownTimeout: drain}); got < drain+handlerGrace+closeBudget {
			t.Errorf("stop budget for a %s drain = %s, want at least %s", drain, got, drain+handlerGrace+closeBudget)
		}
	}
}
