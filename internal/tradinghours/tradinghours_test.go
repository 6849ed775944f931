package tradinghours_test

import (
	"testing"
	"time"

	"github.com/marketpulse/api/internal/tradinghours"
)

func ny(s string) time.Time {
	loc, _ := time.LoadLocation("America/New_York")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOpen(t *testing.T) {
	cases := []struct {
		s    tradinghours.Session
		at   string
		open bool
	}{
		{tradinghours.NYSE, "2026-12-03 09:29", false}, // Thursday
		{tradinghours.NYSE, "2026-12-03 09:30", true},
		{tradinghours.NYSE, "2026-12-03 15:59", true},
		{tradinghours.NYSE, "2026-12-03 16:00", false},
		{tradinghours.NYSE, "2026-12-05 12:00", false}, // Saturday
		{tradinghours.Weekdays, "2026-12-03 03:00", true},
		{tradinghours.Weekdays, "2026-12-06 12:00", false},
		{tradinghours.Always, "2026-12-06 12:00", true},
	}
	for _, c := range cases {
		if got := c.s.Open(ny(c.at)); got != c.open {
			t.Errorf("session %d at %s: open %v, want %v", c.s, c.at, got, c.open)
		}
	}
	if tradinghours.Of("crypto") != tradinghours.Always || tradinghours.Of("etf") != tradinghours.NYSE {
		t.Error("Of maps crypto and etf wrongly")
	}
}

func TestLastTradedAndSessionStart(t *testing.T) {
	sat := ny("2026-12-05 12:00")
	got := tradinghours.NYSE.LastTraded(sat)
	if want := ny("2026-12-04 16:00").Add(-time.Nanosecond); !got.Equal(want) {
		t.Errorf("NYSE last traded on Saturday: %s, want %s", got, want)
	}
	early := ny("2026-12-03 08:00")
	if want := ny("2026-12-02 16:00").Add(-time.Nanosecond); !tradinghours.NYSE.LastTraded(early).Equal(want) {
		t.Errorf("NYSE last traded before the open: %s", tradinghours.NYSE.LastTraded(early))
	}
	mid := ny("2026-12-03 11:00")
	if !tradinghours.NYSE.LastTraded(mid).Equal(mid) {
		t.Error("an open market's last traded instant is now")
	}
	if want := ny("2026-12-04 09:30"); !tradinghours.NYSE.SessionStart(sat).Equal(want) {
		t.Errorf("NYSE session start on Saturday: %s, want %s", tradinghours.NYSE.SessionStart(sat), want)
	}
}
