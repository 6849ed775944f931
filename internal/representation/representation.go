// Package representation holds encoded response bodies beside the values
// they encode. A Rep is the JSON bytes of a value with their strong ETag; a
// Memo is the slot in a cached domain value where the HTTP layer keeps the
// Rep it made on first use, so a warm read encodes and hashes nothing. The
// package knows bytes, never wire or domain types.
package representation

import (
	"strconv"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/go-faster/jx"
)

// Rep is an encoded JSON body with its strong ETag, the xxhash of the
// bytes: the same bytes always get the same tag, on every instance, and any
// change of the bytes changes it.
type Rep struct {
	Body []byte
	ETag string
	// The header values, made once: a warm response allocates nothing for
	// them. They are shared between responses and never modified.
	ETagValue, LengthValue []string
}

// Encoder is what ogen generates for every schema type.
type Encoder interface {
	Encode(e *jx.Encoder)
}

// Encode encodes v.
func Encode(v Encoder) *Rep {
	var e jx.Encoder
	v.Encode(&e)
	return New(e.Bytes())
}

// New tags body, which it keeps (the caller must not change it).
func New(body []byte) *Rep {
	b := make([]byte, 0, 18)
	b = append(b, '"')
	b = strconv.AppendUint(b, xxhash.Sum64(body), 36)
	b = append(b, '"')
	etag := string(b)
	return &Rep{
		Body: body, ETag: etag,
		ETagValue: []string{etag}, LengthValue: []string{strconv.Itoa(len(body))},
	}
}

// Memo holds the representation of a cached value, made by the first
// request that needs it. It lives beside the value in L1, so it is dropped
// with it; it is not part of the value's L2 form.
type Memo struct {
	p atomic.Pointer[Rep]
}

// Load returns the memoised representation, or nil before the first Store.
func (m *Memo) Load() *Rep { return m.p.Load() }

// Store keeps r and returns it. Two concurrent first uses store twice the
// same bytes.
func (m *Memo) Store(r *Rep) *Rep {
	m.p.Store(r)
	return r
}

// Get returns the memoised representation, encoding v on first use.
func (m *Memo) Get(v Encoder) *Rep {
	if r := m.p.Load(); r != nil {
		return r
	}
	return m.Store(Encode(v))
}
