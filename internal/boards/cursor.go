package boards

import (
	"strconv"
	"strings"

	"github.com/marketpulse/api/internal/cursor"
)

// Lists of dashboards and of widgets are keyset-paged on id, oldest first.
// Their cursors ("1", the list's binding, the last id) are bound to the list
// they page through, e.g. "dashboards|u=7": a cursor of another user's or
// another dashboard's list is refused.
const idCursorVersion = "1"

func encodeIDCursor(list string, lastID int64) string {
	return cursor.Encode(idCursorVersion, cursor.Bind(list), strconv.FormatInt(lastID, 10))
}

// decodeIDCursor returns the last id of the previous page; an absent cursor
// ("") starts at the beginning (0). Errors point at "cursor".
func decodeIDCursor(s, list string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	version, fields, ok := cursor.Decode(s)
	if !ok || version != idCursorVersion || len(fields) != 2 || !keyShaped(fields[1]) {
		return 0, cursor.Invalid()
	}
	if fields[0] != cursor.Bind(list) {
		return 0, cursor.OtherFilters()
	}
	key := fields[1]
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != key {
		return 0, cursor.Invalid()
	}
	return id, nil
}

// keyShaped is the shape every cursor key had to have (the Symbol pattern,
// ^[A-Z0-9^][A-Z0-9.=^-]{0,19}$) before the filters were compared: kept so
// that a malformed cursor of another list is refused as before.
func keyShaped(s string) bool {
	if s == "" || len(s) > 20 || strings.ContainsAny(s[:1], ".=-") {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789^.=-") == ""
}

func dashboardListKey(owner int64) string { return "dashboards|u=" + strconv.FormatInt(owner, 10) }

func widgetListKey(owner, dashboard int64) string {
	return "widgets|u=" + strconv.FormatInt(owner, 10) + "|d=" + strconv.FormatInt(dashboard, 10)
}
