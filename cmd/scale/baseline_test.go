package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCompareFailsPastTwiceTheBaseline(t *testing.T) {
	t.Parallel()
	b := baseline{Size: "M",
		SearchMS:  map[string]float64{"search common word": 5, "search OR": 5},
		ControlMS: map[string]float64{"asset": 1},
	}
	fig := func(ms float64) figure { return figure{P50: time.Duration(ms * float64(time.Millisecond))} }
	tests := []struct {
		name                string
		common, or, control float64
		want                error
	}{
		{"at the baseline", 5, 5, 1, nil},
		{"twice", 10, 10, 1, nil},
		{"past twice", 10, 10.5, 1, errRegressed},
		{"a faster control allows no more", 10, 10.5, 0.5, errRegressed},
		{"a machine twice as slow", 20, 20, 2, nil},
		{"past twice on a machine twice as slow", 20, 21, 2, errRegressed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figs := map[string]figure{"search common word": fig(tt.common), "search OR": fig(tt.or), "asset": fig(tt.control)}
			if err := compare(io.Discard, b, figs); !errors.Is(err, tt.want) {
				t.Errorf("compare = %v, want %v", err, tt.want)
			}
		})
	}
	if err := compare(io.Discard, b, map[string]figure{"asset": fig(1)}); !errors.Is(err, errRegressed) {
		t.Errorf("searches of the baseline not measured = %v, want %v", err, errRegressed)
	}
}

func TestWriteMarkdownKeepsTheProse(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "scale.md")
	prose := "# Scale\n\nwhy\n\n" + beginMark + "old table\n" + endMark + "\nafter\n"
	if err := os.WriteFile(path, []byte(prose), 0o600); err != nil {
		t.Fatal(err)
	}
	r := result{
		Size: size{Name: "S", Assets: 500, Articles: 10}, Built: &built{FileSize: 1e6},
		Names: []string{"asset"}, Figs: map[string]figure{"asset": {P50: time.Millisecond, P99: 2 * time.Millisecond}},
	}
	if err := writeMarkdown(path, []result{r}, 7); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{"# Scale\n\nwhy\n\n" + beginMark, "| asset | 1.00 / 2.00 |", endMark + "\nafter\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old table") {
		t.Errorf("the old table is still there:\n%s", got)
	}
}

func TestQuantile(t *testing.T) {
	t.Parallel()
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i))
	}
	if got := quantile(sorted, 0.5); got != 50 {
		t.Errorf("p50 = %d, want 50", got)
	}
	if got := quantile(sorted, 0.99); got != 99 {
		t.Errorf("p99 = %d, want 99", got)
	}
	if got := quantile(nil, 0.5); got != 0 {
		t.Errorf("p50 of nothing = %d", got)
	}
}
