package telemetry

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	dto "github.com/prometheus/client_model/go"
)

// OperationStats summarises the requests of one operation.
type OperationStats struct {
	Operation string
	Count     uint64
	Errors    uint64 // status >= 400
	MeanMs    float64
	P50Ms     float64
	P99Ms     float64
}

// RequestStats reads the request histogram back from the registry and
// summarises it per operation; quantiles are interpolated from the buckets.
func (t *Telemetry) RequestStats() ([]OperationStats, error) {
	families, err := t.Registry.Gather()
	if err != nil {
		return nil, fmt.Errorf("gather metrics: %w", err)
	}
	type acc struct {
		count, errors uint64
		sum           float64
		buckets       map[float64]uint64 // upper bound → cumulative count
	}
	byOp := map[string]*acc{}
	for _, mf := range families {
		if mf.GetName() != RequestDurationMetric {
			continue
		}
		for _, m := range mf.GetMetric() {
			op, status := labels(m)
			a := byOp[op]
			if a == nil {
				a = &acc{buckets: map[float64]uint64{}}
				byOp[op] = a
			}
			h := m.GetHistogram()
			a.count += h.GetSampleCount()
			a.sum += h.GetSampleSum()
			if status >= 400 {
				a.errors += h.GetSampleCount()
			}
			for _, b := range h.GetBucket() {
				a.buckets[b.GetUpperBound()] += b.GetCumulativeCount()
			}
		}
	}
	out := make([]OperationStats, 0, len(byOp))
	for op, a := range byOp {
		s := OperationStats{Operation: op, Count: a.count, Errors: a.errors}
		if a.count > 0 {
			s.MeanMs = a.sum / float64(a.count) * 1000
			s.P50Ms = quantile(0.5, a.count, a.buckets) * 1000
			s.P99Ms = quantile(0.99, a.count, a.buckets) * 1000
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b OperationStats) int {
		switch {
		case a.Operation < b.Operation:
			return -1
		case a.Operation > b.Operation:
			return 1
		}
		return 0
	})
	return out, nil
}

func labels(m *dto.Metric) (operation string, status int) {
	for _, l := range m.GetLabel() {
		switch l.GetName() {
		case "operation":
			operation = l.GetValue()
		case "http_response_status_code":
			status, _ = strconv.Atoi(l.GetValue())
		}
	}
	return operation, status
}

// quantile interpolates linearly inside the bucket that holds rank q·count,
// as Prometheus' histogram_quantile does.
func quantile(q float64, count uint64, cumulative map[float64]uint64) float64 {
	bounds := make([]float64, 0, len(cumulative))
	for b := range cumulative {
		bounds = append(bounds, b)
	}
	slices.Sort(bounds)
	rank := q * float64(count)
	lower, below := 0.0, uint64(0)
	for _, ub := range bounds {
		c := cumulative[ub]
		if float64(c) >= rank {
			if math.IsInf(ub, 1) {
				return lower
			}
			inBucket := c - below
			if inBucket == 0 {
				return ub
			}
			return lower + (ub-lower)*(rank-float64(below))/float64(inBucket)
		}
		lower, below = ub, c
	}
	return lower
}
