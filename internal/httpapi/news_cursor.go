package httpapi

import "github.com/marketpulse/api/internal/apperr"

// invalidCursor is the error of a query cursor of the lists still decoded
// here (cursor.go, id_cursor.go, usercursor.go). News cursors moved to the
// news package; delete this file once the others use internal/cursor.
func invalidCursor(msg string) error {
	e := apperr.New(apperr.Invalid, "invalid_cursor", "%s", msg)
	e.Fields = []apperr.FieldError{{Path: "query/cursor", Message: msg}}
	return e
}
