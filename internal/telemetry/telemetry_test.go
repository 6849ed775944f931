package telemetry_test

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/marketpulse/api/internal/telemetry"
)

func TestRequestStatsSummarisesPerOperation(t *testing.T) {
	t.Parallel()
	tel, err := telemetry.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 98 {
		tel.ObserveRequest(ctx, "getAsset", "GET", 200, 2*time.Millisecond)
	}
	tel.ObserveRequest(ctx, "getAsset", "GET", 404, 2*time.Millisecond)
	tel.ObserveRequest(ctx, "getAsset", "GET", 500, 2*time.Second)
	tel.ObserveRequest(ctx, "unknown", "BREW", 404, time.Millisecond)

	stats, err := tel.RequestStats()
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 || stats[0].Operation != "getAsset" || stats[1].Operation != "unknown" {
		t.Fatalf("stats = %+v", stats)
	}
	g := stats[0]
	if g.Count != 100 || g.Errors != 2 {
		t.Errorf("count=%d errors=%d, want 100 and 2", g.Count, g.Errors)
	}
	if want := (99*2 + 2000) / 100.0; math.Abs(g.MeanMs-want) > 0.01 {
		t.Errorf("mean = %v ms, want %v", g.MeanMs, want)
	}
	// 2 ms falls in the (1 ms, 2.5 ms] bucket; 2 s in (1 s, 2.5 s].
	if g.P50Ms <= 1 || g.P50Ms > 2.5 {
		t.Errorf("p50 = %v ms, want within (1, 2.5]", g.P50Ms)
	}
	if g.P99Ms <= 1 || g.P99Ms > 2.5 {
		t.Errorf("p99 = %v ms, want within (1, 2.5] (99 of 100 samples are 2 ms)", g.P99Ms)
	}

	mf, err := tel.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range mf {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "http_request_method" && l.GetValue() == "BREW" {
					t.Error("an arbitrary method became a label value")
				}
			}
		}
	}
}

// The request histogram's exposition is the one dashboards read: its name,
// help, label names and buckets.
func TestRequestHistogramExposition(t *testing.T) {
	t.Parallel()
	tel, err := telemetry.New()
	if err != nil {
		t.Fatal(err)
	}
	tel.ObserveRequest(context.Background(), "getAsset", "GET", 200, 2*time.Millisecond)
	tel.ObserveRequest(context.Background(), "getAsset", "GET", 200, 3*time.Millisecond)
	w := httptest.NewRecorder()
	promhttp.HandlerFor(tel.Registry, promhttp.HandlerOpts{}).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := w.Body.String()
	series := `{http_request_method="GET",http_response_status_code="200",operation="getAsset"`
	for _, want := range []string{
		"# HELP http_server_request_duration_seconds Duration of HTTP requests by OpenAPI operation and status.\n",
		"# TYPE http_server_request_duration_seconds histogram\n",
		"http_server_request_duration_seconds_bucket" + series + `,le="0.001"} 0` + "\n",
		"http_server_request_duration_seconds_bucket" + series + `,le="0.0025"} 1` + "\n",
		"http_server_request_duration_seconds_bucket" + series + `,le="0.005"} 2` + "\n",
		"http_server_request_duration_seconds_bucket" + series + `,le="+Inf"} 2` + "\n",
		"http_server_request_duration_seconds_sum" + series + "} 0.005\n",
		"http_server_request_duration_seconds_count" + series + "} 2\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
