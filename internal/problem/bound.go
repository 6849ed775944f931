package problem

import (
	"strings"
	"unicode/utf8"

	"github.com/marketpulse/api/gen/oas"
)

// The bounds openapi.yaml declares for the Problem and FieldError schemas.
// maxLength counts characters (code points), not bytes.
const (
	maxTitle    = 256
	maxDetail   = 2048
	maxInstance = 2048
	maxErrors   = 100
	maxPointer  = 512
	maxMessage  = 512
)

// ellipsis marks a string that was cut to fit its bound.
const ellipsis = "…"

// Bound makes p satisfy the Problem schema whatever the request echoed into
// it: strings become valid UTF-8 of at most their maxLength characters, and
// errors keeps its first maxItems entries. It changes p in place and returns
// it; New, FromError and Write apply it, and so must any code that adds to a
// problem's fields after New.
func Bound(p *oas.ProblemStatusCode) *oas.ProblemStatusCode {
	r := &p.Response
	r.Title = clip(r.Title, maxTitle)
	if r.Detail.Set {
		r.Detail.Value = clip(r.Detail.Value, maxDetail)
	}
	if r.Instance.Set {
		r.Instance.Value = clip(r.Instance.Value, maxInstance)
	}
	if len(r.Errors) > maxErrors {
		r.Errors = r.Errors[:maxErrors]
	}
	for i := range r.Errors {
		r.Errors[i].Pointer = clip(r.Errors[i].Pointer, maxPointer)
		r.Errors[i].Message = clip(r.Errors[i].Message, maxMessage)
	}
	return p
}

// clip returns s as valid UTF-8 (invalid bytes become U+FFFD) of at most n
// characters, ending in an ellipsis when it had to be cut.
func clip(s string, n int) string {
	if len(s) <= n && utf8.ValidString(s) {
		return s // at most n bytes, so at most n characters
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	keep := n - utf8.RuneCountInString(ellipsis)
	for i := range s {
		if keep == 0 {
			return s[:i] + ellipsis
		}
		keep--
	}
	return s
}
