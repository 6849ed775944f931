package httpapi

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
)

// A representation is an encoded JSON response body with its strong ETag,
// the xxhash of the bytes: the same bytes always get the same tag, on every
// instance, and any change of the bytes changes it. The market data GETs are
// raw-response operations (x-ogen-raw-response): they write a representation
// themselves, so a warm read encodes and hashes nothing.
type representation struct {
	body []byte
	etag string
	// The header values, made once: a warm response allocates nothing for them.
	etagValue, lengthValue []string
}

// encoder is what ogen generates for every schema type.
type encoder interface {
	Encode(e *jx.Encoder)
}

// represent encodes v.
func represent(v encoder) *representation {
	var e jx.Encoder
	v.Encode(&e)
	return newRepresentation(e.Bytes())
}

// newRepresentation tags body, which it keeps (the caller must not change it).
func newRepresentation(body []byte) *representation {
	b := make([]byte, 0, 18)
	b = append(b, '"')
	b = strconv.AppendUint(b, xxhash.Sum64(body), 36)
	b = append(b, '"')
	etag := string(b)
	return &representation{
		body: body, etag: etag,
		etagValue: []string{etag}, lengthValue: []string{strconv.Itoa(len(body))},
	}
}

// memo holds the representation of a cached value, made by the first request
// that needs it. It lives beside the value in L1, so it is dropped with it.
type memo struct {
	p atomic.Pointer[representation]
}

// get returns the memoised representation, encoding v on first use. Two
// concurrent first uses encode twice and produce the same bytes.
func (m *memo) get(v encoder) *representation {
	if r := m.p.Load(); r != nil {
		return r
	}
	r := represent(v)
	m.p.Store(r)
	return r
}

// cacheControl is the Cache-Control header value of a public response that
// may be reused for ttl (whole seconds, at least 1), as a header value slice
// shared by every response of the namespace.
func cacheControl(ttl time.Duration) []string {
	return []string{"public, max-age=" + strconv.Itoa(max(1, int(ttl/time.Second)))}
}

var jsonContentType = []string{"application/json; charset=utf-8"}

// writeRepresentation answers 304 with no body when ifNoneMatch holds the
// representation's tag, else 200 with the body. Both carry ETag and
// Cache-Control (RFC 9110 §15.4.5: a 304 sends the headers a 200 would).
// The header value slices are shared between responses; net/http only reads
// them, and Header.Set or Add would replace or copy them, never write into
// them.
func writeRepresentation(w http.ResponseWriter, rep *representation, inm oas.OptString, cc []string) error {
	h := w.Header()
	h["Etag"] = rep.etagValue
	h["Cache-Control"] = cc
	if field, ok := inm.Get(); ok && ifNoneMatch(field, rep.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = rep.lengthValue
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rep.body) // the client went away: nothing to tell it
	return nil
}
