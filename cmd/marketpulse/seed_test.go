package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestSeedDemoLoadsTheMarketOnce(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db"), "LOG_LEVEL": "warn"}
	getenv := func(k string) string { return env[k] }
	args := []string{"seed-demo", "-anchor", "2026-06-15", "-news", "40", "-bar-assets", "2"}
	var first, second bytes.Buffer
	if err := run(t.Context(), args, getenv, &first, &first); err != nil {
		t.Fatalf("seed-demo: %v\n%s", err, first.String())
	}
	if err := run(t.Context(), args, getenv, &second, &second); err != nil {
		t.Fatalf("second seed-demo: %v\n%s", err, second.String())
	}
	// The counts line, without the timing, is the same both times.
	counts := func(s string) string { _, after, _ := strings.Cut(s, ": "); return after }
	if !strings.Contains(first.String(), "40 news articles") || counts(first.String()) != counts(second.String()) {
		t.Errorf("first run:\n%s\nsecond run:\n%s", first.String(), second.String())
	}
}

func TestSeedDemoRejectsBadFlags(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db")}
	getenv := func(k string) string { return env[k] }
	for _, args := range [][]string{
		{"seed-demo", "-anchor", "15/06/2026"},
		{"seed-demo", "-news", "0"},
		{"seed-demo", "-bar-assets", "-1"},
		{"seed-demo", "-bogus"},
	} {
		var out bytes.Buffer
		if err := run(t.Context(), args, getenv, &out, &out); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
