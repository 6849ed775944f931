package httpapi

import "github.com/marketpulse/api/internal/cursor"

// What remains of the asset cursor (now market's) for the lists that still
// borrow it: id_cursor.go's cursors are version "1" with the Bind of their
// list and a key, and news_cursor.go binds with filterHash. Delete this file
// once they use internal/cursor themselves.

func encodeCursor(filters, key string) string {
	return cursor.Encode("1", cursor.Bind(filters), key)
}

// decodeCursor returns the key of a cursor of encodeCursor.
func decodeCursor(c, filters string) (string, error) {
	version, fields, ok := cursor.Decode(c)
	if !ok || version != "1" || len(fields) != 2 || !validSymbol(fields[1]) {
		return "", invalidCursor("cursor is not one this API issued")
	}
	if fields[0] != cursor.Bind(filters) {
		return "", invalidCursor("cursor was issued for other filters")
	}
	return fields[1], nil
}

func filterHash(filters string) string { return cursor.Bind(filters) }
