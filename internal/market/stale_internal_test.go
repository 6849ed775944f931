package market

import (
	"testing"
	"time"
)

func TestStaleness(t *testing.T) {
	s := staleness{windows: map[string]time.Duration{"crypto": 20 * time.Second, "stock": 30 * time.Second}, def: 5 * time.Second}
	at := func(v string) time.Time {
		t.Helper()
		tm, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	open := at("2026-12-03T15:00:00Z")   // a Thursday, 10:00 in New York: NYSE open
	closed := at("2026-12-03T23:00:00Z") // 18:00 in New York, two hours after the close
	closing := at("2026-12-03T21:00:00Z")
	saturday := at("2026-12-05T15:00:00Z")
	for _, tt := range []struct {
		name      string
		typ       string
		asOf, now time.Time
		wantStale bool
	}{
		{"crypto within its window", "crypto", open.Add(-19 * time.Second), open, false},
		{"crypto past its window", "crypto", open.Add(-21 * time.Second), open, true},
		{"crypto on a Saturday: it trades", "crypto", saturday.Add(-time.Minute), saturday, true},
		{"stock while open, within", "stock", open.Add(-29 * time.Second), open, false},
		{"stock while open, past", "stock", open.Add(-31 * time.Second), open, true},
		{"stock closed, last price at the close", "stock", closing.Add(-10 * time.Second), closed, false},
		{"stock closed, no price near the close", "stock", closing.Add(-5 * time.Minute), closed, true},
		{"stock on a Saturday, Friday's close", "stock", at("2026-12-04T21:00:00Z").Add(-time.Second), saturday, false},
		{"stock on a Saturday, Thursday's close", "stock", closing, saturday, true},
		{"a type without a window uses the default", "forex", open.Add(-6 * time.Second), open, true},
		{"no type: the default, no calendar", "", closing, closed, true},
		{"no type, within the default", "", closed.Add(-4 * time.Second), closed, false},
	} {
		if got := s.stale(tt.typ, tt.asOf, tt.now); got != tt.wantStale {
			t.Errorf("%s: stale = %v, want %v", tt.name, got, tt.wantStale)
		}
	}
}
