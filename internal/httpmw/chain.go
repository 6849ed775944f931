// Package httpmw holds the net/http middleware that wraps the ogen server:
// everything that must see a request before (or whether or not) ogen decodes it.
package httpmw

import "net/http"

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies mws so that the first one is the outermost.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
