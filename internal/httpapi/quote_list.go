package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/representation"
)

// ListQuotes implements listQuotes: one lookup per symbol through the quote
// namespace, so each quote carries the tier that answered it. The body is
// assembled from the memoised representations of the quotes; its ETag is
// the hash of the whole body. Warm reads run no SQL and encode only the
// lists of unknown and unquoted symbols.
func (h *Handler) ListQuotes(ctx context.Context, params oas.ListQuotesParams, w http.ResponseWriter) error {
	var (
		unknown, unquoted []oas.Symbol
		frags             [][]byte
		buf               [50][]byte // the spec's maximum: the fragments stay on the stack
	)
	frags = buf[:0]
	now := time.Now()
	for _, sym := range params.Symbols {
		q, tier, err := h.quote(ctx, string(sym))
		switch {
		case errors.Is(err, h.market.unknownAsset):
			unknown = append(unknown, sym)
		case err != nil:
			return err
		case q.Quote == nil:
			unquoted = append(unquoted, sym)
		default:
			frags = append(frags, q.rep(tier, h.market.stale(q.Quote, now)).Body)
		}
	}

	e := jx.GetEncoder()
	defer jx.PutEncoder(e)
	e.ObjStart()
	e.FieldStart("quotes")
	e.ArrStart()
	for _, f := range frags {
		e.Raw(f)
	}
	e.ArrEnd()
	encodeSymbols(e, "unknown", unknown)
	encodeSymbols(e, "unquoted", unquoted)
	e.ObjEnd()
	// The representation lives only for this call: the encoder goes back to
	// the pool when the body is written.
	return writeRepresentation(w, representation.New(e.Bytes()), params.IfNoneMatch, h.market.quoteCC)
}

// encodeSymbols writes the field name with an array of symbols.
func encodeSymbols(e *jx.Encoder, name string, symbols []oas.Symbol) {
	e.FieldStart(name)
	e.ArrStart()
	for _, s := range symbols {
		s.Encode(e)
	}
	e.ArrEnd()
}
