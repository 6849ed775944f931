package httpapi

import (
	"context"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
)

// market holds the cache namespaces of quotes and price history.
type market struct{}

func newMarket(d Deps) *market { return &market{} }

var errNotYet = apperr.New(apperr.Unavailable, "not_implemented", "not implemented yet")

// GetQuote implements getQuote.
func (h *Handler) GetQuote(ctx context.Context, params oas.GetQuoteParams, w http.ResponseWriter) error {
	return errNotYet
}

// ListQuotes implements listQuotes.
func (h *Handler) ListQuotes(ctx context.Context, params oas.ListQuotesParams, w http.ResponseWriter) error {
	return errNotYet
}

// IngestQuotes implements ingestQuotes (admin).
func (h *Handler) IngestQuotes(ctx context.Context, req *oas.QuoteBatch) (*oas.IngestResult, error) {
	return nil, errNotYet
}

// marketNamespaceAdmin is namespaceAdmin for the quote, history and news
// namespaces.
func (h *Handler) marketNamespaceAdmin(ns oas.CacheNamespace) namespaceAdmin {
	switch ns {
	case oas.CacheNamespaceNews, oas.CacheNamespaceNewsPage:
		return h.newsNamespaceAdmin(ns)
	}
	noop := func(context.Context, ...string) {}
	return namespaceAdmin{noop, func(context.Context) {}, nil}
}
