package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// cacheControl is the Cache-Control header value of a public response that
// may be reused for ttl (whole seconds, at least 1), as a header value slice
// shared by every response of the namespace.
func cacheControl(ttl time.Duration) []string {
	return []string{"public, max-age=" + strconv.Itoa(max(1, int(ttl/time.Second)))}
}

var jsonContentType = []string{"application/json; charset=utf-8"}

// The Cache-Status values (RFC 9211) of the cache "marketpulse", as shared
// header value slices: a response found in a tier, one read from the
// database and cached, and a list read partly from the cache.
var (
	cacheStatusL1      = []string{"marketpulse; hit; detail=l1"}
	cacheStatusL2      = []string{"marketpulse; hit; detail=l2"}
	cacheStatusOrigin  = []string{"marketpulse; fwd=uri-miss; stored"}
	cacheStatusPartial = []string{"marketpulse; fwd=partial; stored"}
)

// cacheStatus is the Cache-Status value of a response that tier answered.
func cacheStatus(tier cache.Tier) []string {
	switch tier {
	case cache.TierL1:
		return cacheStatusL1
	case cache.TierL2:
		return cacheStatusL2
	default:
		return cacheStatusOrigin
	}
}

// writeRepresentation answers 304 with no body when ifNoneMatch holds the
// representation's tag, else 200 with the body. Both carry ETag,
// Cache-Control and Cache-Status (RFC 9110 §15.4.5: a 304 sends the headers
// a 200 would). The header value slices are shared between responses;
// net/http only reads them, and Header.Set or Add would replace or copy
// them, never write into them.
func writeRepresentation(w http.ResponseWriter, rep *representation.Rep, inm oas.OptString, cc, status []string) error {
	h := w.Header()
	h["Etag"] = rep.ETagValue
	h["Cache-Control"] = cc
	h["Cache-Status"] = status
	if field, ok := inm.Get(); ok && ifNoneMatch(field, rep.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = rep.LengthValue
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rep.Body) // the client went away: nothing to tell it
	return nil
}
