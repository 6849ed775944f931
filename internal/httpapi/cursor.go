package httpapi

import (
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cursor"
)

// An asset cursor is the cursor package's version "1" with the list's
// filter binding and the last symbol: opaque to clients, bound to the
// filters it was issued for, and keyed on the sort column, so pages never
// skip or repeat rows while others are inserted.
const cursorVersion = "1"

func encodeCursor(filters, lastSymbol string) string {
	return cursor.Encode(cursorVersion, cursor.Bind(filters), lastSymbol)
}

// decodeCursor returns the last symbol of the previous page.
func decodeCursor(c, filters string) (string, error) {
	version, fields, ok := cursor.Decode(c)
	if !ok || version != cursorVersion || len(fields) != 2 || !validSymbol(fields[1]) {
		return "", apperr.Within(cursor.Invalid(), "query")
	}
	if fields[0] != cursor.Bind(filters) {
		return "", apperr.Within(cursor.OtherFilters(), "query")
	}
	return fields[1], nil
}

// validSymbol mirrors the Symbol pattern of openapi.yaml:
// ^[A-Z0-9^][A-Z0-9.=^-]{0,19}$
func validSymbol(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '^':
		case i > 0 && (c == '.' || c == '=' || c == '-'):
		default:
			return false
		}
	}
	return true
}
