// Package tradinghours says when a market of an asset type trades: the
// NYSE regular session (Monday to Friday, 09:30–16:00 America/New_York)
// for stocks, funds and indices, every weekday for currencies and
// commodities, around the clock for crypto. Exchange holidays are not
// modelled.
package tradinghours

import (
	"time"
	_ "time/tzdata" // the zone must resolve in a container without tzdata
)

var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Session is a kind of trading schedule.
type Session uint8

// The schedules.
const (
	Always   Session = iota // crypto
	Weekdays                // forex, commodities: Monday to Friday, New York dates
	NYSE                    // stocks, ETFs, indices: 09:30–16:00 New York time
)

// Of is the schedule of an asset type.
func Of(assetType string) Session {
	switch assetType {
	case "crypto":
		return Always
	case "forex", "commodity":
		return Weekdays
	default:
		return NYSE
	}
}

// Open reports whether the market of s trades at t.
func (s Session) Open(t time.Time) bool {
	if s == Always {
		return true
	}
	ny := t.In(newYork)
	if wd := ny.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if s == Weekdays {
		return true
	}
	open, close := bounds(ny)
	return !ny.Before(open) && ny.Before(close)
}

// bounds are the NYSE session's open and close on ny's New York date.
func bounds(ny time.Time) (time.Time, time.Time) {
	y, m, d := ny.Date()
	return time.Date(y, m, d, 9, 30, 0, 0, newYork), time.Date(y, m, d, 16, 0, 0, 0, newYork)
}

// LastTraded is the latest instant at or before t at which the market of s
// traded (t itself while it is open): the moment its price stands still at
// while closed. It looks back at most a week.
func (s Session) LastTraded(t time.Time) time.Time {
	if s.Open(t) {
		return t
	}
	ny := t.In(newYork)
	for i := 0; i < 8; i++ {
		day := ny.AddDate(0, 0, -i)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if s == Weekdays {
			y, m, d := day.Date()
			return time.Date(y, m, d+1, 0, 0, 0, 0, newYork).Add(-time.Nanosecond)
		}
		open, close := bounds(day)
		if i == 0 && ny.Before(open) {
			continue
		}
		return close.Add(-time.Nanosecond)
	}
	return t
}

// SessionStart is when the session that traded at LastTraded(t) began: the
// day's open (NYSE), the New York midnight (weekdays) or 24 hours before t
// (always).
func (s Session) SessionStart(t time.Time) time.Time {
	lt := s.LastTraded(t)
	switch s {
	case Always:
		return lt.Add(-24 * time.Hour)
	case Weekdays:
		y, m, d := lt.In(newYork).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, newYork)
	default:
		open, _ := bounds(lt.In(newYork))
		return open
	}
}
