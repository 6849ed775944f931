package httpapi

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/maypok86/otter/v2"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/representation"
)

// The warm path. ogen decodes and validates the parameters of every request
// anew: for GET /api/quotes?symbols=… (twenty symbols matched against the
// Symbol pattern) that was 40% of a warm read, and each absent optional
// parameter costs an error value (ogen's decoders report absence as an
// error), six of them on a plain GET /api/assets. Decoding is a pure
// function of the request target, so its result can be kept: once ogen has
// decoded a target of one of the operations below and the handler answered
// it, the target's parameters are remembered, and the next GET of the same
// target is handed to the same handler method with those parameters,
// skipping ogen's router and decoders. Everything else is unchanged: the
// middleware, the domain read (cache tiers, hot keys, staleness), the
// representation written, the access log and metrics.
//
// Only requests without If-None-Match take the warm path (the header is a
// parameter that would need decoding too; a revalidation goes through ogen).
// A handler error on the warm path writes nothing and hands the request to
// ogen, which answers it the usual way (the domain read runs twice for that
// one error).

// warmMaxBytes bounds the memory of the remembered targets: about 10,000
// targets of a typical size. A client sending endless distinct targets only
// evicts others' entries (they are learnt again on their next request).
const warmMaxBytes = 2 << 20

// warmOp is an operation the warm path serves.
type warmOp uint8

const (
	warmGetAsset warmOp = iota + 1
	warmListAssets
	warmGetQuote
	warmListQuotes
)

// warmKey is a request target as net/http parsed it. Path and RawPath are
// both part of it because ogen routes on the escaped form when there is one.
type warmKey struct {
	path, rawPath, rawQuery string
}

func (k warmKey) weight() uint32 {
	return uint32(len(k.path) + len(k.rawPath) + len(k.rawQuery))
}

// warmTarget is what ogen decoded for a target.
type warmTarget struct {
	op      warmOp
	symbol  oas.Symbol             // warmGetAsset, warmGetQuote
	assets  *market.AssetPageQuery // warmListAssets
	symbols []oas.Symbol           // warmListQuotes
	// quotes is the last body of a warmListQuotes target, reused while
	// every symbol reads the same representation (nil before the first).
	quotes atomic.Pointer[quoteSet]
}

// weight is the target's memory, roughly, for the bound.
func (t *warmTarget) weight() uint32 {
	n := 96 + len(t.symbol)
	for _, s := range t.symbols {
		n += 16 + len(s)
	}
	if t.assets != nil {
		n += 128 + t.assets.KeyLen()
	}
	return uint32(n)
}

// warmTargets remembers decoded targets.
type warmTargets struct {
	c      *otter.Cache[warmKey, *warmTarget]
	served *atomic.Uint64 // requests the warm path answered
}

func newWarmTargets() warmTargets {
	return warmTargets{
		c: otter.Must(&otter.Options[warmKey, *warmTarget]{
			MaximumWeight: warmMaxBytes,
			Weigher:       func(k warmKey, t *warmTarget) uint32 { return k.weight() + t.weight() },
		}),
		served: new(atomic.Uint64),
	}
}

// learn remembers t for the target of the request ctx belongs to; outside
// the router (no target known) it does nothing.
func (w warmTargets) learn(ctx context.Context, t *warmTarget) {
	if k, ok := warmKeyOf(ctx); ok {
		w.c.Set(k, t)
	}
}

// warmKeyOf is the target of ctx's request, when the warm path may serve
// or remember it (a GET without If-None-Match, through the router).
func warmKeyOf(ctx context.Context) (warmKey, bool) {
	c, ok := ctx.Value(clientInfoKey{}).(*clientCtx)
	if !ok || !c.info.warm {
		return warmKey{}, false
	}
	return c.info.target, true
}

// warmable reports whether r may take the warm path, and its key.
func warmable(r *http.Request) (warmKey, bool) {
	if r.Method != http.MethodGet || len(r.Header[ifNoneMatchKey]) != 0 {
		return warmKey{}, false
	}
	return warmKey{r.URL.Path, r.URL.RawPath, r.URL.RawQuery}, true
}

// ifNoneMatchKey is the canonical If-None-Match key, to index the header
// map without canonicalising.
const ifNoneMatchKey = "If-None-Match"

// withWarm serves remembered targets without ogen, and lets the others
// through to next (ogen).
func (h *Handler) withWarm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if k, ok := warmKeyOf(r.Context()); ok {
			if t, ok := h.warm.c.GetIfPresent(k); ok && h.serveWarm(r.Context(), w, t) {
				h.warm.served.Add(1)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// serveWarm answers with t's handler; false when the handler failed (having
// written nothing), so ogen answers instead.
func (h *Handler) serveWarm(ctx context.Context, w http.ResponseWriter, t *warmTarget) bool {
	var err error
	switch t.op {
	case warmGetAsset:
		err = h.getAsset(ctx, oas.GetAssetParams{Symbol: t.symbol}, w)
	case warmListAssets:
		err = h.listAssets(ctx, t.assets, oas.OptString{}, w)
	case warmGetQuote:
		err = h.getQuote(ctx, oas.GetQuoteParams{Symbol: t.symbol}, w)
	case warmListQuotes:
		err = h.listQuotes(ctx, t.symbols, oas.OptString{}, w, &t.quotes)
	default:
		return false
	}
	return err == nil
}

// quoteSet is the body of a quote list with what it was made of: for each
// requested symbol, the representation of its quote (nil when it has none)
// and whether it is unknown.
type quoteSet struct {
	rep   *representation.Rep
	parts []quotePart
}

type quotePart struct {
	rep     *representation.Rep
	unknown bool
}

// matches reports whether reads make the same body as s.
func (s *quoteSet) matches(reads []market.QuoteRead) bool {
	if len(s.parts) != len(reads) {
		return false
	}
	for i := range reads {
		if s.parts[i] != partOf(&reads[i]) {
			return false
		}
	}
	return true
}

// partOf is what r puts in a list's body.
func partOf(r *market.QuoteRead) quotePart {
	p := quotePart{unknown: r.Unknown()}
	if r.Quote() != nil {
		p.rep = quoteRep(r)
	}
	return p
}

// newQuoteSet keeps body (copied) as the list of reads.
func newQuoteSet(body []byte, reads []market.QuoteRead) *quoteSet {
	s := &quoteSet{rep: representation.New(append([]byte(nil), body...)), parts: make([]quotePart, len(reads))}
	for i := range reads {
		s.parts[i] = partOf(&reads[i])
	}
	return s
}

// learning reports whether ctx is of a request the warm path may remember.
func learning(ctx context.Context) bool {
	_, ok := warmKeyOf(ctx)
	return ok
}
