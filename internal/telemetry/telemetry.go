// Package telemetry owns the OpenTelemetry meter provider and the Prometheus
// registry it exports to: /metrics and /api/system/metrics read the same data.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel/attribute"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// RequestDurationMetric is the Prometheus name of the per-request histogram.
const RequestDurationMetric = "http_server_request_duration_seconds"

// Telemetry holds the meter provider and the registry behind it.
type Telemetry struct {
	Registry      *prometheus.Registry
	MeterProvider *sdkmetric.MeterProvider
	Meter         metric.Meter
	requests      metric.Float64Histogram
	// attrs caches one attribute set per (operation, method, status): building
	// a set sorts and allocates, and the combinations are few.
	// The value is the option in a slice of its own, so that Record's
	// variadic argument needs no allocation per call.
	attrs sync.Map // requestKey → []metric.RecordOption
}

type requestKey struct {
	operation, method string
	status            int
}

// durationBuckets (seconds) resolve the sub-millisecond cached reads.
var durationBuckets = []float64{
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
}

// New builds a meter provider exporting to a fresh registry that also carries
// the Go runtime and process collectors.
func New() (*Telemetry, error) {
	reg := prometheus.NewRegistry()
	if err := errors.Join(
		reg.Register(collectors.NewGoCollector()),
		reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})),
	); err != nil {
		return nil, fmt.Errorf("register collectors: %w", err)
	}
	exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, fmt.Errorf("prometheus exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithReader(exp),
		sdkmetric.WithView(sdkmetric.NewView(
			sdkmetric.Instrument{Name: "http.server.request.duration"},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: durationBuckets}},
		)),
	)
	meter := mp.Meter("github.com/marketpulse/api")
	requests, err := meter.Float64Histogram("http.server.request.duration",
		metric.WithUnit("s"), metric.WithDescription("Duration of HTTP requests by OpenAPI operation and status."))
	if err != nil {
		return nil, fmt.Errorf("request histogram: %w", err)
	}
	return &Telemetry{Registry: reg, MeterProvider: mp, Meter: meter, requests: requests}, nil
}

// ObserveRequest records one finished request (an httpmw.Observer).
func (t *Telemetry) ObserveRequest(ctx context.Context, operation, method string, status int, d time.Duration) {
	k := requestKey{operation, knownMethod(method), status}
	opt, ok := t.attrs.Load(k)
	if !ok {
		opt, _ = t.attrs.LoadOrStore(k, []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(
			attribute.String("operation", operation),
			attribute.String("http_request_method", k.method),
			attribute.Int("http_response_status_code", status),
		))})
	}
	t.requests.Record(ctx, d.Seconds(), opt.([]metric.RecordOption)...)
}

// Shutdown flushes and stops the meter provider.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	return t.MeterProvider.Shutdown(ctx)
}

// knownMethod bounds the label's values: a client can send any method name.
func knownMethod(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return m
	}
	return "OTHER"
}
