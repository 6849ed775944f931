package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marketpulse/api/internal/refresh"
	"github.com/marketpulse/api/internal/telemetry"
)

// providerMetrics are the refresher's provider calls on /metrics:
// provider_calls_total by provider and outcome, and
// provider_call_duration_seconds by provider.
type providerMetrics struct {
	calls   *prometheus.CounterVec
	latency *prometheus.HistogramVec
}

// providerBuckets (seconds) span a fast cached answer to the timeout.
var providerBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// newProviderMetrics registers the call metrics on t.
func newProviderMetrics(t *telemetry.Telemetry) (*providerMetrics, error) {
	m := &providerMetrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "provider_calls_total",
			Help: "Calls of the refresher to market data providers by outcome (ok, limited, unknown, timeout, bad_answer).",
		}, []string{"provider", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "provider_call_duration_seconds", Help: "Duration of the refresher's provider calls.", Buckets: providerBuckets,
		}, []string{"provider"}),
	}
	if err := errors.Join(t.Registry.Register(m.calls), t.Registry.Register(m.latency)); err != nil {
		return nil, fmt.Errorf("register provider metrics: %w", err)
	}
	return m, nil
}

// Call implements refresh.Metrics.
func (m *providerMetrics) Call(provider, outcome string, took time.Duration) {
	m.calls.WithLabelValues(provider, outcome).Inc()
	m.latency.WithLabelValues(provider).Observe(took.Seconds())
}

// providerState is a collector of what the refresher knows of each
// provider when /metrics is read: provider_paused (1 while paused) and
// provider_budget_left by window (minute, day; only windows with a limit).
type providerState struct{ r *refresh.Refresher }

var (
	pausedDesc = prometheus.NewDesc("provider_paused", "1 while the provider is paused (a 429, a limit note, a spent budget).", []string{"provider"}, nil)
	leftDesc   = prometheus.NewDesc("provider_budget_left", "Requests left in the provider's budget window now.", []string{"provider", "window"}, nil)
)

// Describe implements prometheus.Collector.
func (c providerState) Describe(ch chan<- *prometheus.Desc) { ch <- pausedDesc; ch <- leftDesc }

// Collect implements prometheus.Collector.
func (c providerState) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, s := range c.r.State() {
		paused := 0.0
		if s.Status == "paused" {
			paused = 1
		}
		ch <- prometheus.MustNewConstMetric(pausedDesc, prometheus.GaugeValue, paused, s.Name)
		l, ok := c.r.BudgetLeft(ctx, s.Name)
		if !ok {
			continue
		}
		if l.PerMinute > 0 {
			ch <- prometheus.MustNewConstMetric(leftDesc, prometheus.GaugeValue, float64(l.MinuteLeft), s.Name, "minute")
		}
		if l.PerDay > 0 {
			ch <- prometheus.MustNewConstMetric(leftDesc, prometheus.GaugeValue, float64(l.DayLeft), s.Name, "day")
		}
	}
}
