package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/news"
)

// GetArticle implements getArticle.
func (h *Handler) GetArticle(ctx context.Context, params oas.GetArticleParams, w http.ResponseWriter) error {
	a, tier, err := h.News.Article(ctx, int64(params.ArticleId))
	if err != nil {
		return err
	}
	return writeRepresentation(w, articleRep(a), params.IfNoneMatch, h.newsCacheControl, cacheStatus(tier))
}

// ListNews implements listNews: newest first in keyset pages, or, with q, a
// full-text search.
func (h *Handler) ListNews(ctx context.Context, params oas.ListNewsParams, w http.ResponseWriter) error {
	f := news.Filter{
		Symbols: make([]string, len(params.Symbol)),
		Source:  string(params.Source.Or("")),
		Since:   params.Since.Or(time.Time{}),
		Until:   params.Until.Or(time.Time{}),
		Limit:   int(params.Limit.Or(defaultPageSize)),
		Cursor:  params.Cursor.Or(""),
	}
	for i, s := range params.Symbol {
		f.Symbols[i] = string(s)
	}
	var (
		page *news.Page
		tier cache.Tier
		err  error
	)
	if q, ok := params.Q.Get(); ok {
		page, tier, err = h.News.Search(ctx, q, f)
	} else {
		page, tier, err = h.News.List(ctx, f)
	}
	if err != nil {
		return apperr.Within(err, "query")
	}
	return writeRepresentation(w, pageRep(page), params.IfNoneMatch, h.newsCacheControl, cacheStatus(tier))
}

// IngestNews implements ingestNews (admin).
func (h *Handler) IngestNews(ctx context.Context, req *oas.NewsBatch) (*oas.NewsIngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	res, err := h.News.Ingest(ctx, toArticleInputs(req.Articles))
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return toNewsIngestResult(res), nil
}
