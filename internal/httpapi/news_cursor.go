package httpapi

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// maxSearchDepth bounds how deep the pages of one search go: FTS5 ranks
// every match on each call, and nobody reads past the thousandth result. The
// page that reaches it has no next cursor; a cursor beyond it answers 400
// search_too_deep (refine the query instead).
const maxSearchDepth = 1000

// A news cursor is opaque to clients and bound to the filters it was issued
// for (filterHash of newsFilter.key):
//
//	list:   base64url("n1|" + hash + "|" + published_at in Unix ms + "|" + id)
//	search: base64url("s1|" + hash + "|" + offset + "|" + max article id)
//
// A list cursor is a keyset position, so inserts never shift later pages. A
// search cursor holds the offset of the next page and the newest article id
// when the first page was made: later pages rank only the articles that
// existed then.
type newsCursor struct {
	published time.Time
	id        int64 // list: id of the last row; search: the snapshot max id
	offset    int   // search only
	set       bool  // false: first page
}

const (
	listCursorVersion   = "n1"
	searchCursorVersion = "s1"
)

func encodeNewsCursor(f newsFilter, c newsCursor) string {
	var raw string
	if f.search {
		raw = searchCursorVersion + "|" + filterHash(f.key) + "|" + strconv.Itoa(c.offset) + "|" + strconv.FormatInt(c.id, 10)
	} else {
		raw = listCursorVersion + "|" + filterHash(f.key) + "|" + strconv.FormatInt(c.published.UnixMilli(), 10) + "|" + strconv.FormatInt(c.id, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeNewsCursor(s string, f newsFilter) (newsCursor, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return newsCursor{}, invalidCursor("cursor is not one this API issued")
	}
	parts := strings.Split(string(b), "|")
	want := listCursorVersion
	if f.search {
		want = searchCursorVersion
	}
	if len(parts) != 4 || (parts[0] != listCursorVersion && parts[0] != searchCursorVersion) {
		return newsCursor{}, invalidCursor("cursor is not one this API issued")
	}
	if parts[0] != want || parts[1] != filterHash(f.key) {
		return newsCursor{}, invalidCursor("cursor was issued for other filters")
	}
	a, errA := strconv.ParseInt(parts[2], 10, 64)
	id, errID := strconv.ParseInt(parts[3], 10, 64)
	if errA != nil || errID != nil || id < 0 {
		return newsCursor{}, invalidCursor("cursor is not one this API issued")
	}
	if !f.search {
		return newsCursor{published: time.UnixMilli(a).UTC(), id: id, set: true}, nil
	}
	if a < 0 || a > math.MaxInt32 {
		return newsCursor{}, invalidCursor("cursor is not one this API issued")
	}
	if a >= maxSearchDepth {
		e := apperr.New(apperr.Invalid, "search_too_deep", "a search goes at most %d results deep: refine the query", maxSearchDepth)
		e.Fields = []apperr.FieldError{{Path: "query/cursor", Message: e.Message}}
		return newsCursor{}, e
	}
	return newsCursor{id: id, offset: int(a), set: true}, nil
}

func invalidCursor(msg string) error {
	e := apperr.New(apperr.Invalid, "invalid_cursor", "%s", msg)
	e.Fields = []apperr.FieldError{{Path: "query/cursor", Message: msg}}
	return e
}
