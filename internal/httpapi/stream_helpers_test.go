package httpapi_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
)

// eventStream reads a stream's events, checking each against the spec.
type eventStream struct {
	t    *testing.T
	path string // the spec's path template
	resp *http.Response
	r    *bufio.Reader
}

func openStream(t *testing.T, url, pathTemplate string, header http.Header) *eventStream {
	t.Helper()
	return openStreamWith(t, http.DefaultClient, url, pathTemplate, header)
}

// openStreamWith opens a stream with client.
func openStreamWith(t *testing.T, client *http.Client, url, pathTemplate string, header http.Header) *eventStream {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" ||
		resp.Header.Get("X-Accel-Buffering") != "no" {
		t.Fatalf("GET %s: status %d, headers %v", url, resp.StatusCode, resp.Header)
	}
	return &eventStream{t: t, path: pathTemplate, resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next event that is not a heartbeat, checked against the
// spec's StreamEvent.
func (e *eventStream) next() contract.Frame {
	e.t.Helper()
	for {
		f, err := contract.ReadFrame(e.r)
		if err != nil {
			e.t.Fatal(err)
		}
		if err := contract.Load(e.t).CheckEvent(e.path, f); err != nil {
			e.t.Fatal(err)
		}
		if f.Event != "heartbeat" {
			return f
		}
	}
}

// ended reports whether the server closed the stream.
func (e *eventStream) ended() bool {
	_, err := contract.ReadFrame(e.r)
	return err != nil
}

func (e *eventStream) close() { e.resp.Body.Close() }

// mustTicket asks for a stream ticket of dash.
func mustTicket(t *testing.T, c *oas.Client, dash oas.ID) string {
	t.Helper()
	tk, err := c.CreateStreamTicket(context.Background(), oas.CreateStreamTicketParams{DashboardId: dash})
	if err != nil {
		t.Fatalf("stream ticket: %v", err)
	}
	if until := time.Until(tk.ExpiresAt); until <= 0 || until > 31*time.Second {
		t.Fatalf("ticket expires in %v, want within 30 s", until)
	}
	return tk.Ticket
}

func dashboardStreamURL(s *apitest.Server, dash oas.ID, ticket string) string {
	return s.URL + "/api/dashboards/" + strconv.FormatInt(int64(dash), 10) + "/stream?ticket=" + ticket
}

const dashboardStreamPath = "/api/dashboards/{dashboardId}/stream"
