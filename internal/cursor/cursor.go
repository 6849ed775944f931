// Package cursor is the one codec of the opaque pagination cursors:
// base64url of a version and its fields joined by '|'. Lists bind a cursor
// to the filters it was issued for with Bind, so a cursor of another list is
// refused instead of paging through the wrong rows.
package cursor

import (
	"encoding/base64"
	"hash/fnv"
	"strings"

	"github.com/marketpulse/api/internal/apperr"
)

// Encode returns the cursor of version with fields, none of which may hold
// a '|'.
func Encode(version string, fields ...string) string {
	n := len(version)
	for _, f := range fields {
		n += 1 + len(f)
	}
	b := make([]byte, 0, n)
	b = append(b, version...)
	for _, f := range fields {
		b = append(b, '|')
		b = append(b, f...)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode returns the version and fields of s; ok is false when s is not
// base64url or holds no version.
func Decode(s string) (version string, fields []string, ok bool) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) == 0 {
		return "", nil, false
	}
	parts := strings.Split(string(b), "|")
	return parts[0], parts[1:], true
}

// Bind is the short hash of a list's canonical filters that a cursor
// carries to be refused on another list.
func Bind(filters string) string {
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

// Field is the input field every cursor error points at.
const Field = "cursor"

// Invalid is the error of a cursor this API did not issue.
func Invalid() error { return invalid("cursor is not one this API issued") }

// OtherFilters is the error of a cursor issued for another list or filters.
func OtherFilters() error { return invalid("cursor was issued for other filters") }

func invalid(msg string) error {
	return apperr.NewField(apperr.Invalid, "invalid_cursor", Field, msg)
}
