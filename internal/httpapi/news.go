package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
	"github.com/marketpulse/api/internal/store"
)

// news holds the cache namespaces of articles and news pages. Articles are
// never changed through the API (an ingested duplicate leaves the stored
// one alone), so an article entry lives until its TTL; pages are tagged by
// what an ingestion can change (see newsFilter.tags).
type news struct {
	articles     *cache.Namespace[*cachedArticle]  // by article id
	pages        *cache.Namespace[*cachedNewsPage] // by canonical filters, limit and cursor
	cacheControl []string
}

func newNews(d Deps) *news {
	return &news{
		articles:     cache.NewNamespace[*cachedArticle](d.Cache, string(oas.CacheNamespaceNews), d.NewsTTL, cache.WithNotFound(apperr.ErrNotFound)),
		pages:        cache.NewNamespace[*cachedNewsPage](d.Cache, string(oas.CacheNamespaceNewsPage), d.NewsTTL),
		cacheControl: cacheControl(d.NewsTTL),
	}
}

// cachedArticle is an article as the cache holds it, with its symbols and
// its encoded representation made on first use.
type cachedArticle struct {
	Article *oas.NewsArticle `json:"article"`
	rep     representation.Memo
}

// cachedNewsPage is one page of listNews as the cache holds it.
type cachedNewsPage struct {
	Page *oas.NewsPage `json:"page"`
	rep  representation.Memo
}

// Tags of news pages. A page filtered by symbols depends on the articles
// about them only; an unfiltered page (whatever its other filters) on every
// article. An ingestion drops newsAllTag and the tags of the symbols of the
// articles it created, and nothing else.
const newsAllTag = "news:all"

func newsSymbolTag(symbol string) string { return "news:" + symbol }

// GetArticle implements getArticle.
func (h *Handler) GetArticle(ctx context.Context, params oas.GetArticleParams, w http.ResponseWriter) error {
	a, err := h.article(ctx, int64(params.ArticleId))
	if err != nil {
		return err
	}
	return writeRepresentation(w, a.rep.Get(a.Article), params.IfNoneMatch, h.news.cacheControl)
}

// article reads one article with its symbols through the cache.
func (h *Handler) article(ctx context.Context, id int64) (*cachedArticle, error) {
	key := strconv.FormatInt(id, 10)
	a, _, err := h.news.articles.Get(ctx, key, func(ctx context.Context) (*cachedArticle, error) {
		row, err := h.DB.Read.GetArticle(ctx, id)
		if err != nil {
			return nil, store.Translate(err, "article "+key)
		}
		items, err := h.withSymbols(ctx, []oas.NewsArticle{toNewsArticle(row)})
		if err != nil {
			return nil, err
		}
		return &cachedArticle{Article: &items[0]}, nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// newsNamespaceAdmin is namespaceAdmin for the news and news-page
// namespaces. Articles can be loaded by id; page keys are internal.
func (h *Handler) newsNamespaceAdmin(ns oas.CacheNamespace) namespaceAdmin {
	if ns == oas.CacheNamespaceNewsPage {
		return namespaceAdmin{h.news.pages.Invalidate, h.news.pages.InvalidateAll, nil}
	}
	return namespaceAdmin{h.news.articles.Invalidate, h.news.articles.InvalidateAll, func(ctx context.Context, key string) error {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id < 1 || strconv.FormatInt(id, 10) != key {
			return apperr.New(apperr.Invalid, "invalid_key", "%q is not an article id", key)
		}
		_, err = h.article(ctx, id)
		return err
	}}
}
