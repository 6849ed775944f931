package httpapi

import (
	"encoding/base64"
	"hash/fnv"
	"strings"
)

// A cursor is base64url("1|" + filterHash + "|" + lastSymbol): opaque to
// clients, bound to the filters it was issued for, and keyed on the sort
// column, so pages never skip or repeat rows while others are inserted.
const cursorVersion = "1"

func encodeCursor(filters, lastSymbol string) string {
	raw := cursorVersion + "|" + filterHash(filters) + "|" + lastSymbol
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor returns the last symbol of the previous page.
func decodeCursor(cursor, filters string) (string, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(cursor)
	if err != nil {
		return "", invalidCursor("cursor is not one this API issued")
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 || parts[0] != cursorVersion || !validSymbol(parts[2]) {
		return "", invalidCursor("cursor is not one this API issued")
	}
	if parts[1] != filterHash(filters) {
		return "", invalidCursor("cursor was issued for other filters")
	}
	return parts[2], nil
}

func filterHash(filters string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(filters))
	const digits = "0123456789abcdefghijklmnopqrstuv"
	var out [7]byte
	v := h.Sum32()
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = digits[v&31]
		v >>= 5
	}
	return string(out[:])
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
