// Package display holds the one rule for strings that the service shows to
// people (names, titles, descriptions): no control characters but tab and
// line breaks, and no bidirectional overrides or isolates, which can make a
// name read as something else (a "Trojan Source" spoof) or break a
// terminal. Domains check their display strings with Check and report a
// field error with Message.
package display

import (
	"strings"

	"github.com/marketpulse/api/internal/apperr"
)

// Message is the field error of a string that Check refuses.
const Message = "must not contain control characters or bidirectional overrides"

// Check reports whether s may be shown: it holds no forbidden character.
func Check(s string) bool { return strings.IndexFunc(s, forbidden) < 0 }

// CheckOpt is Check of an optional string; nil passes.
func CheckOpt(s *string) bool { return s == nil || Check(*s) }

// forbidden reports C0 and C1 control characters other than tab and line
// breaks, DEL, and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069).
func forbidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Fields collects the paths (relative to a domain input, e.g. "name") of
// the display strings that Check refuses.
type Fields []string

// Check adds path when s may not be shown.
func (f *Fields) Check(path, s string) {
	if !Check(s) {
		*f = append(*f, path)
	}
}

// CheckOpt is Check of an optional string; nil passes.
func (f *Fields) CheckOpt(path string, s *string) {
	if s != nil {
		f.Check(path, *s)
	}
}

// Err is nil when every string passed, else 400 invalid_text with a field
// error at each path.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := apperr.New(apperr.Invalid, "invalid_text", "%s", "a name or text holds characters that cannot be shown")
	for _, p := range f {
		e.Fields = append(e.Fields, apperr.FieldError{Path: p, Message: Message})
	}
	return e
}
