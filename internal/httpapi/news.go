package httpapi

import (
	"context"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
)

// news holds the cache namespaces of articles and news pages.
type news struct{}

func newNews(d Deps) *news { return &news{} }

// ListNews implements listNews.
func (h *Handler) ListNews(ctx context.Context, params oas.ListNewsParams, w http.ResponseWriter) error {
	return errNotYet
}

// GetArticle implements getArticle.
func (h *Handler) GetArticle(ctx context.Context, params oas.GetArticleParams, w http.ResponseWriter) error {
	return errNotYet
}

// IngestNews implements ingestNews (admin).
func (h *Handler) IngestNews(ctx context.Context, req *oas.NewsBatch) (*oas.NewsIngestResult, error) {
	return nil, errNotYet
}

// newsNamespaceAdmin is namespaceAdmin for the news and news-page namespaces.
func (h *Handler) newsNamespaceAdmin(ns oas.CacheNamespace) namespaceAdmin {
	noop := func(context.Context, ...string) {}
	return namespaceAdmin{noop, func(context.Context) {}, nil}
}
