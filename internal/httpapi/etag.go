package httpapi

import (
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
)

// ETags are strong validators made of a row's id and version, e.g.
// "d42-v7-m1k2x3y4" for a dashboard (whose version also counts the changes of
// its widgets) and "w9-v2-…" for a widget. The last part is the creation time
// (milliseconds, base 36): SQLite reuses the id of a deleted last row, and a
// new row must not match the old row's tags.
func dashboardETag(id, version int64, created time.Time) string {
	return makeETag('d', id, version, created)
}

func widgetETag(id, version int64, created time.Time) string {
	return makeETag('w', id, version, created)
}

func makeETag(prefix byte, id, version int64, created time.Time) string {
	b := make([]byte, 0, 40)
	b = append(b, '"', prefix)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, "-v"...)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, created.UnixMilli(), 36)
	b = append(b, '"')
	return string(b)
}

// ifMatch reports whether an If-Match field value holds for a resource whose
// current strong ETag is current: "*" matches any, a weak tag never matches
// (strong comparison, RFC 9110 §13.1.1).
func ifMatch(field, current string) bool {
	matched := false
	eachETag(field, func(tag string, weak bool) bool {
		matched = tag == "*" || (!weak && tag == current)
		return !matched
	})
	return matched
}

// ifNoneMatch reports whether an If-None-Match field value matches current
// (weak comparison, RFC 9110 §13.1.2): the client has this representation.
func ifNoneMatch(field, current string) bool {
	matched := false
	eachETag(field, func(tag string, _ bool) bool {
		matched = tag == "*" || tag == current
		return !matched
	})
	return matched
}

// eachETag calls fn with each entity tag of a comma-separated list (the tag
// with its quotes, or "*") until fn returns false. It stops at the first
// malformed element: what follows cannot be trusted to match.
func eachETag(field string, fn func(tag string, weak bool) bool) {
	s := field
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return
		}
		if s[0] == '*' {
			if !fn("*", false) {
				return
			}
			s = s[1:]
			continue
		}
		weak := strings.HasPrefix(s, "W/")
		if weak {
			s = s[2:]
		}
		if s == "" || s[0] != '"' {
			return
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return
		}
		if !fn(s[:end+2], weak) {
			return
		}
		s = s[end+2:]
	}
}

// checkVersion enforces optimistic locking for a change of a resource whose
// current ETag and version are given: If-Match must match the ETag and a
// version in the body must equal the version. Without either, the change
// applies to whatever version is current.
func checkVersion(what string, header oas.OptString, body oas.OptVersion, etag string, version int64) error {
	var fields []apperr.FieldError
	if h, ok := header.Get(); ok && !ifMatch(h, etag) {
		fields = append(fields, apperr.FieldError{Path: "header/If-Match", Message: "current ETag is " + etag})
	}
	if v, ok := body.Get(); ok && int64(v) != version {
		fields = append(fields, apperr.FieldError{Path: "body/version", Message: "current version is " + strconv.FormatInt(version, 10)})
	}
	if len(fields) == 0 {
		return nil
	}
	return versionMismatch(what, fields...)
}

// versionMismatch answers 412: the version the client changes is not current.
func versionMismatch(what string, fields ...apperr.FieldError) error {
	e := apperr.New(apperr.PreconditionFailed, "version_mismatch",
		"the %s changed since you read it: read it again and retry", what)
	e.Fields = fields
	return e
}
