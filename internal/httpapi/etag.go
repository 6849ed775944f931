package httpapi

import (
	"errors"
	"strconv"
	"strings"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
)

// ETags of dashboards and widgets are strong validators made of their
// boards.Stamp, e.g. "d42-v7-m1k2x3y4" for a dashboard (whose version also
// counts the changes of its widgets) and "w9-v2-…" for a widget. The last
// part is the creation time (milliseconds, base 36): SQLite reuses the id of
// a deleted last row, and a new row must not match the old row's tags.
func dashboardETag(s boards.Stamp) string { return makeETag('d', s) }

func widgetETag(s boards.Stamp) string { return makeETag('w', s) }

func resourceETag(r boards.Resource, s boards.Stamp) string {
	if r == boards.ResourceWidget {
		return widgetETag(s)
	}
	return dashboardETag(s)
}

func makeETag(prefix byte, s boards.Stamp) string {
	b := make([]byte, 0, 40)
	b = append(b, '"', prefix)
	b = strconv.AppendInt(b, s.ID, 10)
	b = append(b, "-v"...)
	b = strconv.AppendInt(b, s.Version, 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, s.Created.UnixMilli(), 36)
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

// precondition is what a change of r expects of its current version: the
// If-Match header must match its ETag, and a version in the body must be
// its version (boards checks both). Without either, the change applies to
// whatever version is current.
func precondition(r boards.Resource, header oas.OptString, body oas.OptVersion) boards.Precondition {
	var p boards.Precondition
	if v, ok := body.Get(); ok {
		p.Version = int64(v)
	}
	if field, ok := header.Get(); ok {
		p.IfMatch = func(current boards.Stamp) bool { return ifMatch(field, resourceETag(r, current)) }
	}
	return p
}

// boardsError locates the fields of an error of a boards change in the
// request: a failed precondition (412) points at the header or the body
// version it came from, a rule at the body.
func boardsError(err error) error {
	var stale *boards.StaleError
	if !errors.As(err, &stale) {
		return apperr.Within(err, "body")
	}
	e := stale.Problem()
	if stale.IfMatch {
		e.Fields = append(e.Fields, apperr.FieldError{Path: "header/If-Match", Message: "current ETag is " + resourceETag(stale.Resource, stale.Current)})
	}
	if stale.Version {
		e.Fields = append(e.Fields, apperr.FieldError{Path: "body/version", Message: "current version is " + strconv.FormatInt(stale.Current.Version, 10)})
	}
	return e
}
