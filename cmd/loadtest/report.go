package main

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"
)

// printResults writes the table of scenarios, each pair's baseline on the
// line below it with the throughput and p99 ratios.
func printResults(w io.Writer, results []scenarioResult) {
	width := len("scenario")
	for _, r := range results {
		width = max(width, len(r.Name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\treq/s\tp50\tp99\terrors\tthroughput ratio\tp99 ratio\t\n", width, "scenario")
	for _, r := range results {
		fmt.Fprintf(tw, "%-*s\t%.0f\t%s\t%s\t%d\t\t\t\n", width, r.Name, r.Main.RPS(),
			fmtDuration(percentile(r.Main.Latencies, 50)), fmtDuration(percentile(r.Main.Latencies, 99)), r.Main.Errors)
		if b := r.Baseline; b != nil {
			fmt.Fprintf(tw, "%-*s\t%.0f\t%s\t%s\t%d\t%s\t%s\t\n", width, "  baseline (bare net/http)", b.RPS(),
				fmtDuration(percentile(b.Latencies, 50)), fmtDuration(percentile(b.Latencies, 99)), b.Errors,
				fmtRatio(ratio(r.Main.RPS(), b.RPS())),
				fmtRatio(ratio(float64(percentile(r.Main.Latencies, 99)), float64(percentile(b.Latencies, 99)))))
		}
	}
	tw.Flush()
	for _, r := range results {
		if r.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", r.Name, r.Note)
		}
	}
}

// printVerdicts writes one line per target.
func printVerdicts(w io.Writer, vs []verdict) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tscenario\tresult\t")
	for _, v := range vs {
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t\n", v.Target, v.Scenario, v.Status, v.Detail)
	}
	tw.Flush()
}

// printErrors lists sample failures of every scenario that had some.
func printErrors(w io.Writer, results []scenarioResult) {
	for _, r := range results {
		for _, m := range []struct {
			name string
			res  *result
		}{{r.Name, &r.Main}, {r.Name + " baseline", r.Baseline}} {
			res := m.res
			if res == nil || res.Errors == 0 {
				continue
			}
			fmt.Fprintf(w, "\n%s: %d of %d requests failed, e.g.\n", m.name, res.Errors, res.Requests)
			for _, s := range res.Samples {
				fmt.Fprintf(w, "  %s\n", s)
			}
		}
	}
}

// fmtDuration prints a latency in milliseconds with three significant decimals.
func fmtDuration(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

func fmtRatio(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", x)
}
