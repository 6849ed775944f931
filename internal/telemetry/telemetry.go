// Package telemetry owns the OpenTelemetry meter provider and the Prometheus
// registry it exports to: /metrics and /api/system/metrics read the same data.
// The per-request histogram alone is a native Prometheus one, in the same
// exposition (name, help, labels, buckets): it is recorded on every request,
// and an OpenTelemetry Record resolved its attribute set each time, a tenth
// of a warm read's CPU.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
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
	requests      *prometheus.HistogramVec
	// observers holds the histogram's series by (operation, method,
	// status), copied on write: the combinations are few, and a read is a
	// map lookup with no lock and no allocation.
	observers atomic.Pointer[map[requestKey]prometheus.Observer]
	mu        sync.Mutex // serialises the writers of observers
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
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	meter := mp.Meter("github.com/marketpulse/api")
	requests := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    RequestDurationMetric,
		Help:    "Duration of HTTP requests by OpenAPI operation and status.",
		Buckets: durationBuckets,
	}, []string{"http_request_method", "http_response_status_code", "operation"})
	if err := reg.Register(requests); err != nil {
		return nil, fmt.Errorf("request histogram: %w", err)
	}
	t := &Telemetry{Registry: reg, MeterProvider: mp, Meter: meter, requests: requests}
	t.observers.Store(&map[requestKey]prometheus.Observer{})
	return t, nil
}

// ObserveRequest records one finished request (an httpmw.Observer).
func (t *Telemetry) ObserveRequest(ctx context.Context, operation, method string, status int, d time.Duration) {
	k := requestKey{operation, knownMethod(method), status}
	o, ok := (*t.observers.Load())[k]
	if !ok {
		o = t.observer(k)
	}
	o.Observe(d.Seconds())
}

// observer adds the series of k to observers.
func (t *Telemetry) observer(k requestKey) prometheus.Observer {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := *t.observers.Load()
	if o, ok := old[k]; ok {
		return o
	}
	o := t.requests.WithLabelValues(k.method, strconv.Itoa(k.status), k.operation)
	m := make(map[requestKey]prometheus.Observer, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	m[k] = o
	t.observers.Store(&m)
	return o
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
