package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeResult is a measurement of n requests in one second, all at latency d
// but the last 2% (so the p99), at d×tail.
func fakeResult(n int, d time.Duration, tail int, errors int) result {
	r := result{Requests: n, Errors: errors, Elapsed: time.Second}
	for i := range n - errors {
		l := d
		if i >= (n-errors)*98/100 {
			l = d * time.Duration(tail)
		}
		r.Latencies = append(r.Latencies, l)
	}
	return r
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	pair := target{MinThroughputRatio: 0.75, MaxP99Ratio: 2}
	base := fakeResult(1000, time.Millisecond, 2, 0) // p99 2ms
	tests := []struct {
		name string
		give scenarioResult
		want []verdict
	}{
		{
			name: "fast enough",
			give: scenarioResult{Name: "s", Main: fakeResult(800, time.Millisecond, 3, 0), Baseline: &base, Target: pair},
			want: []verdict{
				{"s", "throughput ≥ 0.75× baseline", pass, "0.80×"},
				{"s", "p99 ≤ 2.0× baseline", pass, "1.50×"},
			},
		},
		{
			name: "too slow, long tail",
			give: scenarioResult{Name: "s", Main: fakeResult(700, time.Millisecond, 5, 0), Baseline: &base, Target: pair},
			want: []verdict{
				{"s", "throughput ≥ 0.75× baseline", fail, "0.70×"},
				{"s", "p99 ≤ 2.0× baseline", fail, "2.50×"},
			},
		},
		{
			name: "errors fail the targets",
			give: scenarioResult{Name: "s", Main: fakeResult(900, time.Millisecond, 1, 900), Baseline: nil, Target: pair},
			want: []verdict{
				{"s", "throughput ≥ 0.75× baseline", fail, "900 errors of 900 requests"},
				{"s", "p99 ≤ 2.0× baseline", fail, "900 errors of 900 requests"},
			},
		},
		{
			name: "no baseline skips",
			give: scenarioResult{Name: "s", Main: fakeResult(900, time.Millisecond, 1, 0), Target: target{MinThroughputRatio: 0.6}},
			want: []verdict{{"s", "throughput ≥ 0.60× baseline", skip, "no baseline measurement"}},
		},
		{
			name: "p50 within",
			give: scenarioResult{Name: "n", Main: fakeResult(100, 4*time.Millisecond, 10, 0), Target: target{MaxP50: 5 * time.Millisecond}},
			want: []verdict{{"n", "p50 ≤ 5.000ms", pass, "p50 4.000ms"}},
		},
		{
			name: "p50 over",
			give: scenarioResult{Name: "n", Main: fakeResult(100, 6*time.Millisecond, 1, 0), Target: target{MaxP50: 5 * time.Millisecond}},
			want: []verdict{{"n", "p50 ≤ 5.000ms", fail, "p50 6.000ms"}},
		},
		{
			name: "no target, no verdict",
			give: scenarioResult{Name: "q", Main: fakeResult(100, time.Millisecond, 1, 0), Baseline: &base},
			want: nil,
		},
	}
	for _, tt := range tests {
		got := evaluate([]scenarioResult{tt.give})
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(verdict{})); diff != "" {
			t.Errorf("%s: evaluate (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestAllPass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give []verdict
		want bool
	}{
		{nil, true},
		{[]verdict{{Status: pass}, {Status: pass}}, true},
		{[]verdict{{Status: pass}, {Status: fail}}, false},
		{[]verdict{{Status: skip}}, false},
	}
	for _, tt := range tests {
		if got := allPass(tt.give); got != tt.want {
			t.Errorf("allPass(%v) = %v, want %v", tt.give, got, tt.want)
		}
	}
}
