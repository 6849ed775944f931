package main

import (
	"fmt"
	"math"
	"time"
)

// target is what a scenario must achieve; zero fields are not checked.
type target struct {
	MinThroughputRatio float64       // req/s at least this fraction of the baseline's
	MaxP99Ratio        float64       // p99 at most this multiple of the baseline's
	MaxP50             time.Duration // p50 at most this
}

// scenarioResult is a measured scenario and, for pairs, its baseline.
type scenarioResult struct {
	Name     string
	Main     result
	Baseline *result // nil: no baseline (or its response could not be fetched)
	Target   target
	Note     string
}

// Verdict statuses.
const (
	pass = "PASS"
	fail = "FAIL"
	skip = "SKIP"
)

// verdict is the outcome of one target of one scenario.
type verdict struct {
	Scenario, Target, Status, Detail string
}

// evaluate checks every target. A scenario with errors fails its targets
// (its figures would flatter it); a missing baseline skips the ratios.
func evaluate(results []scenarioResult) []verdict {
	var out []verdict
	for _, r := range results {
		t := r.Target
		if t.MinThroughputRatio > 0 {
			out = append(out, checkRatio(r, fmt.Sprintf("throughput ≥ %.2f× baseline", t.MinThroughputRatio),
				func(b result) float64 { return ratio(r.Main.RPS(), b.RPS()) },
				func(x float64) bool { return x >= t.MinThroughputRatio }))
		}
		if t.MaxP99Ratio > 0 {
			out = append(out, checkRatio(r, fmt.Sprintf("p99 ≤ %.1f× baseline", t.MaxP99Ratio),
				func(b result) float64 {
					return ratio(float64(percentile(r.Main.Latencies, 99)), float64(percentile(b.Latencies, 99)))
				},
				func(x float64) bool { return x <= t.MaxP99Ratio }))
		}
		if t.MaxP50 > 0 {
			v := verdict{Scenario: r.Name, Target: "p50 ≤ " + fmtDuration(t.MaxP50)}
			p50 := percentile(r.Main.Latencies, 50)
			switch {
			case r.Main.Errors > 0 || len(r.Main.Latencies) == 0:
				v.Status, v.Detail = fail, fmt.Sprintf("%d errors of %d requests", r.Main.Errors, r.Main.Requests)
			case p50 <= t.MaxP50:
				v.Status, v.Detail = pass, "p50 "+fmtDuration(p50)
			default:
				v.Status, v.Detail = fail, "p50 "+fmtDuration(p50)
			}
			out = append(out, v)
		}
	}
	return out
}

// checkRatio evaluates one baseline ratio of r.
func checkRatio(r scenarioResult, name string, measure func(result) float64, ok func(float64) bool) verdict {
	v := verdict{Scenario: r.Name, Target: name}
	switch {
	case r.Main.Errors > 0 || len(r.Main.Latencies) == 0:
		v.Status, v.Detail = fail, fmt.Sprintf("%d errors of %d requests", r.Main.Errors, r.Main.Requests)
	case r.Baseline == nil || len(r.Baseline.Latencies) == 0:
		v.Status, v.Detail = skip, "no baseline measurement"
	default:
		x := measure(*r.Baseline)
		v.Detail = fmt.Sprintf("%.2f×", x)
		v.Status = fail
		if !math.IsNaN(x) && ok(x) {
			v.Status = pass
		}
	}
	return v
}

// allPass reports whether no verdict failed (skips count as failures too:
// -strict wants every target measured).
func allPass(vs []verdict) bool {
	for _, v := range vs {
		if v.Status != pass {
			return false
		}
	}
	return true
}
