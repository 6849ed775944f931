package httpapi

import "strconv"

// Lists keyed on id (dashboards, widgets) use the cursors of cursor.go with
// the last id as the key, bound to the list they page through, e.g.
// "dashboards|u=7": a cursor of another user's or dashboard's list is refused.
func encodeIDCursor(list string, lastID int64) string {
	return encodeCursor(list, strconv.FormatInt(lastID, 10))
}

// decodeIDCursor returns the last id of the previous page; an absent cursor
// starts at the beginning (0).
func decodeIDCursor(cursor string, set bool, list string) (int64, error) {
	if !set {
		return 0, nil
	}
	key, err := decodeCursor(cursor, list)
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != key {
		return 0, invalidCursor("cursor is not one this API issued")
	}
	return id, nil
}

func dashboardListKey(owner int64) string { return "dashboards|u=" + strconv.FormatInt(owner, 10) }

func widgetListKey(owner, dashboard int64) string {
	return "widgets|u=" + strconv.FormatInt(owner, 10) + "|d=" + strconv.FormatInt(dashboard, 10)
}
