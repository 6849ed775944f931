package httpmw

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/problem"
)

// ValidUTF8 refuses a request whose path, query or JSON body is not valid
// UTF-8 with 400 invalid_encoding and a pointer to where (/path, /query/<name>,
// /body/<pointer>), before anything decodes or stores it: text that is not
// UTF-8 cannot be answered as JSON. The message never repeats the input.
// Bodies are read whole (BodyLimit bounds them) and handed on in memory.
func ValidUTF8() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !utf8.ValidString(r.URL.Path) {
				refuseUTF8(w, r, "/path")
				return
			}
			if q := r.URL.RawQuery; q != "" && !isPlainASCII(q) {
				if name, ok := invalidQuery(q); !ok {
					refuseUTF8(w, r, "/query"+name)
					return
				}
			}
			if r.Body != nil && r.Body != http.NoBody && r.Method != http.MethodGet {
				body, err := io.ReadAll(r.Body)
				if err != nil {
					// A body over the limit, or a client gone: let the decoder
					// meet the same error and answer it (413 for the limit).
					r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
					next.ServeHTTP(w, r)
					return
				}
				if !utf8.Valid(body) {
					refuseUTF8(w, r, "/body"+invalidJSONString(body))
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// isPlainASCII reports a query with no escapes and no bytes above 0x7f:
// the common case, valid without decoding.
func isPlainASCII(q string) bool {
	for i := range len(q) {
		if c := q[i]; c == '%' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// invalidQuery decodes the query's names and values; ok is false at the
// first that is not valid UTF-8, whose pointer suffix is name ("/limit",
// or "" when the name itself is invalid).
func invalidQuery(q string) (name string, ok bool) {
	for q != "" {
		var pair string
		pair, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(pair, "=")
		dk, errK := url.QueryUnescape(k)
		if errK != nil || !utf8.ValidString(dk) {
			return "", false
		}
		dv, errV := url.QueryUnescape(v)
		if errV != nil || !utf8.ValidString(dv) {
			return "/" + escapePointer(dk), false
		}
	}
	return "", true
}

// invalidJSONString returns the JSON pointer (from the body) of the first
// string, or object key, that is not valid UTF-8, or "" when it is not
// found (the body is not JSON, or the bytes sit outside strings).
func invalidJSONString(body []byte) string {
	at, _ := findInvalid(jx.DecodeBytes(body), "")
	return at
}

// findInvalid walks one value of d at pointer; found reports that at
// names an invalid string.
func findInvalid(d *jx.Decoder, pointer string) (at string, found bool) {
	switch d.Next() {
	case jx.String:
		s, err := d.StrBytes()
		if err != nil || !utf8.Valid(s) {
			return pointer, true
		}
	case jx.Object:
		err := d.ObjBytes(func(d *jx.Decoder, key []byte) error {
			if !utf8.Valid(key) {
				at, found = pointer, true
				return errStop
			}
			if at, found = findInvalid(d, pointer+"/"+escapePointer(string(key))); found {
				return errStop
			}
			return nil
		})
		if err != nil && !found {
			return "", false
		}
	case jx.Array:
		i := 0
		err := d.Arr(func(d *jx.Decoder) error {
			if at, found = findInvalid(d, pointer+"/"+strconv.Itoa(i)); found {
				return errStop
			}
			i++
			return nil
		})
		if err != nil && !found {
			return "", false
		}
	default:
		_ = d.Skip()
	}
	return at, found
}

type stopWalk struct{}

func (stopWalk) Error() string { return "stop" }

var errStop error = stopWalk{}

// escapePointer escapes a JSON pointer token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func refuseUTF8(w http.ResponseWriter, r *http.Request, pointer string) {
	p := problem.New(r.Context(), http.StatusBadRequest, "invalid_encoding", "the request holds text that is not valid UTF-8")
	p.Response.Errors = []oas.FieldError{{Pointer: pointer, Message: "must be valid UTF-8"}}
	problem.Write(w, p)
}

// errReader hands on the error that ended reading a body.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
