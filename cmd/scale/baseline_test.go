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
	b := baseline{Size: "M", SearchMS: map[string]float64{"search common word": 5}}
	limit := 2*5*time.Millisecond + regressionSlack
	tests := []struct {
		name string
		p50  time.Duration
		want error
	}{
		{"at the baseline", 5 * time.Millisecond, nil},
		{"at the limit", limit, nil},
		{"past the limit", limit + time.Millisecond, errRegressed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := compare(io.Discard, b, map[string]figure{"search common word": {P50: tt.p50}})
			if !errors.Is(err, tt.want) {
				t.Errorf("compare(%s) = %v, want %v", tt.p50, err, tt.want)
			}
		})
	}
	if err := compare(io.Discard, b, map[string]figure{}); !errors.Is(err, errRegressed) {
		t.Errorf("a search of the baseline not measured = %v, want %v", err, errRegressed)
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
