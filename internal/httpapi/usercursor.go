package httpapi

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// A users cursor is base64url("u1|" + createdAt in Unix milliseconds + "|" +
// id): the keyset (created_at, id) of the last account of the page. Stored
// times have millisecond precision, so the cursor is exact.
const userCursorVersion = "u1"

func encodeUserCursor(createdAt time.Time, id int64) string {
	raw := userCursorVersion + "|" + strconv.FormatInt(createdAt.UnixMilli(), 10) + "|" + strconv.FormatInt(id, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeUserCursor returns the keyset of the previous page's last account.
func decodeUserCursor(cursor string) (time.Time, int64, error) {
	invalid := func() error { return invalidCursor("cursor is not one this API issued") }
	b, err := base64.RawURLEncoding.Strict().DecodeString(cursor)
	if err != nil {
		return time.Time{}, 0, invalid()
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 3 || parts[0] != userCursorVersion {
		return time.Time{}, 0, invalid()
	}
	ms, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	// Years 0000 to 9999 are what the stored text form can hold.
	const minMs, maxMs = -62167219200000, 253402300799999
	if err1 != nil || err2 != nil || ms < minMs || ms > maxMs || id < 1 ||
		parts[1] != strconv.FormatInt(ms, 10) || parts[2] != strconv.FormatInt(id, 10) {
		return time.Time{}, 0, invalid()
	}
	return time.UnixMilli(ms).UTC(), id, nil
}
