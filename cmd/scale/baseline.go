package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// baseline is the recorded p50 of the searches at baselineSize, in ms.
type baseline struct {
	Size     string             `json:"size"`
	Note     string             `json:"note"`
	SearchMS map[string]float64 `json:"searchP50Ms"`
}

// regressionSlack is added to twice the baseline before a figure fails, so
// that a loaded CI machine's noise on a figure of a few milliseconds never
// fails a run: losing the bounded ranking costs tens of milliseconds there.
const regressionSlack = 10 * time.Millisecond

var errRegressed = errors.New("search regressed past twice its baseline")

// checkBaseline records the baseline (-record) or checks the searches of
// baselineSize against it (-check).
func checkBaseline(w io.Writer, o options, results []result) error {
	var figs map[string]figure
	for _, r := range results {
		if r.Size.Name == baselineSize {
			figs = r.Figs
		}
	}
	if figs == nil || (!o.Record && !o.Check) {
		return nil
	}
	if o.Record {
		b := baseline{Size: baselineSize, Note: "written by go run ./cmd/scale -quick -record; make scale-quick fails past 2x + 10 ms", SearchMS: map[string]float64{}}
		for name, f := range figs {
			if strings.HasPrefix(name, "search ") {
				b.SearchMS[name] = float64(f.P50.Microseconds()) / 1000
			}
		}
		data, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(o.Baseline, append(data, '\n'), 0o644)
	}
	data, err := os.ReadFile(o.Baseline)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	var b baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return fmt.Errorf("baseline %s: %w", o.Baseline, err)
	}
	return compare(w, b, figs)
}

// compare fails when a search's p50 is past 2x its baseline plus the slack.
func compare(w io.Writer, b baseline, figs map[string]figure) error {
	names := make([]string, 0, len(b.SearchMS))
	for n := range b.SearchMS {
		names = append(names, n)
	}
	sort.Strings(names)
	var failed []string
	for _, n := range names {
		f, ok := figs[n]
		if !ok {
			failed = append(failed, n+" (not measured)")
			continue
		}
		limit := 2*time.Duration(b.SearchMS[n]*float64(time.Millisecond)) + regressionSlack
		verdict := "ok"
		if f.P50 > limit {
			verdict = "REGRESSED"
			failed = append(failed, n)
		}
		fmt.Fprintf(w, "%-30s p50 %8s ms  limit %8s ms  %s\n", n, ms(f.P50), ms(limit), verdict)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w at %s: %s", errRegressed, b.Size, strings.Join(failed, ", "))
	}
	return nil
}
