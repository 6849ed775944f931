package stream_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/stream"
)

// sseClient reads one server-sent event stream frame by frame.
type sseClient struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

func dial(t *testing.T, url string) *sseClient {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &sseClient{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
}

// frame returns the next event's lines ("id: 1", "event: quote", ...).
func (c *sseClient) frame() []string {
	c.t.Helper()
	var lines []string
	for {
		l, err := c.r.ReadString('\n')
		if err != nil {
			c.t.Fatalf("read after %q: %v", lines, err)
		}
		l = strings.TrimRight(l, "\n")
		if l == "" {
			return lines
		}
		lines = append(lines, l)
	}
}

func TestServeSnapshotChangesHeartbeatShutdown(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{})
	subscribed := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := h.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL"}})
		if err != nil {
			http.Error(w, err.Error(), http.StatusTooManyRequests)
			return
		}
		snap := []stream.Event{{ID: 0, Type: "quote", Key: "AAPL", Data: []byte(`{"price":1}`)}}
		close(subscribed)
		_ = stream.Serve(r.Context(), w, s, snap, stream.ServeOptions{
			Heartbeat: 50 * time.Millisecond, RetryAfter: 3 * time.Second, WriteSlack: time.Second,
		})
	}))
	// A write timeout shorter than the stream's life: Serve must extend it.
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()

	c := dial(t, srv.URL)
	for k, want := range map[string]string{
		"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no",
	} {
		if got := c.resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if got := c.frame(); strings.Join(got, "|") != `event: quote|data: {"price":1}` {
		t.Fatalf("snapshot %q", got)
	}
	<-subscribed
	// Outlive the write timeout on heartbeats before the change arrives.
	deadline := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(deadline) {
		if got := c.frame(); strings.Join(got, "|") != "event: heartbeat|data: {}" {
			t.Fatalf("heartbeat %q", got)
		}
	}
	id := h.Publish(stream.Event{Type: "quote", Key: "AAPL", Data: []byte(`{"price":2}`)})
	for {
		got := c.frame()
		if got[0] == "event: heartbeat" {
			continue
		}
		want := "id: " + strconv.FormatUint(id, 10) + `|event: quote|data: {"price":2}`
		if strings.Join(got, "|") != want {
			t.Fatalf("change %q, want %q", got, want)
		}
		break
	}
	h.Close()
	for {
		got := c.frame()
		if got[0] == "event: heartbeat" {
			continue
		}
		if strings.Join(got, "|") != "retry: 3000|event: closing|data: {}" {
			t.Fatalf("shutdown frame %q", got)
		}
		break
	}
	if _, err := c.r.ReadString('\n'); err == nil {
		t.Fatal("stream still open after shutdown")
	}
}
