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

// baseline is the recorded p50s at baselineSize, in ms: the searches, and
// the other reads as the control that tells a slower machine from a
// slower search.
type baseline struct {
	Size      string             `json:"size"`
	Note      string             `json:"note"`
	SearchMS  map[string]float64 `json:"searchP50Ms"`
	ControlMS map[string]float64 `json:"controlP50Ms"`
}

// maxRegression is how many times its baseline the sum of the searches'
// p50s may reach, times the control's slowdown when the control is slower
// than its own baseline (a loaded CI machine slows every read alike).
// Ranking every match instead of the bounded window costs 2.4 times the
// baseline at 100,000 articles, and more beyond.
const maxRegression = 2.0

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
		return record(o.Baseline, figs)
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

func record(path string, figs map[string]figure) error {
	b := baseline{
		Size: baselineSize, Note: "written by go run ./cmd/scale -quick -record; make scale-quick fails past maxRegression",
		SearchMS: map[string]float64{}, ControlMS: map[string]float64{},
	}
	for name, f := range figs {
		switch {
		case strings.HasPrefix(name, "search "):
			b.SearchMS[name] = toMS(f.P50)
		case !strings.HasPrefix(name, "write "):
			b.ControlMS[name] = toMS(f.P50)
		}
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func toMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// compare fails when the searches' p50s add up to more than maxRegression
// times their baseline, scaled by the control's slowdown.
func compare(w io.Writer, b baseline, figs map[string]figure) error {
	search, searchBase, err := sums(b.SearchMS, figs)
	if err != nil {
		return err
	}
	control, controlBase, err := sums(b.ControlMS, figs)
	if err != nil {
		return err
	}
	slowdown := 1.0
	if controlBase > 0 {
		slowdown = max(1, control/controlBase)
	}
	limit := maxRegression * searchBase * slowdown
	fmt.Fprintf(w, "searches at %s: p50s sum to %.2f ms (baseline %.2f ms); other reads %.2f ms (baseline %.2f ms); limit %.2f ms\n",
		b.Size, search, searchBase, control, controlBase, limit)
	if search > limit {
		return fmt.Errorf("%w at %s: %.2f ms > %.2f ms", errRegressed, b.Size, search, limit)
	}
	return nil
}

// sums adds up the measured and the recorded p50s of the operations of
// base, in ms; an operation not measured is an error.
func sums(base map[string]float64, figs map[string]figure) (got, want float64, _ error) {
	names := make([]string, 0, len(base))
	for n := range base {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, ok := figs[n]
		if !ok {
			return 0, 0, fmt.Errorf("%w: %q of the baseline was not measured", errRegressed, n)
		}
		got += toMS(f.P50)
		want += base[n]
	}
	return got, want, nil
}
