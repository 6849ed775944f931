package main

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/contract"
)

// TestRunClosesStreamsWithRetry: a stop sends every open stream a closing
// event with a retry: hint before the drain, so open streams do not hold
// the stop for HTTP_SHUTDOWN_TIMEOUT.
func TestRunClosesStreamsWithRetry(t *testing.T) {
	inst := startRun(t, map[string]string{"HTTP_SHUTDOWN_TIMEOUT": "30s", "REFRESH_ENABLED": "false"})
	resp, err := http.Get(inst.url + "/api/stream?symbols=AAPL")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stream: %d", resp.StatusCode)
	}
	r := bufio.NewReader(resp.Body) // subscribed: the headers come after the subscription
	start := time.Now()
	stopped := make(chan error, 1)
	go func() { stopped <- inst.stop() }()
	for {
		f, err := contract.ReadFrame(r)
		if err != nil {
			t.Fatalf("no closing event before the stream ended: %v", err)
		}
		if f.Event == "closing" {
			if f.Retry == "" {
				t.Fatalf("closing without a retry: hint: %+v", f)
			}
			break
		}
	}
	if err := <-stopped; err != nil {
		t.Fatalf("run after a signal = %v, want nil\n%s", err, inst.stderr)
	}
	if strings.Contains(inst.stderr.String(), "http drain deadline") {
		t.Errorf("an open stream held the drain to its deadline (stop took %v)", time.Since(start))
	}
}
