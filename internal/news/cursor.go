package news

import (
	"math"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cursor"
)

// MaxSearchDepth bounds how deep the pages of one search go: the engine
// ranks every match on each call, and nobody reads past the thousandth result.
// The page that reaches it has no next cursor; a cursor beyond it is
// refused with search_too_deep (refine the query instead).
const MaxSearchDepth = 1000

// RankWindow is how many matches a search ranks: the newest RankWindow
// matches of its snapshot (by id, the order articles were stored in),
// best first. It bounds a search's cost whatever the size of the archive
// (the ranking runs for these matches only); it equals MaxSearchDepth, so a
// search's pages go through the whole window in rank order.
const RankWindow = MaxSearchDepth

// A news cursor is opaque to clients and bound to the filters it was issued
// for (cursor.Bind of query.key):
//
//	list:   "n1" | bind | published_at in Unix ms | id
//	search: "s1" | bind | offset | max article id
//
// A list cursor is a keyset position, so inserts never shift later pages. A
// search cursor holds the offset of the next page and the newest article id
// when the first page was made: later pages rank only the articles that
// existed then.
type position struct {
	published time.Time
	id        int64 // list: id of the last row; search: the snapshot max id
	offset    int   // search only
	set       bool  // false: first page
}

const (
	listCursorVersion   = "n1"
	searchCursorVersion = "s1"
)

func encodeCursor(q query, p position) string {
	if q.search {
		return cursor.Encode(searchCursorVersion, cursor.Bind(q.key), strconv.Itoa(p.offset), strconv.FormatInt(p.id, 10))
	}
	return cursor.Encode(listCursorVersion, cursor.Bind(q.key), strconv.FormatInt(p.published.UnixMilli(), 10), strconv.FormatInt(p.id, 10))
}

// decodeCursor returns the position of s, a cursor of a page under q
// ("": the first page). Its errors are about the field "cursor".
func decodeCursor(s string, q query) (position, error) {
	if s == "" {
		return position{}, nil
	}
	version, fields, ok := cursor.Decode(s)
	if !ok || len(fields) != 3 || (version != listCursorVersion && version != searchCursorVersion) {
		return position{}, cursor.Invalid()
	}
	want := listCursorVersion
	if q.search {
		want = searchCursorVersion
	}
	if version != want || fields[0] != cursor.Bind(q.key) {
		return position{}, cursor.OtherFilters()
	}
	a, errA := strconv.ParseInt(fields[1], 10, 64)
	id, errID := strconv.ParseInt(fields[2], 10, 64)
	if errA != nil || errID != nil || id < 0 {
		return position{}, cursor.Invalid()
	}
	if !q.search {
		return position{published: time.UnixMilli(a).UTC(), id: id, set: true}, nil
	}
	if a < 0 || a > math.MaxInt32 {
		return position{}, cursor.Invalid()
	}
	if a >= MaxSearchDepth {
		msg := "a search goes at most " + strconv.Itoa(MaxSearchDepth) + " results deep: refine the query"
		return position{}, apperr.NewField(apperr.Invalid, "search_too_deep", cursor.Field, msg)
	}
	return position{id: id, offset: int(a), set: true}, nil
}
